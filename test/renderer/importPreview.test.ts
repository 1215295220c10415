// The Import preview and the importer must agree on a header: whatever the preview calls complete,
// the importer reads; whatever it calls refused, the importer refuses, naming the same column.
import { describe, expect, it } from 'vitest';
import { previewText } from '../../renderer/src/import/preview';
import { readAll, refusal, tempFolder } from '../ingest/helpers';

const write = tempFolder();
const row = '2026-01-01T00:00:00Z,alice,KEY_GENERATED,Key:k1,SUCCESS,alice2';

const headers: [string, string | null][] = [
  ['Timestamp,Actor,Action,Entity,Status,Extra', null],
  ['Timestamp,Actor,Action,Entity,Status,actor', 'actor'],
  ['Timestamp,Actor,Action,Entity,Status,User', 'User'],
  ['Timestamp,Actor,Action,Entity,Status,EXTRA', null],
  ['Time,Actor,Action,Entity,Status,event_time', 'event_time'],
  ['Timestamp,Actor,Action,Entity,Status, Status ', 'Status'],
];

describe('Import preview of a CSV header', () => {
  for (const [header, clash] of headers) {
    it(`${JSON.stringify(header)}: ${clash === null ? 'complete, and the importer reads it' : `refused at "${clash}", as the importer does`}`, async () => {
      const text = `${header}\n${row}\n`;
      const preview = previewText('f.csv', text, true);
      if (preview.kind !== 'table') throw new Error('expected a table');
      const file = write(`h${headers.findIndex(([h]) => h === header)}.csv`, text);
      if (clash === null) {
        expect(preview.conflict).toBeNull();
        expect(preview.missing).toEqual([]);
        expect((await readAll(file)).events).toHaveLength(1);
      } else {
        expect(preview.conflict).toContain(`column "${clash}"`);
        const err = await refusal(file);
        expect(err.field).toBe(clash);
        expect(preview.conflict).toContain(err.message.slice(err.message.lastIndexOf(': ') + 2));
      }
    });
  }

  it('lists every member of a JSON record with 30,000 keys (a Set, not a quadratic list scan)', () => {
    const record: Record<string, string> = {
      timestamp: '2026-01-01T00:00:00Z',
      actor: 'a',
      action: 'X',
      entity: 'Key:k',
      status: 'SUCCESS',
    };
    for (let i = 0; i < 30_000; i++) record[`k${i}`] = 'v';
    const text = JSON.stringify([record, record]);
    const preview = previewText('f.json', text, true);
    if (preview.kind !== 'table') throw new Error('expected a table');
    expect(preview.columns).toHaveLength(30_005);
    expect(preview.missing).toEqual([]);
  });
});
