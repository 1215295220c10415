// The rule folders a detection run loads besides the shipped pack (docs/detections.md, "Your rule
// folders"): this installation's, kept in the SignTrail home, and the case's, kept in the case file
// and loaded only once this installation confirmed them (the case may come from someone else).
import type { DetectionRuleInfo } from './detections';

export type RuleFolderScope = 'installation' | 'case';

export interface RuleFolderView {
  folder: string;
  scope: RuleFolderScope;
  /** Installation folders always; a case's folder once this installation confirmed it as it is now. */
  confirmed: boolean;
  /** Why an unconfirmed case folder is not loaded (never confirmed, or changed since). */
  note: string | null;
}

export interface RuleFolders {
  folders: RuleFolderView[];
  /** What the case file's list of folders could not be read as (it is input from outside). */
  problems: string[];
}

/** Browser mode's refusal, with the command to use instead (electron/serve/guards.ts). */
export const RULE_FOLDER_BROWSER_REFUSAL =
  'In browser mode a web page may not name folders on this machine or confirm them: add a rule folder with "signtrail rules add [--store FILE] DIR" and confirm a case\'s folder with "signtrail rules confirm --store FILE DIR" on the command line, then run the detections here again.';

/** Which detection hits an event is part of (the trail and lifecycle views' marks). */
export interface DetectionMark {
  seq: number;
  rules: DetectionRuleInfo[];
}

export interface DetectionMarks {
  /** False before the case's first detection run in this session: no marks are known yet. */
  ran: boolean;
  marks: DetectionMark[];
}
