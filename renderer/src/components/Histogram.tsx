// Events over time: round buckets over the case's span (or the zoom), the filter's counts stacked
// by status over the whole case's shape in grey. Drag (or click) to zoom; Zoom out and Back undo it.
// A plain SVG: it never takes the keyboard focus, and status is told by pattern as well as colour.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import type { Status } from '../../../shared/event';
import type { EventFilter } from '../../../shared/filter';
import type { HistogramBucket } from '../../../shared/results';
import { invoke } from '../api/client';
import { bucketAt, bucketRange } from '../filter/bucketRange';
import { describeInterval, zoomOut } from '../filter/histogramAxis';
import { readSetting, writeSetting } from '../state/settings';
import { useTime } from '../state/timeContext';
import { formatBucketLabel } from '../time/format';
import { plural } from '../text/plural';

const STATUS_ORDER: Status[] = ['SUCCESS', 'FAILURE', 'DENIED'];
const HEIGHT = 110;
const AXIS = 18;
const LEFT = 44;

interface Props {
  filter: EventFilter;
  refreshKey: number;
  /** The case's first and last event times: the axis when not zoomed, and the grey context. */
  span: { first: string; last: string } | null;
  onRange(from: string | null, to: string | null): void;
}

export function statusFills(mode: 'light' | 'dark'): Record<Status, string> {
  // Each at least 3:1 against the background (WCAG 1.4.11), and each with its own pattern.
  return mode === 'dark'
    ? { SUCCESS: '#66bb6a', FAILURE: '#ef5350', DENIED: '#ffa726' }
    : { SUCCESS: '#2e7d32', FAILURE: '#c62828', DENIED: '#b45309' };
}

export function Histogram({ filter, refreshKey, span, onRange }: Props) {
  const theme = useTheme();
  const time = useTime();
  const [open, setOpen] = useState(() => readSetting('histogram.open', 'yes') === 'yes');
  const [log, setLog] = useState(() => readSetting('histogram.log', 'no') === 'yes');
  const [data, setData] = useState<{ buckets: HistogramBucket[]; context: HistogramBucket[]; failed?: boolean } | null>(
    null,
  );
  const key = JSON.stringify(filter);
  const zoomed = Boolean(filter.from || filter.to);
  const axis = span
    ? {
        from: filter.from ?? new Date(Date.parse(span.first)).toISOString(),
        to: filter.to ?? new Date(Date.parse(span.last) + 1).toISOString(),
      }
    : null;
  const axisKey = axis ? `${axis.from}/${axis.to}` : '';

  useEffect(() => {
    if (!open || !axisKey) return;
    let current = true;
    const [from, to] = axisKey.split('/');
    if (Date.parse(to) <= Date.parse(from)) {
      setData({ buckets: [], context: [] });
      return;
    }
    // Let the grid's page go first: it is what the user waits for.
    const timer = setTimeout(() => {
      const range = { from, to };
      const f = JSON.parse(key) as EventFilter;
      Promise.all([
        invoke('events.histogram', { filter: f, buckets: 60, range }),
        invoke('events.histogram', { filter: { from, to }, buckets: 60, range }),
      ])
        .then(([buckets, context]) => current && setData({ buckets, context }))
        .catch(() => current && setData({ buckets: [], context: [], failed: true }));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, axisKey, refreshKey, open]);

  const toggle = () => {
    writeSetting('histogram.open', open ? 'no' : 'yes');
    setOpen(!open);
  };
  const buckets = data?.buckets ?? [];
  const total = buckets.reduce((n, b) => n + b.SUCCESS + b.FAILURE + b.DENIED, 0);
  const width = buckets.length ? Date.parse(buckets[0].end) - Date.parse(buckets[0].start) : 0;

  return (
    <Box component="section" aria-label="Events over time" sx={{ px: 1, borderBottom: 1, borderColor: 'divider' }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', minHeight: 34 }}>
        <Button size="small" onClick={toggle} aria-expanded={open}>
          {open ? 'Hide histogram' : 'Show histogram'}
        </Button>
        {open && (
          <>
            <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }} noWrap>
              {buckets.length
                ? `${plural(total, 'event')} of this filter; one bar is ${describeInterval(width)}${zoomed ? '' : ', over the whole case'}. Drag across to zoom.`
                : ''}
            </Typography>
            <Legend fills={statusFills(theme.palette.mode)} />
            <ToggleButton
              size="small"
              value="log"
              selected={log}
              onChange={() => {
                writeSetting('histogram.log', log ? 'no' : 'yes');
                setLog(!log);
              }}
              sx={{ py: 0.25 }}
            >
              Log scale
            </ToggleButton>
            <Button
              size="small"
              variant="outlined"
              disabled={!zoomed || !span}
              onClick={() => {
                if (!span || !axis) return;
                const next = zoomOut(axis, span);
                onRange(next?.from ?? null, next?.to ?? null);
              }}
            >
              Zoom out
            </Button>
          </>
        )}
        {!open && <Box sx={{ flex: 1 }} />}
      </Stack>
      {open && (
        <Plot
          buckets={buckets}
          context={data?.context ?? []}
          log={log}
          loading={data === null}
          failed={data?.failed ?? false}
          span={span}
          onRange={onRange}
          label={(b) => formatBucketLabel(b.start, time.mode, time.zone, buckets.length * width)}
          title={(b) => `${time.format(b.start)} – ${time.format(b.end)}`}
        />
      )}
    </Box>
  );
}

function Legend({ fills }: { fills: Record<Status, string> }) {
  return (
    <Stack direction="row" spacing={1} aria-label="Legend" role="list" sx={{ alignItems: 'center' }}>
      {STATUS_ORDER.map((s) => (
        <Stack key={s} direction="row" spacing={0.5} role="listitem" sx={{ alignItems: 'center' }}>
          <svg width="14" height="14" aria-hidden="true">
            <Patterns fills={fills} idPrefix="legend" />
            <rect width="14" height="14" fill={`url(#legend-${s})`} stroke={fills[s]} />
          </svg>
          <Typography variant="caption">{s}</Typography>
        </Stack>
      ))}
    </Stack>
  );
}

/** SUCCESS solid, FAILURE hatched, DENIED dotted: told apart without colour. */
function Patterns({ fills, idPrefix }: { fills: Record<Status, string>; idPrefix: string }) {
  return (
    <defs>
      <pattern id={`${idPrefix}-SUCCESS`} width="4" height="4" patternUnits="userSpaceOnUse">
        <rect width="4" height="4" fill={fills.SUCCESS} />
      </pattern>
      <pattern
        id={`${idPrefix}-FAILURE`}
        width="5"
        height="5"
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <rect width="5" height="5" fill={fills.FAILURE} />
        <rect width="1.6" height="5" fill="#fff" />
      </pattern>
      <pattern id={`${idPrefix}-DENIED`} width="4" height="4" patternUnits="userSpaceOnUse">
        <rect width="4" height="4" fill={fills.DENIED} />
        <circle cx="2" cy="2" r="0.9" fill="#fff" />
      </pattern>
    </defs>
  );
}

function Plot({
  buckets,
  context,
  log,
  loading,
  failed,
  span,
  onRange,
  label,
  title,
}: {
  failed: boolean;
  buckets: HistogramBucket[];
  context: HistogramBucket[];
  log: boolean;
  loading: boolean;
  span: { first: string; last: string } | null;
  onRange(from: string, to: string): void;
  label(b: HistogramBucket): string;
  title(b: HistogramBucket): string;
}) {
  const theme = useTheme();
  const time = useTime();
  const box = useRef<HTMLDivElement>(null);
  const [w, setW] = useState(800);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setW(el.clientWidth || 800));
    observer.observe(el);
    setW(el.clientWidth || 800);
    return () => observer.disconnect();
  }, []);

  const fills = statusFills(theme.palette.mode);
  const sum = (b: HistogramBucket) => b.SUCCESS + b.FAILURE + b.DENIED;
  const max = Math.max(1, ...context.map(sum), ...buckets.map(sum));
  const scale = (n: number) => (log ? Math.log10(1 + n) / Math.log10(1 + max) : n / max) * (HEIGHT - AXIS - 4);
  const plotW = Math.max(10, w - LEFT - 8);
  const step = buckets.length ? plotW / buckets.length : plotW;
  const total = buckets.reduce((n, b) => n + sum(b), 0);
  const at = (e: React.PointerEvent<SVGRectElement>) =>
    bucketAt(e.clientX - e.currentTarget.getBoundingClientRect().left + LEFT, LEFT, plotW, buckets.length);
  const ticks = buckets
    .map((b, i) => ({ i, text: label(b) }))
    .filter((t, i, all) => i === 0 || t.text !== all[i - 1].text);
  const everyTick = Math.max(1, Math.ceil(ticks.length / Math.max(1, Math.floor(plotW / 90))));

  return (
    <Box ref={box} sx={{ position: 'relative', height: HEIGHT, userSelect: 'none' }}>
      <svg
        width={w}
        height={HEIGHT}
        role="img"
        aria-label={`Histogram: ${total.toLocaleString('en')} events of this filter in ${buckets.length} bars; the grey bars are the whole case`}
      >
        <Patterns fills={fills} idPrefix="hist" />
        <text x={LEFT - 4} y={10} textAnchor="end" fontSize="10" fill={theme.palette.text.secondary}>
          {max.toLocaleString('en')}
        </text>
        <text x={LEFT - 4} y={HEIGHT - AXIS} textAnchor="end" fontSize="10" fill={theme.palette.text.secondary}>
          0
        </text>
        {log && (
          <text x={LEFT - 4} y={22} textAnchor="end" fontSize="9" fill={theme.palette.text.secondary}>
            log
          </text>
        )}
        {buckets.map((b, i) => {
          const x = LEFT + i * step;
          const base = HEIGHT - AXIS;
          const c = context[i];
          let y = base;
          const n = sum(b);
          const hTotal = scale(n);
          return (
            <g key={b.start} data-testid="histogram-bar" data-count={n}>
              <title>
                {title(b)}: {plural(n, 'event')}
                {n ? ` (${STATUS_ORDER.map((s) => `${b[s]} ${s}`).join(', ')})` : ''}
                {c ? ` of ${sum(c).toLocaleString('en')} in the case` : ''}
              </title>
              {c && sum(c) > 0 && (
                <rect
                  x={x + 0.5}
                  y={base - scale(sum(c))}
                  width={Math.max(1, step - 1)}
                  height={scale(sum(c))}
                  fill={theme.palette.action.selected}
                />
              )}
              {STATUS_ORDER.map((s) => {
                if (!b[s] || !n) return null;
                // Stack in proportion, so the log scale keeps each status's share of the bar.
                const h = (hTotal * b[s]) / n;
                y -= h;
                return (
                  <rect
                    key={s}
                    x={x + 0.5}
                    y={y}
                    width={Math.max(1, step - 1)}
                    height={Math.max(h, 1)}
                    fill={`url(#hist-${s})`}
                    stroke={fills[s]}
                    strokeWidth={0.5}
                  />
                );
              })}
            </g>
          );
        })}
        <line
          x1={LEFT}
          x2={LEFT + plotW}
          y1={HEIGHT - AXIS + 0.5}
          y2={HEIGHT - AXIS + 0.5}
          stroke={theme.palette.text.secondary}
        />
        {ticks
          .filter((_, k) => k % everyTick === 0)
          .map((t) => (
            <text key={t.i} x={LEFT + t.i * step} y={HEIGHT - 4} fontSize="10" fill={theme.palette.text.secondary}>
              {t.text}
            </text>
          ))}
        {drag && buckets.length > 0 && (
          <rect
            x={LEFT + Math.min(drag.a, drag.b) * step}
            y={0}
            width={(Math.abs(drag.b - drag.a) + 1) * step}
            height={HEIGHT - AXIS}
            fill={theme.palette.primary.main}
            opacity={0.2}
            pointerEvents="none"
          />
        )}
        {buckets.length > 0 && (
          <rect
            data-testid="histogram-drag"
            x={LEFT}
            y={0}
            width={plotW}
            height={HEIGHT - AXIS}
            fill="transparent"
            style={{ cursor: 'col-resize' }}
            onPointerDown={(e) => {
              // Never take the focus: the user's caret stays where it is.
              e.preventDefault();
              e.currentTarget.setPointerCapture(e.pointerId);
              const i = at(e);
              setDrag({ a: i, b: i });
            }}
            onPointerMove={(e) => drag && setDrag({ ...drag, b: at(e) })}
            onPointerUp={(e) => {
              if (!drag) return;
              const range = bucketRange(buckets, drag.a, at(e));
              setDrag(null);
              if (range) onRange(range.from, range.to);
            }}
            onPointerCancel={() => setDrag(null)}
          />
        )}
      </svg>
      {failed && (
        <Typography
          variant="body2"
          role="status"
          sx={{ position: 'absolute', top: 24, left: LEFT + 8, right: 8, textAlign: 'center' }}
        >
          Not drawn: the query was not run.
        </Typography>
      )}
      {!loading && !failed && total === 0 && (
        <Typography
          variant="body2"
          role="status"
          sx={{ position: 'absolute', top: 24, left: LEFT + 8, right: 8, textAlign: 'center' }}
        >
          No events of this filter in this range.
          {span ? ` The case spans ${time.format(span.first)} to ${time.format(span.last)}.` : ''}
        </Typography>
      )}
    </Box>
  );
}
