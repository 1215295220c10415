// The service's detection channels: run the rules (whole store, or only what arrived since the
// last run), a key's blast radius, an artifact's trail.
import type { ParsedArgs } from '../../shared/channels';
import type { ArtifactTrail, BlastRadius, DetectionHit, DetectionReport } from '../../shared/detections';
import type { JobContext } from '../../shared/handlers';
import type { RuleFolders } from '../../shared/ruleFolders';
import type { Db } from '../store/db';
import type { RunExclusive } from '../store/writeQueue';
import { artifactTrail, blastRadius } from './blast';
import type { LifecycleSnapshots } from './engine';
import { marksFor } from './marks';
import {
  caseRuleFolders,
  checkFolderArgument,
  foldersToLoad,
  listRuleFolders,
  RuleFolderError,
  setCaseRuleFolders,
  type RuleFolderSettings,
} from './ruleFolders';
import { runGuarded, WarmDetectWorker } from './runWorker';
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from './settings';

export interface DetectOptions {
  /** Rule folders added to the shipped pack for this run (the command line's --rules). */
  ruleDirs?: string[];
  /** False: only ruleDirs. */
  builtin?: boolean;
  settings?: DetectionSettings;
  /** How long one rule may stay on one event (runWorker.ts). */
  ruleBudgetMs?: number;
}

export interface DetectHandlers {
  'detect.run': (args: ParsedArgs<'detect.run'>, ctx: JobContext) => Promise<DetectionReport>;
  'detect.blastRadius': (args: ParsedArgs<'detect.blastRadius'>) => BlastRadius;
  'detect.artifact': (args: ParsedArgs<'detect.artifact'>) => ArtifactTrail;
  'detect.marks': (args: ParsedArgs<'detect.marks'>) => ReturnType<typeof marksFor>;
  'detect.folders': (args: ParsedArgs<'detect.folders'>) => RuleFolders;
  'detect.addFolder': (args: ParsedArgs<'detect.addFolder'>) => Promise<RuleFolders>;
  'detect.removeFolder': (args: ParsedArgs<'detect.removeFolder'>) => Promise<RuleFolders & { removed: boolean }>;
  'detect.confirmFolder': (args: ParsedArgs<'detect.confirmFolder'>) => RuleFolders;
}

/** Where the remembered rule folders live: the installation's settings and the case's write queue. */
export interface RuleFolderContext {
  settings: RuleFolderSettings;
  runExclusive: RunExclusive;
  /** What a confirmation is bound to: the case's origin and file (ruleFolders.ts caseKey). */
  caseKey(): string;
}

const sameHit = (a: DetectionHit, b: DetectionHit) =>
  a.rule.id === b.rule.id && a.events.length === b.events.length && a.events.every((e, i) => e.seq === b.events[i].seq);

/** Runs the rules; `sinceSeq` limits the run to newer events and the correlation windows they touch. */
export async function detect(
  db: Db,
  options: DetectOptions,
  sinceSeq: number,
  ctx?: JobContext,
  folders?: RuleFolderSettings,
  /** Where the lifecycle states one run leaves for the next are kept (this process's memory). */
  memory?: { lifecycle?: LifecycleSnapshots },
  /** The worker kept between this store's incremental runs (it keeps their lifecycle states). */
  warm?: WarmDetectWorker,
): Promise<DetectionReport> {
  const remembered = folders ? foldersToLoad(folders, db) : { dirs: [], notLoaded: [], problems: [] };
  const ruleDirs = [...new Set([...(options.ruleDirs ?? []), ...remembered.dirs])];
  const { result, errors, lastSeq } = await runGuarded(
    db,
    {
      ruleDirs,
      builtin: options.builtin ?? true,
      settings: options.settings ?? DEFAULT_DETECTION_SETTINGS,
    },
    sinceSeq,
    ctx,
    options.ruleBudgetMs,
    memory?.lifecycle,
    undefined,
    warm,
  );
  // A run in the kept worker leaves its states there (none come back); the caller's are then used up.
  if (memory) memory.lifecycle = result.lifecycle;
  return {
    hits: result.hits.map((h) => ({
      rule: { id: h.rule.id, title: h.rule.title, level: h.rule.level, tags: h.rule.tags },
      events: h.events,
    })),
    rules: result.rules.map(({ id, title, level, tags, description, file, kind, reports, hits }) => ({
      id,
      title,
      level,
      tags,
      description,
      file,
      kind,
      reports,
      hits,
    })),
    errors,
    scanned: result.scanned,
    lastSeq,
    incremental: sinceSeq > 0,
    ms: result.ms,
    foldersNotLoaded: [...remembered.notLoaded, ...remembered.problems.map((note) => ({ folder: 'case file', note }))],
  };
}

export function detectHandlers(
  db: Db,
  options: DetectOptions = {},
  folders?: RuleFolderContext,
  /** The worker kept between incremental runs; the service closes it with the store. */
  warm: WarmDetectWorker = new WarmDetectWorker(),
): DetectHandlers {
  /** The last full report, kept current by incremental runs after imports and syncs. */
  let current: DetectionReport | null = null;
  /** Key and certificate states the last run left, for the next incremental one (never written to the case). */
  const memory: { lifecycle?: LifecycleSnapshots } = {};
  const settings = folders?.settings;
  const needFolders = (): RuleFolderContext => {
    if (!folders) throw new RuleFolderError('This service keeps no rule folders (it has no SignTrail home).');
    return folders;
  };
  /** The rules changed: the next run, even one asked to be incremental, covers the whole case. */
  const changed = (): RuleFolders => {
    current = null;
    return listRuleFolders(needFolders().settings, db);
  };
  return {
    'detect.run': async (args, ctx) => {
      if (!args.incremental || !current)
        return (current = await detect(db, options, args.sinceSeq ?? 0, ctx, settings, memory, warm));
      const added = await detect(db, options, current.lastSeq, ctx, settings, memory, warm);
      const hits = [...current.hits];
      for (const h of added.hits) if (!hits.some((old) => sameHit(old, h))) hits.push(h);
      const counts = new Map<string, number>();
      for (const h of hits) counts.set(h.rule.id, (counts.get(h.rule.id) ?? 0) + 1);
      current = {
        ...added,
        hits,
        rules: added.rules.map((r) => ({ ...r, hits: counts.get(r.id) ?? 0 })),
      };
      return current;
    },
    'detect.blastRadius': (args) => blastRadius(db, args.keyId, args.from, args.to),
    'detect.artifact': (args) => artifactTrail(db, args.query),
    'detect.marks': (args) => marksFor(current, args.seqs),
    'detect.folders': () => (settings ? listRuleFolders(settings, db) : { folders: [], problems: [] }),
    'detect.addFolder': async ({ folder, scope }) => {
      const f = needFolders();
      checkFolderArgument(folder);
      if (scope === 'installation') f.settings.addInstallationFolder(folder);
      else {
        await f.runExclusive(async (writer) => {
          const named = caseRuleFolders(writer).folders;
          if (!named.includes(folder)) setCaseRuleFolders(writer, [...named, folder]);
        });
        // The user chose it here: it is confirmed for this installation.
        f.settings.confirm(f.caseKey(), folder);
      }
      return changed();
    },
    'detect.removeFolder': async ({ folder, scope }) => {
      const f = needFolders();
      let removed = false;
      if (scope === 'installation') removed = f.settings.removeInstallationFolder(folder);
      else {
        removed = await f.runExclusive(async (writer) => {
          const named = caseRuleFolders(writer).folders;
          if (!named.includes(folder)) return false;
          setCaseRuleFolders(
            writer,
            named.filter((n) => n !== folder),
          );
          return true;
        });
        f.settings.forget(f.caseKey(), folder);
      }
      return { ...changed(), removed };
    },
    'detect.confirmFolder': ({ folder }) => {
      const f = needFolders();
      // Only a folder this case names can be confirmed, exactly as the case names it.
      if (!caseRuleFolders(db).folders.includes(folder))
        throw new RuleFolderError(`This case names no rule folder ${folder}; nothing was confirmed.`);
      checkFolderArgument(folder);
      f.settings.confirm(f.caseKey(), folder);
      return changed();
    },
  };
}
