// The filter bar: time range, actor, action, status, category, keyword search.
import { useEffect, useMemo, useRef, useState } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import TextField from '@mui/material/TextField';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../../../shared/categories';
import { STATUSES, type Status } from '../../../shared/event';
import type { Facets } from '../../../shared/results';
import { actionOptions, type ActionOption } from '../filter/actionGroups';
import { EMPTY_FILTER, rangeIsEmpty, type FilterState } from '../filter/filterState';
import { useDebounced } from '../state/useDebounced';
import { useTime } from '../state/timeContext';
import { inputToInstant, instantToInput } from '../time/format';

const SEARCH_HINT = 'Words, "phrases", prefix*, AND / OR / NOT. Press / to search.';

interface Props {
  filter: FilterState;
  facets: Facets | null;
  searchError: string | null;
  onChange(next: FilterState): void;
}

export function FilterBar({ filter, facets, searchError, onChange }: Props) {
  const time = useTime();
  const actions = useMemo(() => actionOptions(facets?.actions ?? []), [facets]);
  const selectedActions = useMemo(
    () =>
      filter.actions.map((a) => actions.find((o) => o.action === a) ?? actionOptions([{ action: a, category: '' }])[0]),
    [filter.actions, actions],
  );

  return (
    <Box
      component="section"
      aria-label="Filters"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'flex-start', p: 1 }}
    >
      <TimeField
        label="From"
        value={filter.from}
        onChange={(from) => onChange({ ...filter, from })}
        mode={time.mode}
        zone={time.zone}
      />
      <TimeField
        label="To"
        value={filter.to}
        onChange={(to) => onChange({ ...filter, to })}
        mode={time.mode}
        zone={time.zone}
        error={rangeIsEmpty(filter) ? 'To must be after From.' : null}
      />
      <Autocomplete
        multiple
        size="small"
        sx={{ minWidth: 200, maxWidth: 360 }}
        options={facets?.actors ?? []}
        value={filter.actors}
        onChange={(_, actors) => onChange({ ...filter, actors })}
        renderInput={(params) => <TextField {...params} label="Actor" />}
      />
      <Autocomplete<ActionOption, true>
        multiple
        size="small"
        sx={{ minWidth: 220, maxWidth: 400 }}
        options={actions}
        groupBy={(o) => o.group}
        getOptionLabel={(o) => o.action}
        isOptionEqualToValue={(a, b) => a.action === b.action}
        value={selectedActions}
        onChange={(_, chosen) => onChange({ ...filter, actions: chosen.map((o) => o.action) })}
        renderInput={(params) => <TextField {...params} label="Action" />}
      />
      <Autocomplete<Status, true>
        multiple
        size="small"
        sx={{ minWidth: 160 }}
        options={[...STATUSES]}
        value={filter.statuses}
        onChange={(_, statuses) => onChange({ ...filter, statuses })}
        renderInput={(params) => <TextField {...params} label="Status" />}
      />
      <Autocomplete<Category, true>
        multiple
        size="small"
        sx={{ minWidth: 180 }}
        options={[...CATEGORIES]}
        getOptionLabel={(c) => CATEGORY_LABELS[c]}
        value={filter.categories}
        onChange={(_, categories) => onChange({ ...filter, categories })}
        renderInput={(params) => <TextField {...params} label="Category" />}
      />
      <SearchField value={filter.q} error={searchError} onChange={(q) => onChange({ ...filter, q })} />
      <ContextChips filter={filter} onChange={onChange} />
      <Button size="small" onClick={() => onChange(EMPTY_FILTER)} sx={{ mt: 0.5 }}>
        Clear filters
      </Button>
    </Box>
  );
}

function TimeField(props: {
  label: string;
  value: string | null;
  mode: 'utc' | 'local';
  zone: string;
  error?: string | null;
  onChange(value: string | null): void;
}) {
  const shown = instantToInput(props.value, props.mode, props.zone);
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  return (
    <TextField
      size="small"
      type="datetime-local"
      label={props.label}
      value={text}
      error={Boolean(props.error)}
      helperText={props.error ?? (props.mode === 'utc' ? 'UTC' : props.zone)}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value === '') props.onChange(null);
        else {
          const instant = inputToInstant(e.target.value, props.mode, props.zone);
          if (instant) props.onChange(instant);
        }
      }}
      slotProps={{ inputLabel: { shrink: true }, htmlInput: { step: 1 } }}
    />
  );
}

function SearchField({ value, error, onChange }: { value: string; error: string | null; onChange(q: string): void }) {
  const [text, setText] = useState(value);
  const settled = useDebounced(text, 300);
  const ref = useRef<HTMLInputElement>(null);
  const lastSent = useRef(value);

  useEffect(() => {
    // An outside change (Clear, a pasted link) replaces what is typed.
    if (value !== lastSent.current) {
      lastSent.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (settled !== lastSent.current) {
      lastSent.current = settled;
      onChange(settled);
    }
  }, [settled, onChange]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing =
        target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        ref.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <TextField
      size="small"
      type="search"
      label="Search"
      inputRef={ref}
      value={text}
      error={Boolean(error)}
      helperText={error ?? SEARCH_HINT}
      onChange={(e) => setText(e.target.value)}
      sx={{ minWidth: 280, flexGrow: 1, maxWidth: 480 }}
    />
  );
}

function ContextChips({ filter, onChange }: { filter: FilterState; onChange(next: FilterState): void }) {
  const chips: { label: string; clear: Partial<FilterState> }[] = [];
  if (filter.requestId) chips.push({ label: `Request ${filter.requestId}`, clear: { requestId: null } });
  if (filter.entityType || filter.entityId) {
    chips.push({
      label: `Entity ${[filter.entityType, filter.entityId].filter(Boolean).join(':')}`,
      clear: { entityType: null, entityId: null },
    });
  }
  return (
    <>
      {chips.map((chip) => (
        <Chip
          key={chip.label}
          label={chip.label}
          onDelete={() => onChange({ ...filter, ...chip.clear })}
          sx={{ mt: 0.5 }}
        />
      ))}
    </>
  );
}
