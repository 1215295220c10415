// A rule folder is hostile input: rule files whose shape makes the YAML parser recurse too deep or
// work for minutes are refused quickly, naming file and line; duplicate keys are still refused.
// Measured on main before the fix (a loaded machine): 200,000 "[" 33 s, 50,000 "---" 19 s,
// 60,000 keys in one map over 4 minutes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleFile, MAX_RULE_FILE_BYTES } from '../../electron/detect/load';
import { tempDir } from '../helpers/tmp';

const settings = { timeZone: 'UTC' } as Parameters<typeof loadRuleFile>[1];

function load(text: string) {
  const file = path.join(tempDir(), 'hostile.yml');
  fs.writeFileSync(file, text);
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_RULE_FILE_BYTES);
  const started = process.hrtime.bigint();
  const result = loadRuleFile(file, settings);
  return { ...result, ms: Number(process.hrtime.bigint() - started) / 1e6, file };
}

describe('hostile rule files', () => {
  it('deep flow nesting is refused before the parser recurses', () => {
    const r = load('title: x\ndetection: ' + '['.repeat(200_000) + '\n');
    expect(r.rules).toEqual([]);
    expect(r.errors.map((e) => e.message)).toEqual([`${r.file}:2: refused: lists and maps nested more than 64 deep`]);
    expect(r.ms).toBeLessThan(2_000);
  });

  it('block entries nested on one line are refused before the parser exhausts memory', () => {
    // Before, 8 KB of "- - - … a" ended the whole process: FATAL ERROR, RegExpCompiler out of memory.
    for (const text of ['- '.repeat(4000) + 'a\n', 'title: x\ndetection:\n  s: ' + '? '.repeat(4000) + 'a\n']) {
      const r = load(text);
      expect(r.rules).toEqual([]);
      expect(r.errors.map((e) => e.message).join('\n')).toMatch(
        /refused: lists and maps nested more than 64 deep on one line/,
      );
      expect(r.ms).toBeLessThan(2_000);
    }
    // A few on one line, as people write them, are fine.
    const ok = load(
      'title: x\nid: r1\nlogsource:\n  product: signtrail\ndetection:\n  s:\n    - - a\n  condition: s\n',
    );
    expect(ok.errors.map((e) => e.message).join('\n')).not.toMatch(/nested more than/);
  });

  it('brackets inside quoted strings and comments do not count as nesting', () => {
    const r = load(`title: "${'['.repeat(100)}"\n# ${'{'.repeat(100)}\ndetection: '${'['.repeat(100)}'\n`);
    expect(r.errors.map((e) => e.message).join('\n')).not.toMatch(/nested more than/);
  });

  it('deep block indentation and thousands of documents are refused', () => {
    const deep = load(
      'title: x\ndetection:\n' + Array.from({ length: 400 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + '\n',
    );
    expect(deep.errors[0].message).toMatch(/hostile\.yml:\d+: refused: a line indented more than 256 spaces/);
    const docs = load('---\n'.repeat(50_000));
    expect(docs.errors.map((e) => e.message)).toEqual([
      `${docs.file}:201: refused: more than 200 YAML documents in one file`,
    ]);
    expect(docs.ms).toBeLessThan(2_000);
  });

  it('a map of 60,000 keys is read in one pass, and a duplicate key is still refused at its line', () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `k${i}: v`);
    const big = load('title: x\n' + keys.join('\n') + '\n');
    expect(big.errors).toHaveLength(1);
    expect(big.ms).toBeLessThan(60_000);
    const dup = load('title: x\ndetection:\n  sel:\n    action: A\n    action: B\n  condition: sel\n');
    expect(dup.errors.map((e) => e.message)).toEqual([
      `${dup.file}:5: not valid YAML: the key "action" appears twice in one map`,
    ]);
  });
});
