// The one definition of the events table's columns (store/eventColumns.ts) is the table the
// migrations make: read back with PRAGMA table_info from a real store file. What is derived from
// it (the INSERT, the SELECT lists, the prepared tuple) puts each value in its column.
import { describe, expect, it } from 'vitest';
import { prepareEvent } from '../../electron/store/prepare';
import {
  CSV_SOURCE_COLUMNS,
  DERIVED_EVENT_COLUMNS,
  derivedColumnList,
  storedColumnList,
  TIME_COLUMN,
  EVENT_TABLE_COLUMNS,
  INSERT_EVENT_SQL,
  PREPARED_DERIVED_FIRST,
  ROW_COLUMNS,
} from '../../electron/store/eventColumns';
import { DERIVED_COLUMNS } from '../../electron/integrity/checkRecord';
import { record } from '../helpers/records';
import { storeWith } from '../helpers/store';

describe('the event columns', () => {
  const rec = record();
  const db = storeWith([rec]);
  const table = db.prepare('SELECT name, "notnull" FROM pragma_table_info(\'events\') ORDER BY cid').all() as {
    name: string;
    notnull: number;
  }[];

  it('are the migrated table columns, in table order, with the NULLs the table allows', () => {
    expect([...EVENT_TABLE_COLUMNS]).toEqual(table.map((c) => c.name));
    for (const c of DERIVED_EVENT_COLUMNS) {
      expect(table.find((t) => t.name === c.name)?.notnull, c.name).toBe(c.nullable ? 0 : 1);
    }
  });

  it('give the INSERT every table column, and the SELECT lists the derived ones in table order', () => {
    const inserted = /INSERT INTO events \(([^)]*)\)/
      .exec(INSERT_EVENT_SQL)![1]
      .split(',')
      .map((s) => s.trim());
    expect(inserted).toEqual(table.map((c) => c.name));
    expect(INSERT_EVENT_SQL.match(/\?/g)).toHaveLength(table.length);
    const derived = table.map((c) => c.name).filter((n) => DERIVED_EVENT_COLUMNS.some((d) => d.name === n));
    const named = (list: string) =>
      db
        .prepare(`SELECT ${list} FROM events e`)
        .columns()
        .map((c) => c.name);
    expect(named(derivedColumnList())).toEqual(derived);
    expect(named(storedColumnList()).length).toBe(derived.length);
    expect(CSV_SOURCE_COLUMNS).toContain(derivedColumnList('e.'));
    expect(ROW_COLUMNS).toContain(`e.seq, ${derivedColumnList('e.')},`);
    expect(DERIVED_COLUMNS.map(([name]) => name)).toEqual(derived);
  });

  it('put the prepared tuple values in their columns: what is stored is what was prepared', () => {
    const prepared = prepareEvent({ record: rec, line: 1 });
    const names = DERIVED_EVENT_COLUMNS.map((c) => c.name).join(', ');
    const stored = db.prepare(`SELECT ${names} FROM events WHERE seq = 1`).raw(true).get() as unknown[];
    expect(prepared.slice(PREPARED_DERIVED_FIRST, PREPARED_DERIVED_FIRST + DERIVED_EVENT_COLUMNS.length)).toEqual(
      stored,
    );
    // Stored: the time as its integer; read (derivedColumnList): the record's text again.
    const timeAt = DERIVED_EVENT_COLUMNS.findIndex((c) => c.name === TIME_COLUMN);
    expect(stored[timeAt]).toBe(Date.parse(rec.timestamp) * 1000);
    const read = db.prepare(`SELECT ${derivedColumnList()} FROM events WHERE seq = 1`).raw(true).get() as unknown[];
    expect(read).toEqual(stored.map((v, i) => (i === timeAt ? rec.timestamp : v)));
    const row = db.prepare(`SELECT ${CSV_SOURCE_COLUMNS} FROM events e WHERE e.seq = 1`).raw(true).get() as unknown[];
    expect(row.slice(3)).toEqual(read);
    expect(row[1]).toBe(Buffer.from(prepared[0]).toString('utf8'));
  });
});
