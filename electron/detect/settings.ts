// Detection settings: the zone of the time modifiers and the working hours the pack's
// off-hours rule expands (%off_hours%, %working_hours%).
import type { CompileSettings } from './modifiers';

export interface DetectionSettings {
  timeZone: string;
  /** Working hours [start, end) in whole hours of the day, in timeZone. */
  workingHours: { start: number; end: number };
}

export const DEFAULT_DETECTION_SETTINGS: DetectionSettings = { timeZone: 'UTC', workingHours: { start: 7, end: 20 } };

export function compileSettings(s: DetectionSettings = DEFAULT_DETECTION_SETTINGS): CompileSettings {
  const { start, end } = s.workingHours;
  const working: string[] = [];
  const off: string[] = [];
  for (let h = 0; h < 24; h++) {
    const inside = start <= end ? h >= start && h < end : h >= start || h < end;
    (inside ? working : off).push(String(h));
  }
  return { timeZone: s.timeZone, placeholders: { off_hours: off, working_hours: working } };
}
