// Events over time for the current filter, stacked by status; drag across it to set From and To.
import { useEffect, useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { BarChart } from '@mui/x-charts/BarChart';
import { useDrawingArea } from '@mui/x-charts/hooks';
import type { EventFilter } from '../../../shared/filter';
import type { HistogramBucket } from '../../../shared/results';
import { invoke } from '../api/client';
import { bucketAt, bucketRange } from '../filter/bucketRange';
import { useTime } from '../state/timeContext';
import { formatBucketLabel } from '../time/format';

interface Props {
  filter: EventFilter;
  refreshKey: number;
  onRange(from: string, to: string): void;
}

export function Histogram({ filter, refreshKey, onRange }: Props) {
  const theme = useTheme();
  const time = useTime();
  const [buckets, setBuckets] = useState<HistogramBucket[]>([]);
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    let current = true;
    // Let the grid's page go first: it is what the user waits for.
    const timer = setTimeout(() => {
      invoke('events.histogram', { filter: JSON.parse(filterKey) as EventFilter, buckets: 60 })
        .then((b) => current && setBuckets(b))
        .catch(() => current && setBuckets([]));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [filterKey, refreshKey]);

  const spanMs = buckets.length ? Date.parse(buckets[buckets.length - 1].end) - Date.parse(buckets[0].start) : 0;
  const labels = useMemo(
    () => buckets.map((b) => formatBucketLabel(b.start, time.mode, time.zone, spanMs)),
    [buckets, time.mode, time.zone, spanMs],
  );

  if (buckets.length === 0) {
    return (
      <Box sx={{ height: 170, display: 'grid', placeItems: 'center' }}>
        <Typography variant="body2" color="text.secondary">
          No events over time for this filter.
        </Typography>
      </Box>
    );
  }
  return (
    <Box
      aria-label="Events over time; drag across to set From and To"
      role="figure"
      sx={{ userSelect: 'none', px: 1, mb: 1 }}
    >
      <BarChart
        height={170}
        skipAnimation
        hideLegend={false}
        margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
        xAxis={[
          {
            scaleType: 'band',
            // Indexes, not labels: buckets that share a label must stay separate bars.
            data: buckets.map((_, i) => i),
            valueFormatter: (i: number, context) =>
              context.location === 'tick'
                ? labels[i]
                : `${time.format(buckets[i].start)} – ${time.format(buckets[i].end)}`,
            tickInterval: (_: number, i: number) => i === 0 || labels[i] !== labels[i - 1],
            tickLabelStyle: { fontSize: 10 },
            height: 24,
          },
        ]}
        yAxis={[{ width: 48 }]}
        series={[
          { data: buckets.map((b) => b.SUCCESS), label: 'SUCCESS', stack: 'status', color: theme.palette.success.main },
          { data: buckets.map((b) => b.FAILURE), label: 'FAILURE', stack: 'status', color: theme.palette.error.main },
          { data: buckets.map((b) => b.DENIED), label: 'DENIED', stack: 'status', color: theme.palette.warning.main },
        ]}
        slotProps={{ legend: { position: { vertical: 'top', horizontal: 'end' } } }}
      >
        <DragToSelect buckets={buckets} onRange={onRange} color={theme.palette.primary.main} />
      </BarChart>
    </Box>
  );
}

/** A transparent layer over the plot that turns a drag into a bucket range. */
function DragToSelect({
  buckets,
  onRange,
  color,
}: {
  buckets: HistogramBucket[];
  onRange(from: string, to: string): void;
  color: string;
}) {
  const area = useDrawingArea();
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const at = (e: React.PointerEvent<SVGRectElement>) => {
    const svg = e.currentTarget.ownerSVGElement!;
    const box = svg.getBoundingClientRect();
    const scale = svg.viewBox?.baseVal?.width ? svg.viewBox.baseVal.width / box.width : 1;
    return bucketAt((e.clientX - box.left) * scale, area.left, area.width, buckets.length);
  };
  const step = area.width / buckets.length;
  return (
    <g>
      {drag && (
        <rect
          x={area.left + Math.min(drag.a, drag.b) * step}
          y={area.top}
          width={(Math.abs(drag.b - drag.a) + 1) * step}
          height={area.height}
          fill={color}
          opacity={0.2}
          pointerEvents="none"
        />
      )}
      <rect
        data-testid="histogram-drag"
        x={area.left}
        y={area.top}
        width={area.width}
        height={area.height}
        fill="transparent"
        style={{ cursor: 'col-resize' }}
        onPointerDown={(e) => {
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
    </g>
  );
}
