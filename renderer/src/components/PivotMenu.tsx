// "Filter on value" / "Exclude value" for any value on screen: a grid cell, a detail field, a
// facet. Opened by right-click, the context-menu key or Shift+F10; the menu gives the focus back.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import type { ValueField } from '../../../shared/filter';
import { FIELD_LABELS } from '../filter/filterState';

export interface PivotTarget {
  field: ValueField;
  value: string;
}

type Open = (target: PivotTarget, at: { x: number; y: number } | HTMLElement) => void;

const PivotContext = createContext<Open>(() => undefined);

export function PivotProvider({
  onPivot,
  children,
}: {
  onPivot(target: PivotTarget, how: 'include' | 'exclude'): void;
  children: ReactNode;
}) {
  const [state, setState] = useState<{ target: PivotTarget; at: { x: number; y: number } | HTMLElement } | null>(null);
  const open = useCallback<Open>((target, at) => setState({ target, at }), []);
  const choose = (how: 'include' | 'exclude') => {
    if (state) onPivot(state.target, how);
    setState(null);
  };
  const at = state?.at;
  const byPosition = at !== undefined && !(at instanceof HTMLElement);
  return (
    <PivotContext.Provider value={open}>
      {children}
      <Menu
        open={state !== null}
        onClose={() => setState(null)}
        anchorReference={byPosition ? 'anchorPosition' : 'anchorEl'}
        anchorPosition={byPosition ? { top: at.y, left: at.x } : undefined}
        anchorEl={!byPosition ? (at ?? null) : null}
        slotProps={{ list: { 'aria-label': state ? `${FIELD_LABELS[state.target.field]} ${state.target.value}` : '' } }}
      >
        {state && (
          <ListSubheader sx={{ lineHeight: '32px', maxWidth: 360, overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {FIELD_LABELS[state.target.field]}: {state.target.value}
          </ListSubheader>
        )}
        <MenuItem onClick={() => choose('include')}>Filter on value</MenuItem>
        <MenuItem onClick={() => choose('exclude')}>Exclude value</MenuItem>
      </Menu>
    </PivotContext.Provider>
  );
}

export function usePivotMenu(): Open {
  return useContext(PivotContext);
}

/** True for the keys that open a context menu: the menu key and Shift+F10. */
export function isMenuKey(e: { key: string; shiftKey: boolean }): boolean {
  return e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10');
}

/** Props that make an element offer the pivot menu for its value, by mouse and keyboard. */
export function usePivotProps(target: PivotTarget | null) {
  const open = usePivotMenu();
  return useMemo(
    () =>
      target
        ? {
            tabIndex: 0,
            'aria-haspopup': 'menu' as const,
            title: 'Right-click or Shift+F10: filter on or exclude this value',
            onContextMenu: (e: React.MouseEvent<HTMLElement>) => {
              e.preventDefault();
              open(target, { x: e.clientX, y: e.clientY });
            },
            onKeyDown: (e: React.KeyboardEvent<HTMLElement>) => {
              if (isMenuKey(e)) {
                e.preventDefault();
                e.stopPropagation();
                open(target, e.currentTarget);
              }
            },
          }
        : {},
    [target?.field, target?.value, open],
  );
}
