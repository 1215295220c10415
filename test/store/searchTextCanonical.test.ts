// The text the keyword index holds for an event's details (SQLite's json_extract of the canonical
// bytes, searchText.ts) is exactly the canonical JSON of the record's details. docs/performance.md
// ("Decision 3 without the sidecar") relies on it: code that already decodes an event (the verify
// scan, a sidecar's writer) can derive the indexed text without SQLite decoding the JSON again.
// Also why the index keeps FTS5's detail=full: every term search.ts makes of split words is a phrase.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/store/db';
import { toFtsQuery } from '../../electron/store/search';
import { SEARCH_TEXT_SELECT, SEARCH_TOKENIZER } from '../../electron/store/searchText';
import { canonicalize } from '../../shared/canonical';
import type { JsonValue } from '../../shared/event';
import { record } from '../helpers/records';
import { storeWith } from '../helpers/store';

const HOSTILE_DETAILS: Record<string, JsonValue>[] = [
  { nul: 'x\u0000y', controls: '\u0001\u001f\u007f', quote: 'say "hi" \\ /', lines: 'a\tb\nc\r' },
  { separators: '\u2028\u2029', astral: '𝄞 👍🏽', bidi: '\u202Eevil', accents: 'café Ångström' },
  { big: 1e21, negZero: -0, tiny: 1.5e-7, pi: 3.141592653589793, huge: 2 ** 53 + 1, neg: -1e-300 },
  { nested: [1, [2, [3, {}]], { 'k"ey': '=cmd|' }, true, false, null], empty: {}, list: [] },
  {},
  { ключ: 'значение', '': '', z: 'last', a: 'first' },
];

let db: Db | undefined;
afterEach(() => db?.close());

describe('the indexed details text', () => {
  it('is the canonical JSON of the record details, hostile values included (a real store)', () => {
    const records = HOSTILE_DETAILS.map((details) => record({ details }));
    db = storeWith(records);
    const indexed = db.prepare(`SELECT seq, details FROM (${SEARCH_TEXT_SELECT}) ORDER BY seq`).all() as {
      seq: number;
      details: string;
    }[];
    const canon = db.prepare('SELECT CAST(canon AS TEXT) FROM events ORDER BY seq').pluck().all() as string[];
    expect(indexed).toHaveLength(records.length);
    indexed.forEach((row, i) => {
      const fromCanon = canonicalize((JSON.parse(canon[i]) as { details: JsonValue }).details);
      expect(row.details).toBe(fromCanon);
      expect(row.details).toBe(canonicalize(records[i].details));
    });
    // The hostile values reached the store as such, not emptied on the way.
    expect(indexed[0].details).toContain('\\u0000');
    expect(indexed[1].details).toContain('\u202Eevil');
  });
});

describe('FTS5 detail level', () => {
  it('must stay full: search sends split words as phrases, which detail=column refuses', () => {
    const mem = new Database(':memory:');
    try {
      const query = toFtsQuery('req-7f3a')!;
      expect(query).toBe('"req-7f3a"');
      for (const detail of ['full', 'column', 'none']) {
        mem.exec(`CREATE VIRTUAL TABLE t_${detail} USING fts5(details, detail = ${detail}, tokenize = ${SEARCH_TOKENIZER});
          INSERT INTO t_${detail} (details) VALUES ('{"requestId":"req-7f3a"}'), ('{"requestId":"7f3a-req"}');`);
      }
      const match = (table: string) =>
        mem.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ?`).pluck().all(query);
      expect(match('t_full')).toEqual([1]);
      expect(() => match('t_column')).toThrow(/phrase/i);
      expect(() => match('t_none')).toThrow(/phrase/i);
    } finally {
      mem.close();
    }
  });
});
