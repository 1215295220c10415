// Which rules a run loads: the shipped pack and the given folders, minus the rules a previous
// attempt stopped for taking too long (and the correlations built on them).
import { loadRules } from './load';
import { compileSettings, DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from './settings';
import type { Rule } from './types';

export interface RunLoadOptions {
  ruleDirs: string[];
  builtin: boolean;
  settings: DetectionSettings;
  /** Rule ids left out of this run. */
  skip: string[];
}

export interface LoadedForRun {
  rules: Rule[];
  errors: { file: string; line: number; problem: string }[];
}

type Problem = LoadedForRun['errors'][number];

export function loadForRun(options: RunLoadOptions): LoadedForRun {
  const loaded = loadRules({
    dirs: options.ruleDirs,
    builtin: options.builtin,
    settings: compileSettings(options.settings ?? DEFAULT_DETECTION_SETTINGS),
  });
  const skipped = new Set(options.skip);
  const dropped: Problem[] = [];
  // A correlation over a skipped rule is skipped too (chains included).
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of loaded.rules)
      if (!skipped.has(r.meta.id) && r.kind === 'correlation' && r.rules.some((id) => skipped.has(id))) {
        skipped.add(r.meta.id);
        dropped.push({
          file: r.meta.file,
          line: r.meta.line,
          problem: `not run: it correlates rule "${r.rules.find((id) => skipped.has(id))}", which was stopped`,
        });
        changed = true;
      }
  }
  return {
    rules: loaded.rules.filter((r) => !skipped.has(r.meta.id)),
    errors: [...loaded.errors.map((e) => ({ file: e.file, line: e.line, problem: e.problem })), ...dropped],
  };
}
