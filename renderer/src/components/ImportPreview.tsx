// A file's first rows and the column mapping the import will apply, shown before anything is stored.
// Every name and cell is rendered as React text (never as HTML), so a hostile header or cell shows
// literally.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { FilePreview } from '../import/preview';

const mono = { fontFamily: 'monospace', fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' } as const;

export function ImportPreview({ file, preview }: { file: string; preview: FilePreview }) {
  if (preview.kind === 'message')
    return (
      <Alert severity="info" sx={{ mt: 2 }} aria-label={`Preview of ${file}`}>
        {file} ({preview.format}): {preview.message}
      </Alert>
    );
  return (
    <Box sx={{ mt: 2 }} role="region" aria-label={`Preview of ${file}`}>
      <Typography variant="subtitle2" component="h3">
        Preview of {file} ({preview.format}): the first {preview.rows.length} row{preview.rows.length === 1 ? '' : 's'}
        {preview.partial ? ' of a longer file' : ''}. Nothing is stored until you import it.
      </Typography>
      {preview.conflict !== null && (
        <Alert severity="warning" sx={{ my: 1 }} data-testid="preview-conflict">
          The import will refuse this header: {preview.conflict}.
        </Alert>
      )}
      {preview.missing.length > 0 ? (
        <Alert severity="warning" sx={{ my: 1 }} data-testid="preview-missing">
          The import will refuse this file: no column for {preview.missing.join(', ')}.
        </Alert>
      ) : preview.conflict !== null ? null : (
        <Typography variant="body2" sx={{ my: 1 }} data-testid="preview-complete">
          Every required field has a column.
        </Typography>
      )}
      <Box sx={{ overflow: 'auto', maxHeight: 360 }}>
        <Table size="small" aria-label="Preview rows">
          <TableHead>
            <TableRow>
              {preview.columns.map((c, i) => (
                <TableCell key={i} sx={mono}>
                  {c.name}
                </TableCell>
              ))}
            </TableRow>
            <TableRow data-testid="preview-mapping">
              {preview.columns.map((c, i) => (
                <TableCell key={i} sx={{ fontSize: 12, fontStyle: 'italic' }}>
                  → {c.becomes}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.rows.map((row, r) => (
              <TableRow key={r}>
                {preview.columns.map((_, i) => (
                  <TableCell key={i} sx={mono}>
                    {row[i] ?? ''}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </Box>
  );
}
