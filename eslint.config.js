// Lint: typescript-eslint's recommended rules, the boundary that keeps shared/ portable (it may
// import neither Node, Electron nor anything that needs the DOM), and the floors of the house
// (docs/architecture.md): an import may only go down a floor, never up.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Folders of electron/ from the top floor down; each may import only from its own floor or below. */
export const FLOORS = [
  { name: 'shell', dirs: ['electron/main.ts', 'electron/preload.ts', 'electron/window', 'electron/desktop'] },
  { name: 'doors', dirs: ['electron/ipc', 'electron/serve', 'electron/cli'] },
  { name: 'service', dirs: ['electron/service'] },
  {
    name: 'features',
    dirs: [
      'electron/ingest',
      'electron/export',
      'electron/sync',
      'electron/demo',
      'electron/journal',
      'electron/evidence',
      'electron/proofs',
      'electron/detect',
      'electron/report',
    ],
  },
  { name: 'store', dirs: ['electron/store', 'electron/integrity'] },
  { name: 'threads', dirs: ['electron/threads', 'electron/version.ts', 'electron/currentUser.ts'] },
];

/** One zone per floor: its folders may not import any folder of a floor above it. */
function floorZones() {
  return FLOORS.slice(1).map((floor, i) => {
    const above = FLOORS.slice(0, i + 1);
    return {
      target: floor.dirs.map((d) => `./${d}`),
      from: above.flatMap((f) => f.dirs.map((d) => `./${d}`)),
      message: `the ${floor.name} floor may not import from a floor above it (${above.map((f) => f.name).join(', ')}); see docs/architecture.md.`,
    };
  });
}

/** Doors do not call each other: each reaches the service on its own (the CLI may start browser mode). */
const DOOR_ZONES = [
  {
    target: './electron/ipc',
    from: ['./electron/serve', './electron/cli'],
    message: 'a door does not import another door.',
  },
  {
    target: './electron/serve',
    from: ['./electron/ipc', './electron/cli'],
    message: 'a door does not import another door.',
  },
  { target: './electron/cli', from: ['./electron/ipc'], message: 'a door does not import another door.' },
];

/**
 * SQL lives only in electron/store/ (migrations included): no statement text, no prepare/exec/pragma
 * on a connection, and no better-sqlite3 connection of its own anywhere else. Statement text is
 * recognised by its opening keyword in capitals (`SELECT …`, `INSERT INTO …`), so English text
 * such as "Create one with…" passes; `exec` counts only with a literal argument, so RegExp#exec passes.
 */
const SQL_TEXT =
  '/^\\s*(SELECT\\b|INSERT (OR \\w+ )?INTO\\b|UPDATE \\w+ SET\\b|DELETE FROM\\b|CREATE (TEMP |TEMPORARY |UNIQUE |VIRTUAL )?(TABLE|INDEX|VIEW|TRIGGER)\\b|DROP (TABLE|INDEX|VIEW|TRIGGER)\\b|ALTER TABLE\\b|PRAGMA\\b|WITH (RECURSIVE )?\\w+( ?\\([^)]*\\))? AS\\b|BEGIN\\b|COMMIT\\b|ROLLBACK\\b|SAVEPOINT\\b|RELEASE\\b)/';
const SQL_MESSAGE = 'SQL lives only in electron/store/: call (or add) a store function whose name says what it does.';
export const SQL_ONLY_IN_STORE = [
  'error',
  { selector: `Literal[value=${SQL_TEXT}]`, message: SQL_MESSAGE },
  { selector: `TemplateElement[value.raw=${SQL_TEXT}]`, message: SQL_MESSAGE },
  {
    selector: "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(prepare|pragma)$/]",
    message: SQL_MESSAGE,
  },
  {
    selector:
      "CallExpression[callee.type='MemberExpression'][callee.property.name='exec'][arguments.0.type=/^(Literal|TemplateLiteral)$/]",
    message: SQL_MESSAGE,
  },
  { selector: "ImportDeclaration[source.value='better-sqlite3'][importKind!='type']", message: SQL_MESSAGE },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-electron',
      '.bench-bundles',
      'release',
      'test-results',
      'playwright-report',
      '.ci',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware: a promise nobody awaits is how an unchecked sealed export once got imported
    // (docs/threat-model.md). Every promise is awaited, returned, or explicitly voided with a catch.
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['electron/**/*.ts', 'renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })] },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...floorZones(),
            ...DOOR_ZONES,
            {
              target: './renderer',
              from: './electron',
              message: 'the renderer reaches electron/ only through shared/ (the contract).',
            },
            {
              target: './shared',
              from: ['./electron', './renderer'],
              message: 'shared/ is the bottom floor: it imports only zod.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'shared/ runs in the renderer too: no Node built-ins.' },
            { group: ['electron', 'electron/*'], message: 'shared/ may not import Electron.' },
            { group: ['react', 'react-dom', '@mui/*'], message: 'shared/ may not import DOM or UI code.' },
            {
              group: ['../electron/*', '../renderer/*', '../../*'],
              message: 'shared/ imports only from shared/ and zod.',
            },
          ],
          paths: [
            'fs',
            'path',
            'os',
            'crypto',
            'child_process',
            'http',
            'https',
            'worker_threads',
            'better-sqlite3',
            'papaparse',
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['electron/**/*.ts', 'renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    ignores: ['electron/store/**'],
    rules: { 'no-restricted-syntax': SQL_ONLY_IN_STORE },
  },
);
