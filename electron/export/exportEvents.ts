// Export of what a filter (or a selection of rows) selects, read from one snapshot of the store
// on a connection of its own, so the file matches one moment and the reader stays free.
import os from 'node:os';
import path from 'node:path';
import type { EventFilter } from '../../shared/filter';
import { isEmptyFilter } from '../../shared/filter';
import type { ExportFormat, ExportManifest } from '../../shared/results';
import { exportCsvPieces } from './csv';
import { CsvPieces, type CsvPiece } from './csv-pieces';
import { csvPiecesInWorkers, csvWorkerEntry } from './csv-workers';
import { exportNdjson } from './ndjson';
import type { CanonRow } from './rows';
import { exportSealed } from './sealed';
import type { SiemRow } from './siem/common';
import { exportSiem, isSiemFormat } from './siem/writeSiem';
import { latestCheckpoint } from '../store/checkpoints';
import { openStore, type Db } from '../store/db';
import {
  countExportRows,
  csvBlockSelect,
  eventSeqRange,
  iterateCanonRows,
  iterateCsvRows,
  iterateLeafRows,
  iterateSealedRows,
  whereSeqsIn,
} from '../store/exportRows';
import { buildWhere, type WhereClause } from '../store/query';
import { inReadSnapshotAsync } from '../store/transaction';
import { SIGNTRAIL_VERSION } from '../version';

export interface ExportRequest {
  storePath: string;
  filter: EventFilter;
  seqs?: number[];
  format: ExportFormat;
  path: string;
  verifierKey: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number | null) => void;
}

export class ExportRefusedError extends Error {
  override name = 'ExportRefusedError';
}

/** Below this many rows, starting worker threads costs more than it saves. */
const PARALLEL_CSV_ROWS = 50_000;
const MAX_CSV_WORKERS = 4;

/**
 * The CSV records, formatted in worker threads when the export is large. Each worker reads in
 * a transaction on its own connection, bounded by this snapshot's newest seq: events are
 * append-only (triggers refuse UPDATE and DELETE), so every later snapshot holds the same rows
 * up to that seq. A keyword or a selection would rerun its lookup in each block: one thread.
 */
function csvPieces(
  db: Db,
  req: ExportRequest,
  where: WhereClause,
  total: number,
  track: Track,
): Iterable<CsvPiece> | AsyncIterable<CsvPiece> {
  const workers = Math.min(os.availableParallelism(), MAX_CSV_WORKERS);
  const parallel = total >= PARALLEL_CSV_ROWS && workers > 1 && !req.seqs && !where.hasKeyword;
  const entry = parallel ? csvWorkerEntry() : null;
  if (entry) {
    const [firstSeq, lastSeq] = eventSeqRange(db);
    const sql = csvBlockSelect(where);
    const dbPath = path.resolve(req.storePath);
    return csvPiecesInWorkers({ dbPath, sql, params: where.params, firstSeq, lastSeq, workers }, entry);
  }
  const { rows, bySeq } = iterateCsvRows(db, where);
  return new CsvPieces(track(rows), 1 << 20, bySeq);
}

/** Registers a statement's open iterator so it is closed before the read transaction ends. */
type Track = <T>(iterator: IterableIterator<T>) => IterableIterator<T>;

export async function exportEvents(req: ExportRequest): Promise<ExportManifest> {
  const db = openStore(req.storePath, { create: false, allowSchemaDifferences: true });
  // An iterator left open (a writer failed before reading it all) would make COMMIT fail and
  // hide the writer's own error; each is closed first.
  const open: IterableIterator<unknown>[] = [];
  const track: Track = (iterator) => (open.push(iterator), iterator);
  const closeIterators = () => {
    for (const iterator of open) iterator.return?.();
  };
  try {
    // One read snapshot for rows, count and checkpoint.
    return await inReadSnapshotAsync(db, () => exportSnapshot(db, req, track).finally(closeIterators));
  } finally {
    db.close();
  }
}

async function exportSnapshot(db: Db, req: ExportRequest, track: Track): Promise<ExportManifest> {
  const checkpoint = latestCheckpoint(db);
  if (req.format === 'sealed') {
    if (!isEmptyFilter(req.filter) || req.seqs) {
      throw new ExportRefusedError(
        'A sealed export holds the whole store, from seq 1 to its newest checkpoint, so that its root can be verified. Clear the filter and the selection, then export again.',
      );
    }
    if (!checkpoint)
      throw new ExportRefusedError('This store has no checkpoint yet: import events before a sealed export.');
    const rows = track(iterateSealedRows(db, checkpoint.size));
    return await exportSealed(rows as Iterable<CanonRow>, req.path, {
      checkpoint,
      verifierKey: req.verifierKey,
      signtrailVersion: SIGNTRAIL_VERSION,
      signal: req.signal,
      onProgress: (done) => req.onProgress?.(done, checkpoint.size),
    });
  }
  let where = buildWhere(db, req.filter);
  if (req.seqs) where = whereSeqsIn(where, req.seqs);
  const total = countExportRows(db, where);
  const options = {
    filter: req.seqs ? { ...req.filter, seqs: req.seqs } : req.filter,
    checkpoint,
    signtrailVersion: SIGNTRAIL_VERSION,
    signal: req.signal,
    onProgress: (done: number) => req.onProgress?.(done, total),
  };
  if (req.format === 'csv') return await exportCsvPieces(csvPieces(db, req, where, total, track), req.path, options);
  if (isSiemFormat(req.format)) {
    const siemRows = track(iterateLeafRows(db, where));
    return await exportSiem(siemRows as Iterable<SiemRow>, req.path, req.format, options);
  }
  const rows = track(iterateCanonRows(db, where));
  return await exportNdjson(rows as Iterable<CanonRow>, req.path, options);
}
