// openEventFile: a file → batches of validated AuditRecords, streamed in bounded memory, with
// the file's size and SHA-256 computed on the way. The format is detected from the content.
import { stat } from 'node:fs/promises';
import { canonicalize } from '../../shared/canonical';
import type { AuditRecord, JsonValue } from '../../shared/event';
import type { BuildContext } from './buildRecord';
import { columnsFromHeader, recordFromCsvRow, type CsvColumns } from './csvColumns';
import { CsvParser } from './csvParser';
import { detectFormat, type EventFormat } from './detectFormat';
import { displayName, ImportError } from './errors';
import { FileText } from './fileText';
import { JsonEventScanner } from './jsonScanner';
import { formatSize, resolveLimits, type IngestLimits } from './limits';
import { LineSplitter } from './lineSplitter';
import { recordFromParsedObject } from './recordFromObject';
import { recordFromEcs, recordFromOcsf } from './siemRecord';
import { parseStrictJson, pathText, StrictJsonProblem } from './strictJson';
import { zoneForImport } from './timeZone';
import { recordProblem } from './validateRecord';

export interface ParsedEvent {
  record: AuditRecord;
  /** 1-based line where the event starts. */
  line: number;
  /** For sealed exports: the line as read, already canonical JCS of `record`. */
  canon?: string;
}

export interface ReaderStats {
  bytes: number;
  /** Hex SHA-256 of the whole file; complete once batches() has run to the end. */
  sha256: string;
  rows: number;
  /** Set when any zone-less time was read, to the zone it was read in. */
  assumedTimeZone: string | null;
}

export interface EventReader {
  format: EventFormat;
  /** Batches of about BATCH_SIZE events; may be iterated once. */
  batches(): AsyncIterable<ParsedEvent[]>;
  stats(): ReaderStats;
}

export interface OpenOptions {
  /** IANA zone for times without an offset; default UTC. */
  assumeTz?: string;
  limits?: Partial<IngestLimits>;
}

export const BATCH_SIZE = 2000;

/** A format's parser: takes text chunks, emits events. */
interface EventParser {
  push(text: string, emit: (event: ParsedEvent) => void): void;
  end(emit: (event: ParsedEvent) => void): void;
}

export async function openEventFile(path: string, opts: OpenOptions = {}): Promise<EventReader> {
  const file = displayName(path);
  const limits = resolveLimits(opts.limits);
  const zone = zoneForImport(opts.assumeTz, file);
  const info = await stat(path);
  if (!info.isFile()) throw new ImportError(file, null, null, 'is not a file');
  if (info.size > limits.maxFileBytes) {
    throw new ImportError(file, null, null, `the file is larger than the limit of ${formatSize(limits.maxFileBytes)}`);
  }
  const format = await detectFormat(path, file, limits);
  const text = new FileText(path, file, limits);
  let rows = 0;
  let assumedTimeZone: string | null = null;
  let started = false;
  const ctx: BuildContext = {
    file,
    limits,
    sourceChars: 0,
    zone,
    onZoneAssumed: () => {
      assumedTimeZone = zone.name;
    },
  };
  const parser = parserFor(format, ctx);

  async function* batches(): AsyncGenerator<ParsedEvent[]> {
    if (started) throw new Error(`batches() of ${file} was already iterated`);
    started = true;
    let batch: ParsedEvent[] = [];
    const emit = (event: ParsedEvent): void => {
      batch.push(event);
    };
    for await (const chunk of text.chunks()) {
      parser.push(chunk, emit);
      while (batch.length >= BATCH_SIZE) {
        const full = batch.slice(0, BATCH_SIZE);
        batch = batch.slice(BATCH_SIZE);
        rows += full.length;
        yield full;
      }
    }
    parser.end(emit);
    if (batch.length) {
      rows += batch.length;
      yield batch;
    }
  }

  return {
    format,
    batches,
    stats: () => ({ bytes: text.bytes, sha256: text.sha256(), rows, assumedTimeZone }),
  };
}

function parserFor(format: EventFormat, ctx: BuildContext): EventParser {
  switch (format) {
    case 'csv':
      return csvEvents(ctx);
    case 'json':
      return jsonEvents(ctx);
    case 'ndjson':
      return ndjsonEvents(ctx);
    case 'sealed':
      return sealedEvents(ctx);
    case 'ocsf':
      return lineEvents(ctx, recordFromOcsf);
    case 'ecs':
      return lineEvents(ctx, recordFromEcs);
  }
}

function csvEvents(ctx: BuildContext): EventParser {
  const parser = new CsvParser(ctx.file, ctx.limits);
  let columns: CsvColumns | null = null;
  const onRecord = (emit: (event: ParsedEvent) => void) => (fields: string[], line: number, chars: number) => {
    if (columns === null) {
      const known = columnsFromHeader(fields, ctx.file, line, ctx.limits.maxColumns);
      columns = known;
      parser.columnName = (i) => known.names[i] ?? null;
      return;
    }
    emit({ record: recordFromCsvRow(fields, line, chars, columns, ctx), line });
  };
  return {
    push: (text, emit) => parser.push(text, onRecord(emit)),
    end: (emit) => {
      parser.end(onRecord(emit));
      if (columns === null) throw new ImportError(ctx.file, null, null, 'the CSV file has no header row');
    },
  };
}

function objectFromText(text: string, line: number, ctx: BuildContext): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseStrictJson(text);
  } catch (err) {
    if (err instanceof StrictJsonProblem) throw strictRefusal(err, line, ctx.file);
    throw new ImportError(ctx.file, line, null, `the event is not valid JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ImportError(ctx.file, line, null, 'each event must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** The member path names the field: `details.n`, `id`. */
function strictRefusal(err: StrictJsonProblem, line: number, file: string, after = ''): ImportError {
  return new ImportError(file, line, err.path.length ? pathText(err.path) : null, err.problem + after);
}

function jsonEvents(ctx: BuildContext): EventParser {
  const scanner = new JsonEventScanner(ctx.file, ctx.limits);
  const onElement = (emit: (event: ParsedEvent) => void) => (text: string, line: number) => {
    ctx.sourceChars = text.length;
    emit({ record: recordFromParsedObject(objectFromText(text, line, ctx), line, ctx), line });
  };
  return {
    push: (text, emit) => scanner.push(text, onElement(emit)),
    end: (emit) => scanner.end(onElement(emit)),
  };
}

function ndjsonEvents(ctx: BuildContext): EventParser {
  return lineEvents(ctx, recordFromParsedObject);
}

/** NDJSON: every non-blank line one JSON object, read by `toRecord` (plain, OCSF or ECS: siemRecord.ts). */
function lineEvents(
  ctx: BuildContext,
  toRecord: (obj: Record<string, unknown>, line: number, ctx: BuildContext) => AuditRecord,
): EventParser {
  const lines = new LineSplitter(ctx.file, ctx.limits);
  const onLine = (emit: (event: ParsedEvent) => void) => (text: string, line: number) => {
    if (text.trim() === '') return;
    ctx.sourceChars = text.length;
    emit({ record: toRecord(objectFromText(text, line, ctx), line, ctx), line });
  };
  return {
    push: (text, emit) => lines.push(text, onLine(emit)),
    end: (emit) => lines.end(onLine(emit)),
  };
}

/** Sealed exports (integrity.md §7): every line is canon(e) as stored, ended by `\n`; anything else refuses the file. */
function sealedEvents(ctx: BuildContext): EventParser {
  const lines = new LineSplitter(ctx.file, ctx.limits);
  const fail = (line: number, problem: string): never => {
    throw new ImportError(
      ctx.file,
      line,
      null,
      `${problem}; a sealed export must not be edited, so the file is refused`,
    );
  };
  const onLine = (emit: (event: ParsedEvent) => void) => (text: string, line: number, ended: boolean) => {
    if (!ended) fail(line, 'the last line does not end with a line break');
    let value: unknown;
    try {
      value = parseStrictJson(text);
    } catch (err) {
      if (err instanceof StrictJsonProblem) {
        // Not evidence of an edit: a value SignTrail cannot take exactly as written refuses the whole
        // sealed export (its lines are its proof and are stored byte for byte, or not at all).
        throw strictRefusal(
          err,
          line,
          ctx.file,
          '; a sealed export is taken whole and as written, so the file is refused',
        );
      }
      fail(line, 'the line is not valid JSON');
    }
    const problem = recordProblem(value);
    if (problem) fail(line, `the line is not a valid event: ${problem}`);
    if (canonicalize(value as JsonValue) !== text) fail(line, 'the line is not in canonical JSON (JCS) form');
    emit({ record: value as AuditRecord, line, canon: text });
  };
  return {
    push: (text, emit) => lines.push(text, onLine(emit)),
    end: (emit) => lines.end(onLine(emit)),
  };
}
