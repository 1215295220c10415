// The floors of docs/architecture.md are a lint rule: an import that runs up a floor fails
// `npm run lint` (and so `npm test`); one that goes down passes.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
// The files linted here do not exist, so the type-aware parsing (projectService) cannot see them:
// lint them without type information, with only the floors' rule.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'import-x/no-restricted-paths',
});

async function floorErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`ESLint could not lint ${file}: ${fatal.message}`);
  return result.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message);
}

describe('the floors', () => {
  it('refuse an import up a floor: the store importing the service', async () => {
    const errors = await floorErrors(
      'electron/store/upward.ts',
      "import { createService } from '../service/service';\nexport const x = createService;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/the store floor may not import from a floor above it/);
  });

  it('refuse a feature importing a door, and the service importing the desktop shell', async () => {
    expect(
      await floorErrors('electron/sync/upward.ts', "import { runCli } from '../cli/main';\nexport const x = runCli;\n"),
    ).toHaveLength(1);
    expect(
      await floorErrors(
        'electron/service/upward.ts',
        "import { createDesktopHandlers } from '../desktop/handlers';\nexport const x = createDesktopHandlers;\n",
      ),
    ).toHaveLength(1);
  });

  it('keep the features added later on the features floor: integrity may not import the journal or detections', async () => {
    for (const feature of ['journal/handlers', 'detect/engine', 'report/handlers', 'evidence/makeEvidence']) {
      expect(
        await floorErrors('electron/integrity/upward.ts', `import * as m from '../${feature}';\nexport const x = m;\n`),
      ).toHaveLength(1);
    }
  });

  it('refuse the renderer importing electron/ (it has shared/ only)', async () => {
    expect(
      await floorErrors(
        'renderer/src/upward.ts',
        "import { dispatch } from '../../electron/service/dispatch';\nexport const x = dispatch;\n",
      ),
    ).toHaveLength(1);
  });

  it('let an import go down a floor: a door importing the service, a feature importing the store', async () => {
    expect(
      await floorErrors(
        'electron/cli/down.ts',
        "import { dispatch } from '../service/dispatch';\nexport const x = dispatch;\n",
      ),
    ).toEqual([]);
    expect(
      await floorErrors(
        'electron/sync/down.ts',
        "import { openStore } from '../store/db';\nexport const x = openStore;\n",
      ),
    ).toEqual([]);
  });
});
