// The service's detection channels: run the rules (whole store, or only what arrived since the
// last run), a key's blast radius, an artifact's trail.
import type { ParsedArgs } from '../../shared/channels';
import type { ArtifactTrail, BlastRadius, DetectionHit, DetectionReport } from '../../shared/detections';
import type { JobContext } from '../../shared/handlers';
import type { Db } from '../store/db';
import { artifactTrail, blastRadius } from './blast';
import { runGuarded } from './runWorker';
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from './settings';

export interface DetectOptions {
  /** Rule folders added to the shipped pack (per installation and per case). */
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
}

const sameHit = (a: DetectionHit, b: DetectionHit) =>
  a.rule.id === b.rule.id && a.events.length === b.events.length && a.events.every((e, i) => e.seq === b.events[i].seq);

/** Runs the rules; `sinceSeq` limits the run to newer events and the correlation windows they touch. */
export async function detect(
  db: Db,
  options: DetectOptions,
  sinceSeq: number,
  ctx?: JobContext,
): Promise<DetectionReport> {
  const { result, errors, lastSeq } = await runGuarded(
    db,
    {
      ruleDirs: options.ruleDirs ?? [],
      builtin: options.builtin ?? true,
      settings: options.settings ?? DEFAULT_DETECTION_SETTINGS,
    },
    sinceSeq,
    ctx,
    options.ruleBudgetMs,
  );
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
  };
}

export function detectHandlers(db: Db, options: DetectOptions = {}): DetectHandlers {
  /** The last full report, kept current by incremental runs after imports and syncs. */
  let current: DetectionReport | null = null;
  return {
    'detect.run': async (args, ctx) => {
      if (!args.incremental || !current) return (current = await detect(db, options, args.sinceSeq ?? 0, ctx));
      const added = await detect(db, options, current.lastSeq, ctx);
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
  };
}
