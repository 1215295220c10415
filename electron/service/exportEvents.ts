// Export of what a filter (or a selection of rows) selects, read from one snapshot of the store
// on a connection of its own, so the file matches one moment and the reader stays free.
import type { EventFilter } from '../../shared/filter';
import { isEmptyFilter } from '../../shared/filter';
import type { ExportManifest } from '../../shared/results';
import { exportCsv } from '../export/csv';
import { exportNdjson } from '../export/ndjson';
import type { ExportRow } from '../export/rows';
import { exportSealed } from '../export/sealed';
import { latestCheckpoint } from '../store/checkpoints';
import { openStore } from '../store/db';
import { buildWhere } from '../store/query';
import { SIGNTRAIL_VERSION } from '../version';

export interface ExportRequest {
  storePath: string;
  filter: EventFilter;
  seqs?: number[];
  format: 'csv' | 'ndjson' | 'sealed';
  path: string;
  verifierKey: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number | null) => void;
}

export class ExportRefusedError extends Error {
  override name = 'ExportRefusedError';
}

const EXPORT_COLUMNS = `e.seq, e.canon, e.leaf, e.event_id, e.ts, e.actor_id, e.actor_type, e.action, e.category,
  e.entity_type, e.entity_id, e.entity_name, e.status, e.request_id, e.key_id`;

export async function exportEvents(req: ExportRequest): Promise<ExportManifest> {
  const db = openStore(req.storePath, { create: false });
  try {
    db.exec('BEGIN'); // one read snapshot for rows, count and checkpoint
    const checkpoint = latestCheckpoint(db);
    if (req.format === 'sealed') {
      if (!isEmptyFilter(req.filter) || req.seqs) {
        throw new ExportRefusedError(
          'A sealed export holds the whole store, from seq 1 to its newest checkpoint, so that its root can be verified. Clear the filter and the selection, then export again.',
        );
      }
      if (!checkpoint)
        throw new ExportRefusedError('This store has no checkpoint yet: import events before a sealed export.');
      const rows = db.prepare('SELECT seq, canon FROM events WHERE seq <= ? ORDER BY seq').iterate(checkpoint.size);
      return await exportSealed(rows as Iterable<{ seq: number; canon: Buffer }>, req.path, {
        checkpoint,
        verifierKey: req.verifierKey,
        signtrailVersion: SIGNTRAIL_VERSION,
        signal: req.signal,
        onProgress: (done) => req.onProgress?.(done, checkpoint.size),
      });
    }
    let where = buildWhere(db, req.filter);
    if (req.seqs) {
      const placeholders = req.seqs.map(() => '?').join(', ');
      where = {
        ...where,
        sql: `${where.sql ? where.sql + ' AND' : 'WHERE'} e.seq IN (${placeholders})`,
        params: [...where.params, ...req.seqs],
      };
    }
    const total = db
      .prepare(`SELECT count(*) FROM events e ${where.sql}`)
      .pluck()
      .get(...where.params) as number;
    const rows = db
      .prepare(`SELECT ${EXPORT_COLUMNS} FROM events e ${where.sql} ORDER BY e.seq`)
      .iterate(...where.params);
    const options = {
      filter: req.seqs ? { ...req.filter, seqs: req.seqs } : req.filter,
      checkpoint,
      signtrailVersion: SIGNTRAIL_VERSION,
      signal: req.signal,
      onProgress: (done: number) => req.onProgress?.(done, total),
    };
    return req.format === 'csv'
      ? await exportCsv(rows as Iterable<ExportRow>, req.path, options)
      : await exportNdjson(rows as Iterable<ExportRow>, req.path, options);
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
    db.close();
  }
}
