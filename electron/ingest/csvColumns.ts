// A CSV header → which member each column feeds; rows → records through the shared mapper.
import type { AuditRecord } from '../../shared/event';
import { buildRecord, emptyValues, type BuildContext, type RawEvent, type SourceMember } from './buildRecord';
import { restoreFormula } from '../export/csv-cell';
import { ImportError } from './errors';
import { headerConflict, memberOf, missingColumns, type Member } from '../../shared/fieldNames';

export interface CsvColumns {
  names: string[];
  members: (Member | null)[];
  /** Names per member, shared by every row's RawEvent. */
  memberNames: Partial<Record<SourceMember, string>>;
  /** The header is SignTrail's own export (it has a Leaf Hash column). */
  signtrailExport: boolean;
}

/** How many header names feed a member: detection calls a first line with two or more a CSV header. */
export function countKnownColumns(header: string[]): number {
  return header.filter((name) => memberOf(name.trim()) !== null).length;
}

export function columnsFromHeader(header: string[], file: string, line: number, maxColumns: number): CsvColumns {
  if (header.length > maxColumns) {
    throw new ImportError(
      file,
      line,
      null,
      `the header has ${header.length} columns, more than the limit of ${maxColumns}`,
    );
  }
  const names = header.map((name) => name.trim());
  const members = names.map((name) => (name === '' ? null : memberOf(name)));
  const conflict = headerConflict(names);
  if (conflict) throw new ImportError(file, line, conflict.name, conflict.message);
  const memberNames: Partial<Record<SourceMember, string>> = {};
  names.forEach((name, i) => {
    const member = members[i];
    if (name !== '' && member !== null && member !== 'derived') memberNames[member] = name;
  });
  const missing = missingColumns(new Set(Object.keys(memberNames) as Member[]));
  if (missing.length) {
    throw new ImportError(
      file,
      line,
      null,
      `the header has no column for ${missing.join(', ')}; the header read was ${JSON.stringify(names.join(','))}`,
    );
  }
  const signtrailExport = members.some(
    (m, i) => m === 'derived' && names[i].toLowerCase().replace(/\s+/g, '') === 'leafhash',
  );
  return { names, members, memberNames, signtrailExport };
}

export function recordFromCsvRow(
  fields: string[],
  line: number,
  chars: number,
  columns: CsvColumns,
  ctx: BuildContext,
): AuditRecord {
  const { names, members } = columns;
  if (fields.length !== names.length) {
    throw new ImportError(
      ctx.file,
      line,
      null,
      `the row has ${fields.length} fields but the header has ${names.length} columns; check for a missing comma or an unquoted comma`,
    );
  }
  const raw: RawEvent = { values: emptyValues(), names: columns.memberNames, extras: [] };
  for (let i = 0; i < fields.length; i++) {
    let value = fields[i];
    if (value === '') continue;
    // SignTrail's own export guarded spreadsheet formulas with a leading ' (OWASP); undo it exactly.
    if (columns.signtrailExport && value.charCodeAt(0) === 39) value = restoreFormula(value);
    const member = members[i];
    if (member === 'derived') continue;
    if (member === null) {
      if (names[i] === '') {
        throw new ImportError(ctx.file, line, null, `column ${i + 1} has a value but no name in the header`);
      }
      raw.extras.push([names[i], value]);
    } else raw.values[member] = value;
  }
  ctx.sourceChars = chars;
  return buildRecord(raw, line, ctx);
}
