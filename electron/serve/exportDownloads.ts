// Browser mode's export: the service writes into a private temp folder, the page downloads the
// files by an unguessable ID. The folders go when the server stops.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { downloadAddress } from '../../shared/httpRoutes';

export interface ExportFolder {
  id: string;
  dir: string;
}

export interface DownloadRegistry {
  createFolder(): ExportFolder;
  /** Offers every file the export wrote (the data file, manifest, checkpoint, key). */
  publish(folder: ExportFolder): { name: string; url: string; bytes: number }[];
  /** The file behind a download URL, or null. */
  find(id: string, name: string): string | null;
}

export function createDownloadRegistry(root: string): DownloadRegistry {
  const published = new Map<string, { dir: string; names: Set<string> }>();
  return {
    createFolder() {
      const id = crypto.randomBytes(16).toString('hex');
      const dir = path.join(root, id);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      return { id, dir };
    },
    publish({ id, dir }) {
      const names = fs.readdirSync(dir).filter((name) => fs.statSync(path.join(dir, name)).isFile());
      published.set(id, { dir, names: new Set(names) });
      return names.map((name) => ({
        name,
        url: downloadAddress(id, name),
        bytes: fs.statSync(path.join(dir, name)).size,
      }));
    },
    find(id, name) {
      const entry = published.get(id);
      return entry && entry.names.has(name) ? path.join(entry.dir, name) : null;
    },
  };
}

export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
