// Which events of a view (a request trail, an entity's lifecycle) are part of a detection hit, from
// the last run's report: one answer per view, not one request per row.
import type { DetectionReport, DetectionRuleInfo } from '../../shared/detections';
import type { DetectionMarks } from '../../shared/ruleFolders';

export function marksFor(report: DetectionReport | null, seqs: readonly number[]): DetectionMarks {
  if (!report) return { ran: false, marks: [] };
  const wanted = new Set(seqs);
  const bySeq = new Map<number, Map<string, DetectionRuleInfo>>();
  for (const hit of report.hits)
    for (const e of hit.events) {
      if (!wanted.has(e.seq)) continue;
      const rules = bySeq.get(e.seq) ?? new Map<string, DetectionRuleInfo>();
      rules.set(hit.rule.id, hit.rule);
      bySeq.set(e.seq, rules);
    }
  return {
    ran: true,
    marks: [...bySeq]
      .sort(([a], [b]) => a - b)
      .map(([seq, rules]) => ({ seq, rules: [...rules.values()].sort((a, b) => a.title.localeCompare(b.title)) })),
  };
}
