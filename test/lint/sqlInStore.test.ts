// SQL lives only in electron/store/ (docs/architecture.md): statement text, prepare/exec/pragma on
// a connection, or a better-sqlite3 connection of its own anywhere else fails `npm run lint`.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
// The files linted here do not exist, so lint them without type information, with only this rule.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-syntax',
});

async function sqlErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`ESLint could not lint ${file}: ${fatal.message}`);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const db = 'declare const db: { prepare(s: string): unknown; exec(s: string): void; pragma(s: string): unknown };\n';

describe('SQL only in electron/store/', () => {
  it('refuses statement text outside the store, in strings and templates', async () => {
    for (const sql of [
      "'SELECT seq FROM events'",
      '`SELECT ${1} FROM events`',
      "'  INSERT INTO imports (kind) VALUES (?)'",
      "'UPDATE sync_sources SET cursor = ?'",
      "'DELETE FROM sync_files WHERE source = ?'",
      '`CREATE VIRTUAL TABLE temp.t USING fts5(a)`',
      "'DROP TABLE IF EXISTS temp.t'",
      "'PRAGMA user_version'",
      "'WITH x AS (SELECT 1) SELECT * FROM x'",
      "'BEGIN IMMEDIATE'",
      "'COMMIT'",
    ]) {
      const errors = await sqlErrors('electron/export/leak.ts', `export const q = ${sql};\n`);
      expect(errors, sql).toHaveLength(1);
      expect(errors[0]).toMatch(/SQL lives only in electron\/store\//);
    }
  });

  it('refuses prepare, exec and pragma on a connection, and opening one, in every floor but the store', async () => {
    for (const file of ['electron/integrity/leak.ts', 'electron/service/leak.ts', 'electron/cli/leak.ts']) {
      expect(await sqlErrors(file, `${db}export const s = db.prepare(q);\ndeclare const q: string;\n`)).toHaveLength(1);
      expect(await sqlErrors(file, `${db}db.exec(\`\${'x'}\`);\n`)).toHaveLength(1);
      expect(await sqlErrors(file, `${db}db.pragma(q);\ndeclare const q: string;\n`)).toHaveLength(1);
      expect(
        await sqlErrors(file, "import Database from 'better-sqlite3';\nexport const D = Database;\n"),
      ).toHaveLength(1);
    }
  });

  it('lets the store hold SQL, and lets other code use RegExp#exec, type imports and English', async () => {
    expect(
      await sqlErrors(
        'electron/store/fine.ts',
        `${db}import Database from 'better-sqlite3';\nexport const D = Database;\nexport const s = db.prepare('SELECT 1');\ndb.exec('BEGIN');\n`,
      ),
    ).toEqual([]);
    expect(
      await sqlErrors(
        'electron/export/fine.ts',
        [
          "import type Database from 'better-sqlite3';",
          'export type D = Database.Database;',
          'export const m = /^seq:(\\d+)$/.exec(String(1));',
          "export const e = 'Create one with signtrail import, then select the rows to export.';",
          "export const u = 'Update the source, then delete the old one.';",
        ].join('\n') + '\n',
      ),
    ).toEqual([]);
  });
});
