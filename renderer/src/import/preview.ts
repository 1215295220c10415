// The Import dialog's preview: a file's first rows read in the renderer before anything is stored,
// with the column mapping the importer will apply (shared/fieldNames.ts, the importer's own rule).
// CSV is parsed with papaparse: the preview needs rows, not exact start lines; the importer keeps
// its own RFC 4180 state machine (docs/architecture.md, "Parsers").
import Papa from 'papaparse';
import { headerConflict, MEMBER_LABELS, memberOf, missingColumns, type Member } from '../../../shared/fieldNames';

/** Rows shown, and how much of the file is read for them. */
export const PREVIEW_ROWS = 20;
export const PREVIEW_BYTES = 256 * 1024;

export interface PreviewColumn {
  /** The name in the file, as written. */
  name: string;
  /** What SignTrail makes of it: a field label, "ignored (derived)" or "kept in Details". */
  becomes: string;
  member: Member | null;
}

export type FilePreview =
  | {
      kind: 'table';
      format: 'CSV' | 'NDJSON' | 'JSON';
      columns: PreviewColumn[];
      rows: string[][];
      missing: string[];
      /** Why the import will refuse the header itself (a name twice, two names for one field), or null. */
      conflict: string | null;
      partial: boolean;
    }
  | { kind: 'message'; format: string; message: string };

function column(name: string): PreviewColumn {
  const member = name.trim() === '' ? null : memberOf(name.trim());
  const becomes =
    member === null
      ? 'kept in Details'
      : member === 'derived'
        ? 'ignored (SignTrail derives it)'
        : MEMBER_LABELS[member];
  return { name, becomes, member };
}

function missingOf(columns: PreviewColumn[]): string[] {
  return missingColumns(new Set(columns.map((c) => c.member).filter((m): m is Member => m !== null)));
}

/** A cell as plain text: objects as JSON, nothing as empty. */
function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function formatOf(name: string, text: string): 'CSV' | 'NDJSON' | 'JSON' | 'sealed' {
  const lower = name.toLowerCase();
  const start = text.trimStart();
  if (start.startsWith('-----BEGIN') || lower.endsWith('.sealed')) return 'sealed';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'NDJSON';
  if (lower.endsWith('.json')) return start.startsWith('[') || !/\n\s*\{/.test(start) ? 'JSON' : 'NDJSON';
  if (lower.endsWith('.csv')) return 'CSV';
  if (start.startsWith('[')) return 'JSON';
  if (start.startsWith('{')) return /\}\s*\n\s*\{/.test(start) ? 'NDJSON' : 'JSON';
  return 'CSV';
}

function tableOfRecords(format: 'NDJSON' | 'JSON', records: unknown[], partial: boolean): FilePreview {
  const objects = records.filter(
    (r): r is Record<string, unknown> => r !== null && typeof r === 'object' && !Array.isArray(r),
  );
  // A Set keeps this linear: a hostile 256 KB record may have tens of thousands of keys.
  const seen = new Set<string>();
  for (const o of objects) for (const k of Object.keys(o)) seen.add(k);
  const names = [...seen];
  const columns = names.map(column);
  const rows = objects.slice(0, PREVIEW_ROWS).map((o) => names.map((n) => cellText(o[n])));
  // JSON members may repeat a field under two names when the values agree; each record is checked on import.
  return { kind: 'table', format, columns, rows, missing: missingOf(columns), conflict: null, partial };
}

/** The preview of a file's beginning: `text` is its first PREVIEW_BYTES, `whole` says it is all of it. */
export function previewText(name: string, text: string, whole: boolean): FilePreview {
  const format = formatOf(name, text);
  if (format === 'sealed')
    return {
      kind: 'message',
      format: 'sealed export',
      message: 'A sealed export is verified as a whole on import; the preview shows CSV, NDJSON and JSON files.',
    };
  if (format === 'CSV') {
    // Only whole lines: the last line of a partial read may be cut.
    const body = whole ? text : text.slice(0, Math.max(0, text.lastIndexOf('\n')));
    const parsed = Papa.parse<string[]>(body.replace(/^\uFEFF/, ''), {
      preview: PREVIEW_ROWS + 1,
      skipEmptyLines: true,
    });
    const [header = [], ...rows] = parsed.data;
    const columns = header.map(column);
    const clash = headerConflict(header.map((h) => h.trim()));
    return {
      kind: 'table',
      format: 'CSV',
      columns,
      rows,
      missing: missingOf(columns),
      conflict: clash && `column "${clash.name}": ${clash.message}`,
      partial: !whole,
    };
  }
  if (format === 'NDJSON') {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (!whole) lines.pop();
    const records: unknown[] = [];
    for (const [i, line] of lines.slice(0, PREVIEW_ROWS).entries()) {
      try {
        records.push(JSON.parse(line));
      } catch {
        return {
          kind: 'message',
          format,
          message: `Line ${i + 1} is not JSON; the import will refuse the file there.`,
        };
      }
    }
    return tableOfRecords('NDJSON', records, !whole);
  }
  if (!whole)
    return {
      kind: 'message',
      format,
      message: `This JSON file is larger than ${PREVIEW_BYTES / 1024} KB: the preview reads only CSV and NDJSON files in part. The import reads it in full.`,
    };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { kind: 'message', format, message: `The file is not valid JSON (${(err as Error).message}).` };
  }
  const records = Array.isArray(value)
    ? value
    : value && typeof value === 'object' && Array.isArray((value as { events?: unknown }).events)
      ? (value as { events: unknown[] }).events
      : [value];
  return tableOfRecords('JSON', records, false);
}

/** Reads the first PREVIEW_BYTES of a chosen file and previews them. */
export async function previewFile(file: File): Promise<FilePreview> {
  const whole = file.size <= PREVIEW_BYTES;
  const text = await file.slice(0, PREVIEW_BYTES).text();
  return previewText(file.name, text, whole);
}
