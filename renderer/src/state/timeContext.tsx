// How times are shown everywhere: UTC or the OS zone, remembered across starts.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { formatTimestamp, type TimeMode } from '../time/format';
import { localZone } from '../time/zones';
import { readSetting, writeSetting } from './settings';

export interface TimeSettings {
  mode: TimeMode;
  zone: string;
  setMode(mode: TimeMode): void;
  format(iso: string): string;
}

const TimeContext = createContext<TimeSettings | null>(null);

export function TimeProvider({ children }: { children: ReactNode }) {
  const [mode, setModeState] = useState<TimeMode>(() => (readSetting('timeMode', 'utc') === 'local' ? 'local' : 'utc'));
  const zone = useMemo(localZone, []);
  const value = useMemo<TimeSettings>(
    () => ({
      mode,
      zone,
      setMode(next) {
        writeSetting('timeMode', next);
        setModeState(next);
      },
      format: (iso) => formatTimestamp(iso, mode, zone),
    }),
    [mode, zone],
  );
  return <TimeContext.Provider value={value}>{children}</TimeContext.Provider>;
}

export function useTime(): TimeSettings {
  const value = useContext(TimeContext);
  if (!value) throw new Error('useTime needs a TimeProvider above it.');
  return value;
}
