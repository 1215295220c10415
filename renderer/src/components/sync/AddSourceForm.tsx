// Adds a source: a drop folder, or the audit API's URL with where its token is: an environment
// variable, a 0600 file or, in the desktop app only, the token itself, sealed with the OS keystore.
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { errorMessage, invoke } from '../../api/client';
import { appMode } from '../../api/transport';
import {
  EMPTY_SOURCE_FORM,
  formError,
  sealedTokenArgs,
  sourceArgs,
  type SourceForm,
  type TokenPlace,
} from './syncRules';

const TOKEN_HELP: Record<Exclude<TokenPlace, 'none'>, { label: string; help: string }> = {
  env: { label: 'Variable name', help: 'e.g. SIGNING_AUDIT_TOKEN, set where SignTrail runs' },
  file: { label: 'Token file', help: 'Readable by you alone (chmod 600)' },
  sealed: { label: 'Token (sealed with the OS keystore)', help: 'Never shown again, never written in clear' },
};

interface Props {
  onAdded(): void;
  onCancel(): void;
}

/**
 * In the desktop app a source's folder, token file and CA file must be picked in the native dialog:
 * the app takes only paths the user chose there (docs/desktop.md, "path grants").
 */
function Choose({
  purpose,
  label,
  onChosen,
}: {
  purpose: 'folder' | 'file';
  label: string;
  onChosen(path: string): void;
}) {
  if (appMode() !== 'desktop') return null;
  return (
    <Button
      size="small"
      aria-label={label}
      sx={{ flexShrink: 0, alignSelf: 'flex-start', mt: 0.5 }}
      onClick={() =>
        void invoke('app.openFilesDialog', { purpose }).then(
          ([path]) => path && onChosen(path),
          () => undefined,
        )
      }
    >
      Choose…
    </Button>
  );
}

export function AddSourceForm({ onAdded, onCancel }: Props) {
  // Browser mode refuses folder sources (a web page may not name folders here): it offers none.
  const browser = appMode() === 'browser';
  const [form, setForm] = useState<SourceForm>(browser ? { ...EMPTY_SOURCE_FORM, kind: 'http' } : EMPTY_SOURCE_FORM);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<SourceForm>) => setForm((f) => ({ ...f, ...patch }));
  // Only the desktop app can seal: browser mode refuses 'sync.setToken', so a token never crosses HTTP.
  const canSeal = appMode() === 'desktop';

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const sealed = sealedTokenArgs(form);
      await invoke('sync.addSource', sourceArgs(form));
      if (sealed) {
        try {
          await invoke('sync.setToken', sealed);
        } catch (err) {
          // A source without its token would only fail at sync: take it back, so the form can be sent again.
          await invoke('sync.removeSource', { name: sealed.name }).catch(() => undefined);
          throw err;
        }
      }
      set({ token: '' });
      onAdded();
    } catch (err) {
      setError(formError(errorMessage(err)));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Box
      component="form"
      aria-label="Add source"
      sx={{ mt: 2, p: 2, border: 1, borderColor: 'divider', borderRadius: 1 }}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack spacing={2}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <TextField
            size="small"
            label="Source name"
            value={form.name}
            onChange={(e) => set({ name: e.target.value })}
            helperText="Letters, digits, . _ -"
            required
          />
          <ToggleButtonGroup
            size="small"
            exclusive
            value={form.kind}
            onChange={(_, kind) => kind && set({ kind })}
            aria-label="Source kind"
          >
            {!browser && <ToggleButton value="folder">Folder</ToggleButton>}
            <ToggleButton value="http">Audit API (HTTP)</ToggleButton>
          </ToggleButtonGroup>
        </Stack>
        {form.kind === 'folder' ? (
          <Stack direction="row" spacing={1}>
            <TextField
              size="small"
              label="Folder"
              value={form.folder}
              onChange={(e) => set({ folder: e.target.value })}
              helperText="A folder on this machine (or a share) where export files are dropped; each new file is imported once."
              fullWidth
              required
            />
            <Choose purpose="folder" label="Choose folder" onChosen={(folder) => set({ folder })} />
          </Stack>
        ) : (
          <>
            <TextField
              size="small"
              label="URL"
              value={form.url}
              onChange={(e) => set({ url: e.target.value })}
              helperText="https://… (plain http only to this machine)"
              fullWidth
              required
            />
            <Stack direction="row" spacing={2}>
              <TextField
                select
                size="small"
                label="Token from"
                value={form.tokenPlace}
                onChange={(e) => set({ tokenPlace: e.target.value as TokenPlace, token: '' })}
                sx={{ minWidth: 220 }}
              >
                <MenuItem value="env">Environment variable</MenuItem>
                <MenuItem value="file">File (mode 0600)</MenuItem>
                {canSeal && <MenuItem value="sealed">Token (sealed with the OS keystore)</MenuItem>}
                <MenuItem value="none">No token</MenuItem>
              </TextField>
              {form.tokenPlace !== 'none' && (
                <TextField
                  size="small"
                  type={form.tokenPlace === 'sealed' ? 'password' : 'text'}
                  autoComplete="off"
                  label={TOKEN_HELP[form.tokenPlace].label}
                  value={form.token}
                  onChange={(e) => set({ token: e.target.value })}
                  helperText={TOKEN_HELP[form.tokenPlace].help}
                  required={form.tokenPlace === 'sealed'}
                  fullWidth
                />
              )}
              {form.tokenPlace === 'file' && (
                <Choose purpose="file" label="Choose token file" onChosen={(token) => set({ token })} />
              )}
            </Stack>
            <Stack direction="row" spacing={1}>
              <TextField
                size="small"
                label="Extra CA file (optional)"
                value={form.caFile}
                onChange={(e) => set({ caFile: e.target.value })}
                helperText="A PEM bundle of your organisation's CA, when the API's certificate is issued by it"
                fullWidth
              />
              <Choose purpose="file" label="Choose CA file" onChosen={(caFile) => set({ caFile })} />
            </Stack>
          </>
        )}
        {error && <Alert severity="error">{error}</Alert>}
        <Stack direction="row" spacing={1}>
          <Button type="submit" variant="contained" disabled={saving}>
            Add source
          </Button>
          <Button onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
        </Stack>
      </Stack>
    </Box>
  );
}
