import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../electron/ingest/limits';
import { GOOD_ROW, platformCsv, readAll, refusal, tempFolder } from './helpers';

const write = tempFolder();
const obj = (details: unknown) =>
  JSON.stringify({
    timestamp: '2026-01-31T09:00:00Z',
    actor: 'a',
    action: 'X',
    entity: 'K:1',
    status: 'SUCCESS',
    details,
  });

describe('size limits', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxFileBytes: 16 * 1024 ** 3,
      maxFieldChars: 1024 ** 2,
      maxRecordChars: 4 * 1024 ** 2,
      maxDetailsChars: 1024 ** 2,
      maxDetailsDepth: 32,
      maxColumns: 1000,
    });
  });

  it('refuses a file larger than the file limit before reading it', async () => {
    const file = write('big.csv', platformCsv(GOOD_ROW, GOOD_ROW));
    const err = await refusal(file, { limits: { maxFileBytes: 100 } });
    expect(err.message).toBe('big.csv: the file is larger than the limit of 100');
  });

  it('refuses a CSV field longer than the field limit, naming line and column', async () => {
    const long = 'x'.repeat(2000);
    const err = await refusal(write('field.csv', platformCsv(GOOD_ROW, GOOD_ROW.replace('alice', long))), {
      limits: { maxFieldChars: 1024 },
    });
    expect(err.line).toBe(3);
    expect(err.message).toContain('the field in column 2 ("Actor") is longer than the limit of 1 KiB characters');
  });

  it('refuses a record longer than the record limit, hinting at an open quote', async () => {
    const rows = [GOOD_ROW, '2026-01-31T09:00:00Z,"open,X,K:1,SUCCESS,{}'];
    for (let i = 0; i < 200; i++) rows.push(GOOD_ROW);
    const err = await refusal(write('record.csv', platformCsv(...rows)), {
      limits: { maxRecordChars: 4096, maxFieldChars: 4096 },
    });
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/longer than 4 KiB characters; is a quote left open\?|never closed/);
  });

  it('refuses a JSON element or NDJSON line longer than the record limit', async () => {
    const big = obj({ pad: 'y'.repeat(5000) });
    const json = await refusal(write('big.json', '[' + obj({}) + ',\n' + big + ']'), {
      limits: { maxRecordChars: 4096 },
    });
    expect(json.line).toBe(2);
    expect(json.message).toContain('longer than the limit of 4 KiB characters');
    const nd = await refusal(write('big.ndjson', obj({}) + '\n' + big + '\n'), { limits: { maxRecordChars: 4096 } });
    expect(nd.line).toBe(2);
  });

  it('refuses details larger than the details limit', async () => {
    const err = await refusal(write('details.ndjson', obj({ pad: 'z'.repeat(3000) }) + '\n'), {
      limits: { maxDetailsChars: 2048 },
    });
    expect(err.field).toBe('details');
    expect(err.message).toContain('details are larger than the limit of 2 KiB characters');
    const csv = await refusal(write('details.csv', platformCsv(GOOD_ROW.replace('{}', 'a=' + 'z'.repeat(3000)))), {
      limits: { maxDetailsChars: 2048 },
    });
    expect(csv.field).toBe('Details');
  });

  it('refuses details nested deeper than the depth limit', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    const err = await refusal(write('deep.ndjson', obj(deep) + '\n'));
    expect(err.message).toContain('details nest deeper than the limit of 32 levels');
    const csv = await refusal(
      write('deep.csv', platformCsv(GOOD_ROW.replace('{}', '"' + JSON.stringify(deep).replace(/"/g, '""') + '"'))),
    );
    expect(csv.message).toContain('nest deeper');
  });

  it('refuses a header with more columns than the column limit', async () => {
    const header = 'Timestamp,Actor,Action,Entity,Status,' + Array.from({ length: 10 }, (_, i) => `c${i}`).join(',');
    const err = await refusal(write('wide.csv', header + '\n'), { limits: { maxColumns: 8 } });
    expect(err.message).toContain('the header has 15 columns, more than the limit of 8');
  });

  it('reads a file right at the limits', async () => {
    const file = write('edge.csv', platformCsv(GOOD_ROW.replace('alice', 'x'.repeat(1000))));
    expect((await readAll(file, { limits: { maxFieldChars: 1024 } })).events).toHaveLength(1);
  });
});
