// A case as an investigator has it: a real store file filled through the service (signed, witnessed
// by a real SignTrail home), and raw access to the file as an attacker holding it has.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createService } from '../../electron/service/service';
import { noJobContext } from '../../shared/handlers';
import type { Service } from '../../electron/service/types';
import { expectedSchema } from '../../electron/store/schema';
import type { AuditRecord } from '../../shared/event';
import { record } from '../helpers/records';
import { tempDir } from '../helpers/tmp';

export interface TrustCase {
  dir: string;
  home: string;
  storePath: string;
  service: Service;
}

export const ndjson = (records: AuditRecord[]): string => records.map((r) => JSON.stringify(r) + '\n').join('');

const open: Service[] = [];

// Every case's service is closed after its test (before tempDir removes its folder); a test may
// close it sooner.
afterEach(() => {
  for (const service of open.splice(0)) service.close();
});

/** A store of `n` events imported through the service, signed and witnessed by `home`; closed after the test. */
export async function trustCase(n: number, records: AuditRecord[] = []): Promise<TrustCase> {
  const dir = tempDir();
  const home = path.join(dir, 'home');
  const storePath = path.join(dir, 'case.sqlite');
  const opened = createService({ storePath, home });
  let closed = false;
  const service: Service = {
    invoke: (channel, args, ctx) => opened.invoke(channel, args, ctx),
    close: () => {
      if (!closed) opened.close();
      closed = true;
    },
  };
  open.push(service);
  const file = path.join(dir, 'first.ndjson');
  fs.writeFileSync(file, ndjson(records.length ? records : Array.from({ length: n }, () => record())));
  const [summary] = await service.invoke('import.files', { paths: [file] }, noJobContext());
  if (summary.rejected) throw new Error(summary.rejected.message);
  return { dir, home, storePath, service };
}

/** The file as whoever holds it can change it: no triggers, no defensive mode. */
export function attacker(storePath: string): Database.Database {
  const db = new Database(storePath);
  db.unsafeMode(true);
  return db;
}

export function dropTriggers(db: Database.Database): void {
  for (const o of expectedSchema().values()) if (o.type === 'trigger') db.exec(`DROP TRIGGER IF EXISTS ${o.name}`);
}

/** Puts the triggers back as the migrations make them, so the schema check sees nothing: a tidy attacker. */
export function restoreTriggers(db: Database.Database): void {
  for (const o of expectedSchema().values()) if (o.type === 'trigger' && o.sql) db.exec(o.sql);
}

/** Edits the file as an attacker holding it: the triggers dropped, `edit` run, the triggers put back. */
export function asAttacker(storePath: string, edit: (raw: Database.Database) => void): void {
  const raw = attacker(storePath);
  try {
    dropTriggers(raw);
    edit(raw);
    restoreTriggers(raw);
  } finally {
    raw.close();
  }
}

/**
 * Erases everything in the file that vouches for its history: the checkpoints, the Merkle frontier and
 * the case journal (whose entries pin the events' checkpoints). Triggers must be dropped first.
 */
export function eraseSeals(db: Database.Database): void {
  db.exec(
    "DELETE FROM checkpoints; DELETE FROM meta WHERE key = 'merkle_frontier'; DELETE FROM journal_events; DELETE FROM journal; DELETE FROM journal_checkpoints;",
  );
}

/** A file's bytes, to show a store is unchanged after a refused attack. */
export function snapshot(file: string): Buffer {
  return fs.readFileSync(file);
}

export async function importText(c: TrustCase, name: string, text: string) {
  const file = path.join(c.dir, name);
  fs.writeFileSync(file, text);
  return c.service.invoke('import.files', { paths: [file] }, noJobContext());
}

export function verify(c: TrustCase, args: { trustedKeys?: string[]; checkpoints?: string[] } = {}) {
  return c.service.invoke(
    'verify.run',
    { trustedKeys: args.trustedKeys ?? [], checkpoints: args.checkpoints ?? [], roots: [] },
    noJobContext(),
  );
}
