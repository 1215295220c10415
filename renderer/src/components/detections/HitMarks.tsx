// The marks of the trail and lifecycle views: which of a view's events are part of a detection hit
// (one detect.marks request per view, not one per row), as chips that name the rule and its level
// and open the rule's hits.
import { useEffect, useState } from 'react';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import type { DetectionRuleInfo } from '../../../../shared/detections';
import { invoke } from '../../api/client';
import { LEVEL_COLOR } from './levels';

/** What a view needs to mark hits: bumped when a detection run finished, and where a mark leads. */
export interface DetectionMarking {
  /** Bumped after each detection run: the view asks again. */
  runKey: number;
  /** Shows the rule's hits (the Detections panel selects the rule, the grid shows its hits). */
  onShowRule(ruleId: string): void;
}

/** The rules each of these events is part of a hit of; an empty map until a run has finished. */
export function useHitMarks(seqs: readonly number[] | null, runKey: number): Map<number, DetectionRuleInfo[]> {
  const [marks, setMarks] = useState<Map<number, DetectionRuleInfo[]>>(new Map());
  const key = seqs ? seqs.join(',') : '';
  useEffect(() => {
    let current = true;
    setMarks(new Map());
    if (!key) return;
    invoke('detect.marks', { seqs: key.split(',').map(Number) })
      // A mark is a help, not the view: if the question fails, the view shows its events unmarked.
      .then((m) => current && setMarks(new Map(m.marks.map((x) => [x.seq, x.rules]))))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [key, runKey]);
  return marks;
}

export function HitChips({ rules, onShowRule }: { rules: DetectionRuleInfo[]; onShowRule(ruleId: string): void }) {
  return (
    <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', mt: 0.5 }} useFlexGap>
      {rules.map((r) => (
        <Chip
          key={r.id}
          size="small"
          color={LEVEL_COLOR[r.level]}
          label={`Hit: ${r.title} (${r.level})`}
          aria-label={`Detection hit: ${r.title}, level ${r.level}. Show the rule's hits`}
          onClick={(e) => {
            // The chip leads to the rule; the row itself opens the event.
            e.stopPropagation();
            onShowRule(r.id);
          }}
          onKeyDown={(e) => e.stopPropagation()}
          sx={{ maxWidth: '100%', height: 'auto', '& .MuiChip-label': { whiteSpace: 'normal' } }}
        />
      ))}
    </Stack>
  );
}
