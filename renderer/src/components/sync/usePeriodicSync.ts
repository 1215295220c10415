// "Sync every N minutes while the app is open": the preference, remembered in localStorage, and its timer.
import { useEffect, useState } from 'react';
import { readJsonSetting, writeJsonSetting } from '../../state/settings';
import { readPeriodic, type PeriodicSync } from './syncRules';

const SETTING = 'sync.periodic';

export function usePeriodicSync(active: boolean, run: () => void): [PeriodicSync, (next: PeriodicSync) => void] {
  const [periodic, setPeriodic] = useState<PeriodicSync>(() => readPeriodic(readJsonSetting(SETTING, null)));

  useEffect(() => {
    if (!active || !periodic.enabled) return;
    const timer = setInterval(run, periodic.minutes * 60_000);
    return () => clearInterval(timer);
  }, [active, periodic.enabled, periodic.minutes, run]);

  const update = (next: PeriodicSync) => {
    const repaired = readPeriodic(next);
    writeJsonSetting(SETTING, repaired);
    setPeriodic(repaired);
  };
  return [periodic, update];
}
