import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/canonical';
import type { AuditRecord, JsonValue } from '../../shared/event';
import { exportCsv } from '../../electron/export/csv';
import { exportNdjson } from '../../electron/export/ndjson';
import { toExportRow } from '../export/rows';
import { readAll, tempFolder } from './helpers';

const write = tempFolder();

/** Records chosen to stress the re-import rules: formula-like cells, derived Request/Key IDs, odd text. */
const records: AuditRecord[] = [
  {
    id: 'e-1',
    timestamp: '2026-01-31T09:00:00.123456Z',
    actor: { id: '=HYPERLINK("x")', type: 'user' },
    action: 'KEY_GENERATED',
    entity: { type: 'Key', id: '-k1', name: "'@name" },
    status: 'SUCCESS',
    details: { requestId: 'r-1', size: 2048, nested: { list: [1, 'two', null, true] }, text: 'a, "b"\r\nc' },
  },
  {
    id: 'sha256:0123',
    timestamp: '1999-12-31T23:59:59.000001Z',
    actor: { id: "''+1", type: 'service' },
    action: 'SIGNING_OPERATION',
    entity: { type: 'Artifact', id: 'app.exe' },
    status: 'DENIED',
    details: { key_id: 'k9', request_id: 42 },
  },
  {
    id: 'e-3',
    timestamp: '2026-01-31T09:00:00.000000Z',
    actor: { id: 'system', type: 'user' },
    action: 'AGENT_HEARTBEAT',
    entity: { type: 'Agent', id: 'agent-1', name: 'zoë' },
    status: 'FAILURE',
    details: {},
  },
];

const opts = { filter: {}, checkpoint: null, signtrailVersion: 'test', user: 'tester', now: () => new Date(0) };

describe('SignTrail exports re-import to the same events', () => {
  it('CSV export → import gives the same canonical bytes', async () => {
    const file = write('export.csv', '');
    await exportCsv(records.map(toExportRow), file, opts);
    expect(readFileSync(file, 'utf8')).toContain("'=HYPERLINK"); // the guard was applied on the way out
    const { events, format } = await readAll(file);
    expect(format).toBe('csv');
    expect(events.map((e) => canonicalize(e.record as unknown as JsonValue))).toEqual(
      records.map((r) => canonicalize(r as unknown as JsonValue)),
    );
  });

  it('NDJSON export → import gives the same canonical bytes', async () => {
    const file = write('export.ndjson', '');
    await exportNdjson(records.map(toExportRow), file, opts);
    const { events, format } = await readAll(file);
    expect(format).toBe('ndjson');
    expect(events.map((e) => e.record)).toEqual(records);
  });
});
