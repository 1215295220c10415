// The desktop settings file (recent cases) in the app data folder. Read through zod: a file
// edited by hand or cut short falls back to defaults rather than stopping the app.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const MAX_RECENT = 10;

export const settingsSchema = z.object({
  recentCases: z.array(z.string().min(1).max(4096)).max(100).default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

export interface SettingsRead {
  settings: Settings;
  /** Why the file was ignored, when it was. */
  problem: string | null;
}

export function readSettings(file: string): SettingsRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { settings: settingsSchema.parse({}), problem: null };
  }
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { settings: parsed.data, problem: null };
    const issue = parsed.error.issues[0];
    return {
      settings: settingsSchema.parse({}),
      problem: `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}; using defaults.`,
    };
  } catch (err) {
    return {
      settings: settingsSchema.parse({}),
      problem: `${file} is not valid JSON (${(err as Error).message}); using defaults.`,
    };
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
export function writeSettings(file: string, settings: Settings): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(settings, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/** Most recent first, each case once, at most ten. */
export function rememberRecentCase(settings: Settings, casePath: string): Settings {
  const resolved = path.resolve(casePath);
  return {
    ...settings,
    recentCases: [resolved, ...settings.recentCases.filter((p) => p !== resolved)].slice(0, MAX_RECENT),
  };
}
