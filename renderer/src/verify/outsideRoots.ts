// Sizes and roots an auditor kept elsewhere (a printed checkpoint, a ticket) and pastes in: one per
// line, "SIZE ROOT" or "SIZE:ROOT", ROOT the base64 Merkle root. Pure, so it is unit-tested.
export interface PastedRoot {
  size: number;
  rootB64: string;
}

export type ParsedRoots = { roots: PastedRoot[]; error: null } | { roots: null; error: string };

const LINE = /^(\d+)\s*[:\s]\s*([A-Za-z0-9+/]{43}=)$/;

export function parseOutsideRoots(text: string): ParsedRoots {
  const roots: PastedRoot[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const match = LINE.exec(line);
    if (!match || Number(match[1]) < 1) {
      return {
        roots: null,
        error: `Line ${i + 1}: write a size and its root, e.g. "1000 Xr4…=" (the base64 root of a checkpoint's third line).`,
      };
    }
    roots.push({ size: Number(match[1]), rootB64: match[2] });
  }
  return { roots, error: null };
}
