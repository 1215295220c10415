// The scan's fast path compares a row's stored columns, joined by SQL, with what its bytes say,
// piece by piece in place. Any difference in the joined text (a column changed, added to or cut,
// NULL against '', a separator moved) must send the row to the reference check, never pass it.
import { describe, expect, it } from 'vitest';
import { storedRecordSurelyRight } from '../../electron/integrity/checkRecord';
import { eventsTableIsStrict, prepareScanReads } from '../../electron/store/verifyRows';
import { record } from '../helpers/records';
import { sealedStore } from '../helpers/sealedStore';

const records = [
  record(),
  record({ entity: { type: 'Key', id: 'key-7', name: 'HSM slot 3' } }),
  record({ entity: { type: 'Certificate', id: 'c-1', name: '' }, details: {} }),
  record({ details: { keyId: 'k-9', requestId: 12 } }),
  record({ actor: { id: 'svc', type: 'service' }, action: 'KEY_ROTATION', details: { note: 'x=y' } }),
];

function rows(): { text: string; joined: string }[] {
  const { db } = sealedStore(records);
  expect(eventsTableIsStrict(db)).toBe(true);
  const out = [...prepareScanReads(db, true).rows(1, records.length)].map((r) => ({
    text: r[1] as string,
    joined: r[4] as string,
  }));
  db.close();
  return out;
}

describe('storedRecordSurelyRight', () => {
  const stored = rows();

  it('accepts every untouched row (NULL and empty names, numeric request IDs, key IDs from the entity)', () => {
    expect(stored).toHaveLength(records.length);
    for (const { text, joined } of stored) expect(storedRecordSurelyRight(text, joined)).toBe(true);
  });

  it('refuses any change to the joined columns: a character, a cut, an addition, NULL for empty, a moved separator', () => {
    let refused = 0;
    for (const { text, joined } of stored) {
      const variants = new Set<string>([joined + 'x', joined + '\u001f', joined.slice(0, -1), 'x' + joined, '']);
      for (let i = 0; i < joined.length; i++) {
        variants.add(joined.slice(0, i) + joined.slice(i + 1)); // one character cut
        variants.add(joined.slice(0, i) + String.fromCharCode(joined.charCodeAt(i) ^ 1) + joined.slice(i + 1));
        variants.add(joined.slice(0, i) + '\u001f' + joined.slice(i)); // a separator inserted
      }
      variants.add(joined.replace('\u001f=\u001f', '\u001f!\u001f')); // an empty value read as NULL
      variants.add(joined.replace('\u001f!\u001f', '\u001f=\u001f')); // NULL read as an empty value
      variants.delete(joined);
      for (const v of variants) {
        expect(storedRecordSurelyRight(text, v)).toBe(false);
        refused++;
      }
      expect(storedRecordSurelyRight(text, null)).toBe(false);
    }
    expect(refused).toBeGreaterThan(1000);
  });
});
