import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/canonical';
import type { JsonValue } from '../../shared/event';
import { detailsJson } from '../../electron/export/details';
import { generateDemoEvents } from '../../electron/demo/generate';
import { nastyRecords } from './rows';

describe('detailsJson', () => {
  it('finds exactly the canonical details inside canon(e), for demo and tricky records', () => {
    const records = [...generateDemoEvents({ count: 2000 }), ...nastyRecords()];
    for (const record of records) {
      const canon = Buffer.from(canonicalize(record as unknown as JsonValue));
      expect(detailsJson(canon)).toBe(canonicalize(record.details));
    }
  });

  it('gives {} for empty details', () => {
    const canon = canonicalize({
      action: 'X',
      actor: { id: 'a', type: 'user' },
      details: {},
      entity: { id: '1', type: 'T' },
    });
    expect(detailsJson(Buffer.from(canon))).toBe('{}');
  });
});
