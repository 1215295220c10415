// The trail and lifecycle views' marks: which of a view's events are part of a hit, from the last
// run's report, in one answer.
import { describe, expect, it } from 'vitest';
import { marksFor } from '../../electron/detect/marks';
import type { DetectionReport } from '../../shared/detections';

const rule = (id: string, title: string, level: 'high' | 'medium' = 'high') => ({ id, title, level, tags: [] });
const ev = (seq: number) => ({ seq, id: `evt-${seq}`, ts: '2026-01-01T00:00:00.000000Z' });

const report: DetectionReport = {
  hits: [
    { rule: rule('burst', 'Burst of denials'), events: [ev(3), ev(4), ev(5)] },
    { rule: rule('burst', 'Burst of denials'), events: [ev(5), ev(9)] },
    { rule: rule('night', 'Signing outside working hours', 'medium'), events: [ev(4)] },
  ],
  rules: [],
  errors: [],
  scanned: 10,
  lastSeq: 10,
  incremental: false,
  ms: 1,
  foldersNotLoaded: [],
};

describe('marksFor', () => {
  it('says nothing is known before the first run', () => {
    expect(marksFor(null, [1, 2])).toEqual({ ran: false, marks: [] });
  });

  it('lists each asked event that is part of a hit once, with each of its rules once, in seq order', () => {
    expect(marksFor(report, [9, 4, 5, 6, 1])).toEqual({
      ran: true,
      marks: [
        {
          seq: 4,
          rules: [rule('burst', 'Burst of denials'), rule('night', 'Signing outside working hours', 'medium')],
        },
        { seq: 5, rules: [rule('burst', 'Burst of denials')] },
        { seq: 9, rules: [rule('burst', 'Burst of denials')] },
      ],
    });
    expect(marksFor(report, [1, 2, 6])).toEqual({ ran: true, marks: [] });
    expect(marksFor(report, [])).toEqual({ ran: true, marks: [] });
  });
});
