// The built renderer (dist/), served read-only: no directory listings, nothing outside the folder.
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The file a URL path names inside `root`, or null when it would leave `root` or does not exist. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rootResolved = path.resolve(root);
  const candidate = path.resolve(rootResolved, '.' + path.posix.normalize('/' + decoded));
  if (candidate !== rootResolved && !candidate.startsWith(rootResolved + path.sep)) return null;
  // Segments like ".." are gone after normalising; refuse them outright all the same.
  if (decoded.split('/').includes('..')) return null;
  const target = candidate === rootResolved ? path.join(rootResolved, 'index.html') : candidate;
  try {
    const real = fs.realpathSync(target);
    const realRoot = fs.realpathSync(rootResolved);
    if (!real.startsWith(realRoot + path.sep)) return null;
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** The Content-Type a built file is served with, by its extension. */
export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export async function sendStaticFile(res: ServerResponse, file: string): Promise<void> {
  res.writeHead(200, {
    'Content-Type': contentTypeOf(file),
    'Cache-Control': file.endsWith('.html') ? 'no-store' : 'max-age=3600',
  });
  await pipeline(fs.createReadStream(file), res);
}
