// Writes records as the platform's own CSV export (Timestamp, Actor, Action, Entity, Status,
// Details, plus Event ID and Actor Type): the input the import benchmark and tests feed in.
import fs from 'node:fs';
import type { AuditRecord } from '../shared/event';

const HEADER = 'Event ID,Timestamp,Actor,Actor Type,Action,Entity,Status,Details\n';

function cell(text: string): string {
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

export function platformCsvLine(r: AuditRecord): string {
  const entity = `${r.entity.type}:${r.entity.id}`;
  return [r.id, r.timestamp, r.actor.id, r.actor.type, r.action, entity, r.status, JSON.stringify(r.details)]
    .map(cell)
    .join(',');
}

/** Streams records to a CSV file in bounded memory; returns the row count. */
export async function writePlatformCsv(file: string, records: Iterable<AuditRecord>): Promise<number> {
  const out = fs.createWriteStream(file);
  let chunk = HEADER;
  let rows = 0;
  for (const record of records) {
    chunk += platformCsvLine(record) + '\n';
    rows++;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
  return rows;
}
