// Counts by value: the top values of each field for the current filter, counted by the store.
// A value filters on it; its ⊘ button excludes it; right-click or Shift+F10 offers both. Past the
// store's sample (FACET_SAMPLE) they are the counts of the newest matches, and the panel says so.
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import IconButton from '@mui/material/IconButton';
import Typography from '@mui/material/Typography';
import BlockIcon from '@mui/icons-material/Block';
import { CATEGORY_LABELS } from '../../../shared/categories';
import type { EventFilter, ValueField } from '../../../shared/filter';
import type { TopValues } from '../../../shared/results';
import { errorMessage, invoke } from '../api/client';
import { FIELD_LABELS } from '../filter/filterState';
import { usePivotProps } from './PivotMenu';

export const FACET_FIELDS: ValueField[] = ['actor', 'action', 'category', 'status', 'entity', 'keyId', 'agent'];
const TOP = 5;
const CATEGORY_NAMES: Record<string, string> = CATEGORY_LABELS;

interface Props {
  filter: EventFilter;
  refreshKey: number;
  onPivot(field: ValueField, value: string, how: 'include' | 'exclude'): void;
}

export function FacetsPanel({ filter, refreshKey, onPivot }: Props) {
  const [facets, setFacets] = useState<TopValues[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(filter);
  // Past the store's sample the counts are those of the newest matches only: said above them.
  const sampled = facets?.find((f) => f.sampled !== undefined)?.sampled;

  useEffect(() => {
    let current = true;
    // After the grid's page and the histogram: counts are read after rows.
    const timer = setTimeout(() => {
      const f = JSON.parse(key) as EventFilter;
      invoke('events.topValues', { filter: f, fields: FACET_FIELDS, limit: TOP })
        .then((all) => {
          if (!current) return;
          setFacets(all);
          setError(null);
        })
        .catch((err) => {
          if (!current) return;
          setFacets(null);
          setError(errorMessage(err));
        });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, refreshKey]);

  return (
    <Box
      component="section"
      aria-label="Facets"
      sx={{ width: 230, flexShrink: 0, overflowY: 'auto', borderRight: 1, borderColor: 'divider', px: 1, py: 0.5 }}
    >
      {sampled !== undefined && (
        <Typography variant="caption" color="text.secondary" component="p" data-testid="facets-sampled">
          Top values of the newest {sampled.toLocaleString('en')} matches.
        </Typography>
      )}
      {error && (
        <Alert severity="warning" sx={{ my: 1 }}>
          Counts not shown: {error}
        </Alert>
      )}
      {(facets ?? FACET_FIELDS.map((field) => ({ field, values: [], more: false }))).map((facet) => (
        <Box key={facet.field} sx={{ mb: 1 }}>
          <Typography variant="subtitle2" component="h2" sx={{ fontSize: 13 }} id={`facet-${facet.field}`}>
            {FIELD_LABELS[facet.field]}
          </Typography>
          <Box component="ul" aria-labelledby={`facet-${facet.field}`} sx={{ listStyle: 'none', m: 0, p: 0 }}>
            {facets && facet.values.length === 0 && (
              <Typography component="li" variant="caption" color="text.secondary">
                none
              </Typography>
            )}
            {facet.values.map((v) => (
              <FacetRow key={v.value} field={facet.field} value={v.value} count={v.count} onPivot={onPivot} />
            ))}
            {facet.more && (
              <Typography component="li" variant="caption" color="text.secondary">
                and more…
              </Typography>
            )}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

function FacetRow({
  field,
  value,
  count,
  onPivot,
}: {
  field: ValueField;
  value: string;
  count: number;
  onPivot: Props['onPivot'];
}) {
  const menu = usePivotProps({ field, value });
  const label = FIELD_LABELS[field];
  const shown = field === 'category' ? (CATEGORY_NAMES[value] ?? value) : value;
  const counted = count.toLocaleString('en');
  return (
    <Box component="li" sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
      <ButtonBase
        onClick={() => onPivot(field, value, 'include')}
        onContextMenu={menu.onContextMenu}
        onKeyDown={menu.onKeyDown}
        // The name holds the visible text as it is shown (value, then count), after what the button does.
        aria-label={`Filter on ${label} ${shown} ${counted}`}
        title={`Filter on ${label} ${shown}`}
        sx={{
          flex: 1,
          minWidth: 0,
          justifyContent: 'space-between',
          px: 0.5,
          py: 0.25,
          borderRadius: 1,
          fontSize: 13,
          '&:hover': { bgcolor: 'action.hover' },
          '&.Mui-focusVisible': { outline: '2px solid', outlineColor: 'primary.main' },
        }}
      >
        <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {shown}
        </Box>{' '}
        <Box component="span" sx={{ ml: 1, color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }}>
          {counted}
        </Box>
      </ButtonBase>
      <IconButton
        size="small"
        aria-label={`Exclude ${label} ${value}`}
        title={`Exclude ${label} ${value}`}
        onClick={() => onPivot(field, value, 'exclude')}
        sx={{ p: 0.25 }}
      >
        <BlockIcon sx={{ fontSize: 16 }} />
      </IconButton>
    </Box>
  );
}
