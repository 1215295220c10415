import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/canonical';
import type { AuditRecord } from '../../shared/event';
import { GOOD_ROW, platformCsv, readAll, refusal, tempFolder } from './helpers';

const write = tempFolder();
const flat = {
  eventId: 'e-1',
  time: '2026-01-31T09:00:00Z',
  actor: 'alice',
  action: 'USER_LOGIN',
  entity: 'User:alice',
  status: 'success',
};
const record: AuditRecord = {
  id: 'e-1',
  timestamp: '2026-01-31T09:00:00.000000Z',
  actor: { id: 'alice', type: 'user' },
  action: 'USER_LOGIN',
  entity: { type: 'User', id: 'alice' },
  status: 'SUCCESS',
  details: {},
};

describe('format detection', () => {
  it('detects CSV from the content, whatever the extension says', async () => {
    expect((await readAll(write('really-csv.json', platformCsv(GOOD_ROW)))).format).toBe('csv');
  });

  it('detects NDJSON and JSON from the content, whatever the extension says', async () => {
    const nd = JSON.stringify(flat) + '\n' + JSON.stringify(flat) + '\n';
    expect((await readAll(write('really-ndjson.csv', nd))).format).toBe('ndjson');
    expect((await readAll(write('really-json.ndjson', '  [' + JSON.stringify(flat) + ']'))).format).toBe('json');
    expect((await readAll(write('events-obj.txt', '{ "events" : [' + JSON.stringify(flat) + ']}'))).format).toBe(
      'json',
    );
  });

  it('reads a one-object-per-line file as NDJSON and a multi-line object as JSON', async () => {
    expect((await readAll(write('one.txt', JSON.stringify(flat)))).format).toBe('ndjson');
    const pretty = JSON.stringify({ cursor: 1, events: [flat] }, null, 2);
    expect((await readAll(write('pretty.txt', pretty))).format).toBe('json');
  });

  it('detects a sealed export by canonical lines and a .checkpoint beside it', async () => {
    const line = canonicalize(record as never);
    const file = write('export.ndjson', line + '\n' + line.replace('e-1', 'e-2') + '\n');
    expect((await readAll(file)).format).toBe('ndjson');
    write('export.ndjson.checkpoint', 'signtrail/x\n2\nAAAA\n\n— k AAAA\n');
    const sealed = await readAll(file);
    expect(sealed.format).toBe('sealed');
    expect(sealed.events.map((e) => e.canon)).toEqual([line, line.replace('e-1', 'e-2')]);
    expect(sealed.events[0].record).toEqual(record);
  });

  it('refuses a sealed export whose later line is not canonical', async () => {
    const line = canonicalize(record as never);
    const file = write('tampered.ndjson', line + '\n' + JSON.stringify(record) + '\n');
    write('tampered.ndjson.checkpoint', 'x');
    const err = await refusal(file);
    expect(err.line).toBe(2);
    expect(err.message).toContain('not in canonical JSON (JCS) form');
  });

  it('refuses a sealed export whose last line has no line break', async () => {
    const line = canonicalize(record as never);
    const file = write('cut.ndjson', line + '\n' + line.replace('e-1', 'e-2'));
    write('cut.ndjson.checkpoint', 'x');
    expect((await refusal(file)).message).toContain('does not end with a line break');
  });

  it('refuses an unrecognised file with a sentence naming the accepted formats', async () => {
    const err = await refusal(write('notes.csv', 'hello world\nsecond line\n'));
    expect(err.line).toBeNull();
    expect(err.message).toMatch(/^notes\.csv: the format is not recognised: expected a JSON array/);
  });

  it('refuses an empty file, but reads an empty .ndjson as no events', async () => {
    expect((await refusal(write('empty.csv', ''))).message).toContain('the file is empty');
    expect((await readAll(write('empty.ndjson', '\n'))).events).toEqual([]);
  });

  it('refuses UTF-16 and invalid UTF-8', async () => {
    const utf16 = Buffer.from('\ufeff' + platformCsv(GOOD_ROW), 'utf16le');
    expect((await refusal(write('u16.csv', utf16))).message).toContain('UTF-16');
    const bad = Buffer.concat([Buffer.from(platformCsv(GOOD_ROW)), Buffer.from([0xc3, 0x28, 0x0a])]);
    expect((await refusal(write('bad-utf8.csv', bad))).message).toContain('not valid UTF-8');
  });
});

describe('binary files', () => {
  it('refuses a PNG by its content, whatever its name, saying what it is', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const err = await refusal(write('screenshot.csv', png));
    expect(err.message).toMatch(/a PNG image, not an audit log/);
    expect(err.message).toContain('screenshot.csv');
  });

  it('refuses any file holding NUL bytes as binary', async () => {
    const err = await refusal(write('blob.csv', Buffer.from('Timestamp,Actor\0,Action\n')));
    expect(err.message).toMatch(/binary \(it holds NUL bytes\)/);
  });
});
