// What the export writers read: rows as `SELECT seq, canon, leaf, <derived columns> FROM events`
// returns them (better-sqlite3 gives BLOBs as Buffers), and what every writer is told.
import type { ExportManifest } from '../../shared/results';
import type { EventColumns } from '../store/query';

/** One stored event, columns named as in the events table. */
export interface ExportRow extends EventColumns {
  /** canon(e): the stored UTF-8 bytes. */
  canon: Uint8Array;
  /** leaf(e), 32 bytes. */
  leaf: Uint8Array;
}

/** NDJSON and sealed exports need only the stored bytes. */
export type CanonRow = Pick<ExportRow, 'seq' | 'canon'>;

/** A statement's `.iterate()` works as it is; an async source may come from a worker. */
export type RowSource<R> = Iterable<R> | AsyncIterable<R>;

export interface CheckpointRef {
  size: number;
  rootB64: string;
  note: string;
}

export interface ExportOptions {
  /** Recorded in the manifest as the selection that was exported. */
  filter: unknown;
  /** The store's newest checkpoint when the export ran. */
  checkpoint: CheckpointRef | null;
  signtrailVersion: string;
  /** Cancels the export: the partial file is deleted and the promise rejects with the abort reason. */
  signal?: AbortSignal;
  /** Rows written so far; called every chunk (about 1 MB) and at the end. */
  onProgress?: (done: number) => void;
  /** Defaults: the OS user name, the current time. */
  user?: string;
  now?: () => Date;
}

export type { ExportManifest };
