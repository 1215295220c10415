// The files an export writes beside the one the user chose, FILE: its manifest, and for a sealed
// export the signed checkpoint and the verifier key (docs/integrity.md §7). One derivation, used
// by the writers and by the desktop's path grants, which cover exactly these and nothing else.

export interface CompanionFiles {
  manifest: string;
  checkpoint: string;
  key: string;
}

export function companionFiles(file: string): CompanionFiles {
  return { manifest: `${file}.manifest.json`, checkpoint: `${file}.checkpoint`, key: `${file}.key` };
}

/** The file whose companion `file` is (FILE for FILE.key), or null when it is nobody's companion. */
export function companionOwner(file: string): string | null {
  for (const suffix of ['.manifest.json', '.checkpoint', '.key']) {
    if (!file.endsWith(suffix) || file.length === suffix.length) continue;
    const owner = file.slice(0, -suffix.length);
    if (Object.values(companionFiles(owner)).includes(file)) return owner;
  }
  return null;
}
