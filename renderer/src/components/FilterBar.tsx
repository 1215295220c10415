// The filter bar: fixed-width controls that never reflow (picked values show as chips in the
// row below, inclusions and exclusions alike), and text boxes that keep what the user typed.
import { useEffect, useMemo, useRef, useState } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import Typography from '@mui/material/Typography';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../../../shared/categories';
import { STATUSES, type Status } from '../../../shared/event';
import type { Facets } from '../../../shared/results';
import { actionOptions, type ActionOption } from '../filter/actionGroups';
import { criteriaChips, EMPTY_FILTER, rangeIsEmpty, splitEntity, type FilterState } from '../filter/filterState';
import { useDebounced } from '../state/useDebounced';
import { FLOATING_HELPER } from './floatingHelper';
import { RangeMenu, TimeField } from './TimeField';

const SEARCH_HINT = 'Words, "phrases", prefix*, AND / OR / NOT. Press / to search.';

/** A multi-value box stays one line high whatever it holds. */
const ONE_LINE = { '& .MuiAutocomplete-inputRoot': { flexWrap: 'nowrap', height: 40 } } as const;

interface Props {
  filter: FilterState;
  facets: Facets | null;
  searchError: string | null;
  /** The case's first and last event times, for the relative ranges. */
  span: { first: string; last: string } | null;
  /** Tag names in use in the case journal (the "Tagged" box's suggestions). */
  tagNames: string[];
  onChange(next: FilterState): void;
}

export function FilterBar({ filter, facets, searchError, span, tagNames, onChange }: Props) {
  const actions = useMemo(() => actionOptions(facets?.actions ?? []), [facets]);
  const selectedActions = useMemo(
    () =>
      filter.actions.map((a) => actions.find((o) => o.action === a) ?? actionOptions([{ action: a, category: '' }])[0]),
    [filter.actions, actions],
  );
  const entityText = filter.entityId ? [filter.entityType, filter.entityId].filter(Boolean).join(':') : '';

  return (
    <Box component="section" aria-label="Filters" sx={{ px: 1, pt: 1 }}>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 1, rowGap: 2, alignItems: 'flex-start', pb: 2 }}>
        <TimeField label="From" value={filter.from} onChange={(from) => onChange({ ...filter, from })} />
        <TimeField
          label="To"
          value={filter.to}
          onChange={(to) => onChange({ ...filter, to })}
          error={rangeIsEmpty(filter) ? 'To must be after From.' : null}
        />
        <RangeMenu span={span} onRange={(from, to) => onChange({ ...filter, from, to })} />
        <PickList
          label="Actor"
          width={170}
          options={facets?.actors ?? []}
          value={filter.actors}
          onChange={(actors) => onChange({ ...filter, actors })}
        />
        <Autocomplete<ActionOption, true>
          multiple
          size="small"
          autoHighlight
          clearOnBlur={false}
          disableCloseOnSelect={false}
          sx={{ width: 170, ...ONE_LINE }}
          options={actions}
          groupBy={(o) => o.group}
          getOptionLabel={(o) => o.action}
          isOptionEqualToValue={(a, b) => a.action === b.action}
          value={selectedActions}
          onChange={(_, chosen) => onChange({ ...filter, actions: chosen.map((o) => o.action) })}
          renderValue={(v) => <Summary values={v.map((o) => o.action)} />}
          renderInput={(params) => <TextField {...params} label="Action" />}
        />
        <PickList<Status>
          label="Status"
          width={130}
          options={[...STATUSES]}
          value={filter.statuses}
          onChange={(statuses) => onChange({ ...filter, statuses })}
        />
        <PickList<Category>
          label="Category"
          width={150}
          options={[...CATEGORIES]}
          getLabel={(c) => CATEGORY_LABELS[c]}
          value={filter.categories}
          onChange={(categories) => onChange({ ...filter, categories })}
        />
        <TextFilter
          label="Entity"
          placeholder="Type:ID"
          width={170}
          value={entityText}
          onChange={(text) => {
            const { type, id } = splitEntity(text);
            onChange({ ...filter, entityType: type, entityId: id });
          }}
        />
        <TextFilter
          label="Request ID"
          width={140}
          value={filter.requestId ?? ''}
          onChange={(t) => onChange({ ...filter, requestId: t.trim() || null })}
        />
        <TextFilter
          label="Key ID"
          width={130}
          value={filter.keyId ?? ''}
          onChange={(t) => onChange({ ...filter, keyId: t.trim() || null })}
        />
        <PickList
          label="Tagged"
          width={150}
          options={tagNames}
          value={filter.tags}
          onChange={(tags) => onChange({ ...filter, tags })}
        />
        <ToggleButton
          value="starred"
          size="small"
          selected={filter.starred}
          onChange={() => onChange({ ...filter, starred: !filter.starred })}
          sx={{ height: 40 }}
          title="Only events starred in the case journal"
        >
          Starred
        </ToggleButton>
        <ToggleButton
          value="commented"
          size="small"
          selected={filter.commented}
          onChange={() => onChange({ ...filter, commented: !filter.commented })}
          sx={{ height: 40 }}
          title="Only events with a comment in the case journal"
        >
          Commented
        </ToggleButton>
        <SearchField value={filter.q} error={searchError} onChange={(q) => onChange({ ...filter, q })} />
      </Box>
      <CriteriaRow filter={filter} onChange={onChange} />
    </Box>
  );
}

/** What a multi-value box holds, on one line that never grows: the first value and "+N". */
function Summary({ values }: { values: readonly string[] }) {
  if (values.length === 0) return null;
  return (
    <Typography component="span" variant="body2" noWrap sx={{ maxWidth: '70%', pl: 0.5 }} title={values.join(', ')}>
      {values[0]}
      {values.length > 1 ? ` +${values.length - 1}` : ''}
    </Typography>
  );
}

/**
 * A multi-value box. Enter takes the highlighted suggestion (the first, as you type); text that
 * matches nothing stays in the box and says it is not applied.
 */
function PickList<T extends string>(props: {
  label: string;
  width: number;
  options: T[];
  value: T[];
  getLabel?: (v: T) => string;
  onChange(values: T[]): void;
}) {
  const [input, setInput] = useState('');
  const pending = input.trim() !== '';
  return (
    <Autocomplete<T, true>
      multiple
      size="small"
      autoHighlight
      clearOnBlur={false}
      sx={{ width: props.width, ...ONE_LINE }}
      options={props.options}
      getOptionLabel={props.getLabel}
      value={props.value}
      inputValue={input}
      onInputChange={(_, v, reason) => setInput(reason === 'reset' ? '' : v)}
      onChange={(_, values) => {
        setInput('');
        props.onChange(values);
      }}
      renderValue={(v) => <Summary values={v.map((x) => (props.getLabel ? props.getLabel(x) : x))} />}
      renderInput={(params) => (
        <TextField
          {...params}
          label={props.label}
          color={pending ? 'warning' : undefined}
          focused={pending || undefined}
          helperText={pending ? `“${input.trim()}” is not applied: pick a suggestion` : undefined}
          slotProps={{ ...params.slotProps, ...FLOATING_HELPER }}
        />
      )}
    />
  );
}

/**
 * A one-value text filter: applied after a pause in typing, on Enter and on leaving the box.
 * While the text differs from the applied filter the box says so.
 */
function TextFilter(props: {
  label: string;
  width: number;
  value: string;
  placeholder?: string;
  onChange(text: string): void;
}) {
  const [text, setText] = useState(props.value);
  const settled = useDebounced(text, 600);
  const lastSent = useRef(props.value);
  useEffect(() => {
    if (props.value !== lastSent.current) {
      lastSent.current = props.value;
      setText(props.value);
    }
  }, [props.value]);
  const apply = (t: string) => {
    if (t.trim() === lastSent.current.trim()) return;
    lastSent.current = t.trim();
    props.onChange(t);
  };
  useEffect(() => apply(settled), [settled]);
  const pending = text.trim() !== props.value.trim();
  return (
    <TextField
      size="small"
      label={props.label}
      placeholder={props.placeholder}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => e.key === 'Enter' && apply(text)}
      onBlur={() => apply(text)}
      helperText={pending ? 'not applied yet' : undefined}
      slotProps={FLOATING_HELPER}
      sx={{ width: props.width }}
    />
  );
}

function SearchField({ value, error, onChange }: { value: string; error: string | null; onChange(q: string): void }) {
  const [text, setText] = useState(value);
  const settled = useDebounced(text, 300);
  const ref = useRef<HTMLInputElement>(null);
  const lastSent = useRef(value);

  useEffect(() => {
    // An outside change (Clear, a pasted link, Back) replaces what is typed.
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
      helperText={error ?? undefined}
      title={SEARCH_HINT}
      placeholder={'prefix*, "phrase", AND / OR / NOT'}
      onChange={(e) => setText(e.target.value)}
      slotProps={FLOATING_HELPER}
      sx={{ width: 280, flexGrow: 1, maxWidth: 420 }}
    />
  );
}

/** Every criterion as a chip (exclusions outlined and marked "not"), and Clear filters. */
function CriteriaRow({ filter, onChange }: { filter: FilterState; onChange(next: FilterState): void }) {
  const chips = criteriaChips(filter);
  return (
    <Box sx={{ display: 'flex', gap: 0.5, alignItems: 'center', minHeight: 32, pb: 0.5 }}>
      <Box
        role="list"
        aria-label="Active filters"
        sx={{ display: 'flex', gap: 0.5, alignItems: 'center', overflowX: 'auto', flex: 1, minWidth: 0 }}
      >
        {chips.length === 0 && (
          <Typography variant="body2" color="text.secondary" role="listitem">
            No filter: every event.
          </Typography>
        )}
        {chips.map((chip) => (
          <Chip
            role="listitem"
            key={chip.key}
            size="small"
            label={chip.label}
            variant={chip.exclude ? 'outlined' : 'filled'}
            color={chip.exclude ? 'error' : 'default'}
            onDelete={() => onChange(chip.remove(filter))}
          />
        ))}
      </Box>
      {/* Outside the list: a list holds only its items. */}
      <Button size="small" onClick={() => onChange(EMPTY_FILTER)} sx={{ flexShrink: 0 }}>
        Clear filters
      </Button>
    </Box>
  );
}
