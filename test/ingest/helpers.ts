// Shared by the ingest tests: files in a fresh temp folder, and reading every event of a file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { ImportError } from '../../electron/ingest/errors';
import { openEventFile, type OpenOptions, type ParsedEvent, type ReaderStats } from '../../electron/ingest/reader';

export function tempFolder(): (name: string, content: string | Uint8Array) => string {
  const dir = mkdtempSync(path.join(tmpdir(), 'signtrail-ingest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name, content) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };
}

export interface ReadResult {
  format: string;
  events: ParsedEvent[];
  stats: ReaderStats;
  batchSizes: number[];
}

export async function readAll(file: string, opts: OpenOptions = {}): Promise<ReadResult> {
  const reader = await openEventFile(file, opts);
  const events: ParsedEvent[] = [];
  const batchSizes: number[] = [];
  for await (const batch of reader.batches()) {
    batchSizes.push(batch.length);
    events.push(...batch);
  }
  return { format: reader.format, events, stats: reader.stats(), batchSizes };
}

/** Reads a file expected to be refused; returns the ImportError. */
export async function refusal(file: string, opts: OpenOptions = {}): Promise<ImportError> {
  try {
    await readAll(file, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return err as ImportError;
  }
  throw new Error(`${file} was expected to be refused but was read`);
}

/** A CSV with the platform's header and the given data lines. */
export function platformCsv(...rows: string[]): string {
  return ['Timestamp,Actor,Action,Entity,Status,Details', ...rows].join('\n') + '\n';
}

export const GOOD_ROW = '2026-01-31T09:00:00Z,alice@example.com,KEY_GENERATED,Key:key-42,SUCCESS,{}';
