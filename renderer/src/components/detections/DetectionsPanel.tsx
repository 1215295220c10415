// The Detections panel: every rule with its level and hit count; choosing a rule shows its hits
// in the grid; runs again (only what is new) after each import and sync.
import { useCallback, useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Drawer from '@mui/material/Drawer';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { DetectionReport, DetectionRuleCount } from '../../../../shared/detections';
import { errorMessage, invoke } from '../../api/client';
import { LEVEL_COLOR } from './levels';
import { RuleFoldersSection } from './RuleFoldersSection';

export interface DetectionsPanelProps {
  open: boolean;
  onClose(): void;
  /** Bumped after every import and sync: the panel then evaluates only the new events. */
  refreshKey: number;
  /** Shows these events in the grid, or clears the filter with null. */
  onShowHits(filter: { ruleTitle: string; seqs: number[] } | null): void;
  onBlastRadius(keyId: string): void;
  /** Called after every finished run (the trail and lifecycle views then ask for their marks again). */
  onRan?(): void;
  /** A mark in the trail or lifecycle view asked for this rule's hits (n changes at every ask). */
  focus?: { ruleId: string; n: number } | null;
}

export function DetectionsPanel({
  open,
  onClose,
  refreshKey,
  onShowHits,
  onBlastRadius,
  onRan,
  focus,
}: DetectionsPanelProps) {
  const [report, setReport] = useState<DetectionReport | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [keyId, setKeyId] = useState('');
  const [tag, setTag] = useState('');
  const [tagged, setTagged] = useState<string | null>(null);
  const ran = useRef(false);

  const run = useCallback(
    async (incremental: boolean) => {
      setRunning(true);
      setError(null);
      try {
        setReport(await invoke('detect.run', { incremental }));
        onRan?.();
      } catch (err) {
        setError(errorMessage(err));
      } finally {
        setRunning(false);
      }
    },
    [onRan],
  );

  useEffect(() => {
    // The first run covers the whole case; later ones (after import or sync) only what arrived.
    void run(ran.current);
    ran.current = true;
  }, [refreshKey, run]);

  const hitSeqs = (ruleId: string) =>
    report
      ? [...new Set(report.hits.filter((h) => h.rule.id === ruleId).flatMap((h) => h.events.map((e) => e.seq)))]
      : [];

  const show = (rule: DetectionRuleCount) => {
    if (!report) return;
    setSelected(rule.id);
    setTagged(null);
    onShowHits({ ruleTitle: rule.title, seqs: hitSeqs(rule.id) });
  };

  /** Tags every event of the selected rule's hits through the journal, like tagging selected rows. */
  const tagHits = async () => {
    if (!selected || !tag.trim()) return;
    try {
      const entry = await invoke('journal.add', { kind: 'tag', body: { name: tag.trim() }, seqs: hitSeqs(selected) });
      setTagged(`Journal entry ${entry.seq}: tag "${tag.trim()}" on ${entry.events.length} event(s).`);
      setTag('');
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  // A mark in the trail or lifecycle view: select its rule and show the rule's hits in the grid.
  const focused = useRef(0);
  useEffect(() => {
    if (!focus || !report || focused.current === focus.n) return;
    focused.current = focus.n;
    const rule = report.rules.find((r) => r.id === focus.ruleId);
    if (rule) show(rule);
    // show() reads the report of this render; only a new focus (n) runs it again.
  }, [focus, report]);

  const rules = (report?.rules ?? [])
    .filter((r) => r.reports)
    .sort((a, b) => b.hits - a.hits || a.title.localeCompare(b.title));

  return (
    <Drawer anchor="right" variant="persistent" open={open} slotProps={{ paper: { sx: { width: 380, boxShadow: 6 } } }}>
      <Box
        component="section"
        aria-label="Detections"
        sx={{ p: 1.5, display: 'flex', flexDirection: 'column', gap: 1 }}
      >
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            Detections
          </Typography>
          <Button size="small" onClick={() => void run(false)} disabled={running}>
            Run again
          </Button>
          <Button size="small" onClick={onClose}>
            Close
          </Button>
        </Box>
        {running && <LinearProgress aria-label="Running detection rules" />}
        {error && <Alert severity="error">{error}</Alert>}
        {report && (
          <Typography variant="body2" color="text.secondary" role="status" aria-label="Detection summary">
            {report.hits.length} hit{report.hits.length === 1 ? '' : 's'} from {rules.length} rules ·{' '}
            {report.incremental ? 'new events only' : 'whole case'} · {report.ms} ms
          </Typography>
        )}
        {report?.errors.map((e) => (
          <Alert key={`${e.file}:${e.line}:${e.problem}`} severity="warning">
            {e.file}:{e.line}: {e.problem}
          </Alert>
        ))}
        <List dense aria-label="Detection rules" sx={{ overflow: 'auto', maxHeight: '55vh' }}>
          {rules.map((r) => (
            // A list holds list items: each rule's button sits in its own.
            <ListItem key={r.id} disablePadding>
              <ListItemButton selected={selected === r.id} disabled={r.hits === 0} onClick={() => show(r)}>
                {/* The name is the visible text (title, techniques, level, hits), as WCAG 2.5.3 asks. */}
                <ListItemText primary={r.title} secondary={r.tags.filter((t) => /^attack\.t/.test(t)).join(' ')} />
                <Chip size="small" label={r.level} color={LEVEL_COLOR[r.level]} sx={{ ml: 1 }} />
                <Chip
                  size="small"
                  label={`${r.hits} hit${r.hits === 1 ? '' : 's'}`}
                  variant={r.hits ? 'filled' : 'outlined'}
                  sx={{ ml: 0.5 }}
                />
              </ListItemButton>
            </ListItem>
          ))}
        </List>
        {selected && (
          <Button
            size="small"
            onClick={() => {
              setSelected(null);
              onShowHits(null);
            }}
          >
            Show all events
          </Button>
        )}
        {selected && (
          <Box
            component="form"
            aria-label="Tag the hits"
            sx={{ display: 'flex', gap: 1 }}
            onSubmit={(e) => {
              e.preventDefault();
              void tagHits();
            }}
          >
            <TextField
              size="small"
              label="Tag for these hits"
              value={tag}
              onChange={(e) => setTag(e.target.value)}
              sx={{ flex: 1 }}
            />
            <Button type="submit" variant="outlined" disabled={!tag.trim()}>
              Tag {hitSeqs(selected).length} event(s)
            </Button>
          </Box>
        )}
        {tagged && (
          <Alert severity="success" role="status" aria-label="Tagged hits">
            {tagged}
          </Alert>
        )}
        <Divider />
        <RuleFoldersSection notLoaded={report?.foldersNotLoaded ?? []} onChanged={() => void run(false)} />
        <Divider />
        <Box
          component="form"
          sx={{ display: 'flex', gap: 1 }}
          onSubmit={(e) => {
            e.preventDefault();
            if (keyId.trim()) onBlastRadius(keyId.trim());
          }}
        >
          <TextField
            size="small"
            label="Key ID"
            value={keyId}
            onChange={(e) => setKeyId(e.target.value)}
            sx={{ flex: 1 }}
          />
          <Button type="submit" variant="outlined" disabled={!keyId.trim()}>
            Blast radius
          </Button>
        </Box>
      </Box>
    </Drawer>
  );
}
