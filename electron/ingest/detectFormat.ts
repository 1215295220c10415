// Which reader a file needs, from its first bytes; the extension only breaks ties.
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { canonicalize } from '../../shared/canonical';
import type { JsonValue } from '../../shared/event';
import { countKnownColumns } from './csvColumns';
import { CsvParser } from './csvParser';
import { ImportError } from './errors';
import type { IngestLimits } from './limits';
import { parseStrictJson } from './strictJson';
import { siemShape } from './siemRecord';
import { recordProblem } from './validateRecord';

export type EventFormat = 'csv' | 'json' | 'ndjson' | 'sealed' | 'ocsf' | 'ecs';

const EVENTS_OBJECT = /^\{\s*"events"\s*:/;

export async function detectFormat(filePath: string, file: string, limits: IngestLimits): Promise<EventFormat> {
  const head = await readHead(filePath, limits.maxRecordChars + 4);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new ImportError(file, null, null, 'the file is UTF-16 text; save it as UTF-8 and import again');
  }
  const binary = binaryKind(head);
  if (binary) {
    throw new ImportError(
      file,
      null,
      null,
      `the file is ${binary}, not an audit log: import CSV, JSON, NDJSON or a sealed export`,
    );
  }
  const text = new TextDecoder('utf-8').decode(head).replace(/^\uFEFF/, '');
  const ext = path.extname(filePath).toLowerCase();
  const first = text.search(/\S/);
  if (first < 0) {
    if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
    throw new ImportError(file, null, null, 'the file is empty: there is no header or event to import');
  }
  const c = text[first];
  if (c === '[') return 'json';
  if (c === '{') return detectObjectFormat(text, first, filePath, ext);
  if (looksLikeCsvHeader(text, file, limits)) return 'csv';
  throw new ImportError(
    file,
    null,
    null,
    'the format is not recognised: expected a JSON array, {"events": [...]}, NDJSON (one JSON object per line), ' +
      'a SignTrail sealed export, or a CSV whose header names columns such as Timestamp, Actor, Action, Entity and Status',
  );
}

function detectObjectFormat(text: string, first: number, filePath: string, ext: string): EventFormat {
  const rest = text.slice(first);
  if (EVENTS_OBJECT.test(rest)) return 'json';
  const eol = rest.indexOf('\n');
  const rawLine = eol < 0 ? rest : rest.slice(0, eol);
  const firstLine = rawLine.replace(/\r$/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(firstLine);
  } catch {
    // An object spread over several lines is one JSON document; a .ndjson file keeps its line errors.
    return ext === '.ndjson' || ext === '.jsonl' ? 'ndjson' : 'json';
  }
  if (Array.isArray((parsed as { events?: unknown } | null)?.events)) return 'json';
  // OCSF and ECS lines (docs/siem.md) are told by their own members, whatever the extension.
  const siem = siemShape(parsed);
  if (siem) return siem;
  const isSealedLine =
    first === 0 &&
    eol >= 0 &&
    rawLine === firstLine &&
    isStrictJson(firstLine) &&
    recordProblem(parsed) === null &&
    canonicalize(parsed as JsonValue) === firstLine;
  if (isSealedLine && existsSync(filePath + '.checkpoint')) return 'sealed';
  return 'ndjson';
}

/** A line with a huge number or a repeated name is no sealed line; its reader will say why. */
function isStrictJson(line: string): boolean {
  try {
    parseStrictJson(line);
    return true;
  } catch {
    return false;
  }
}

function looksLikeCsvHeader(text: string, file: string, limits: IngestLimits): boolean {
  let header: string[] | null = null;
  const parser = new CsvParser(file, limits);
  try {
    const eol = text.indexOf('\n');
    parser.push(eol < 0 ? text : text.slice(0, eol + 1), (fields) => {
      header ??= fields;
    });
    parser.end((fields) => {
      header ??= fields;
    });
  } catch {
    return false;
  }
  return header !== null && (header as string[]).length >= 2 && countKnownColumns(header) >= 2;
}

const MAGIC: [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['a ZIP archive (or an Office document)', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip-compressed', [0x1f, 0x8b]],
  ['a SQLite database', [...Buffer.from('SQLite format 3\0')]],
];

/** What a binary file is, from its first bytes; null for text. A NUL byte marks any other binary. */
export function binaryKind(head: Uint8Array): string | null {
  for (const [name, bytes] of MAGIC) if (bytes.every((b, i) => head[i] === b)) return name;
  return head.subarray(0, 8192).includes(0) ? 'binary (it holds NUL bytes)' : null;
}

async function readHead(filePath: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, maxBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
