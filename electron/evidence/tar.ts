// A folder as one POSIX ustar archive, so browser mode can hand over an evidence package as a
// single download that every OS's `tar -xf` unpacks. Files and folders only, names ≤ 100 bytes.
import fs from 'node:fs';
import path from 'node:path';

const BLOCK = 512;

function header(name: string, size: number, type: '0' | '5'): Buffer {
  const h = Buffer.alloc(BLOCK);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`The name ${name} is too long for a tar archive.`);
  nameBytes.copy(h, 0);
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0') + '\0';
  h.write(octal(type === '5' ? 0o755 : 0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(Date.now() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0' + '00', 257, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

/** Writes `dir` (its own name as the archive's top folder) to `file`. */
export function tarFolder(dir: string, file: string): void {
  const parts: Buffer[] = [];
  const walk = (full: string, name: string): void => {
    parts.push(header(name + '/', 0, '5'));
    for (const entry of fs.readdirSync(full, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = path.join(full, entry.name);
      if (entry.isDirectory()) walk(child, `${name}/${entry.name}`);
      else if (entry.isFile()) {
        const bytes = fs.readFileSync(child);
        parts.push(header(`${name}/${entry.name}`, bytes.length, '0'), bytes);
        const pad = (BLOCK - (bytes.length % BLOCK)) % BLOCK;
        if (pad) parts.push(Buffer.alloc(pad));
      }
    }
  };
  walk(dir, path.basename(dir));
  parts.push(Buffer.alloc(BLOCK * 2));
  fs.writeFileSync(file, Buffer.concat(parts));
}
