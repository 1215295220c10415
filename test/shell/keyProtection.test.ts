// The key-protection question on real app data folders (the answers given as the user would):
// the OS keystore is used when there is one; otherwise nothing is kept in clear without a yes, and a
// key kept in clear before the question existed is sealed when the user picks a passphrase.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEY_FILE, loadOrCreateSigningKey, type KeySealer } from '../../electron/integrity/keys';
import { chooseKeyProtection, KEY_CHOICE_FILE, type KeyProtectionUi } from '../../electron/desktop/keyProtection';
import { PASSPHRASE_KIND } from '../../electron/desktop/passphraseSealer';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'signtrail-key-protection-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
const folder = (name: string) => path.join(base, name);

function ui(buttons: number[], passphrases: (string | null)[]): KeyProtectionUi & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    choose: (message) => {
      asked.push(`choose: ${message}`);
      return Promise.resolve(buttons.shift() ?? 0);
    },
    passphrase: (mode, problem) => {
      asked.push(`passphrase ${mode}${problem ? `: ${problem}` : ''}`);
      return Promise.resolve(passphrases.length ? passphrases.shift()! : null);
    },
  };
}

describe('chooseKeyProtection', () => {
  it('uses the OS keystore without asking when there is one', async () => {
    const keystore: KeySealer = { kind: 'electron-safeStorage', seal: (b) => b, unseal: (b) => b };
    const answers = ui([], []);
    expect(await chooseKeyProtection(folder('keystore'), keystore, answers)).toBe(keystore);
    expect(answers.asked).toEqual([]);
  });

  it('asks about a key kept in clear before the question existed, and seals it with the passphrase', async () => {
    const home = folder('legacy');
    const before = loadOrCreateSigningKey(home); // made silently by an older SignTrail
    const answers = ui([2], ['a long enough passphrase']);
    const sealer = await chooseKeyProtection(home, null, answers);
    expect(answers.asked).toEqual([expect.stringMatching(/^choose: .*no keystore/), 'passphrase new']);
    expect(sealer?.kind).toBe(PASSPHRASE_KIND);
    const content = JSON.parse(fs.readFileSync(path.join(home, KEY_FILE), 'utf8')) as { sealing: string };
    expect(content.sealing).toBe(PASSPHRASE_KIND);
    // The same key, now behind the passphrase.
    expect(loadOrCreateSigningKey(home, sealer!).verifierKey).toBe(before.verifierKey);
    expect(fs.readdirSync(home).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('stops after three wrong passphrases', async () => {
    const home = folder('legacy');
    const answers = ui([], ['wrong 1', 'wrong 2', 'wrong 3']);
    await expect(chooseKeyProtection(home, null, answers)).rejects.toThrow(/wrong 3 times/);
    expect(answers.asked).toHaveLength(3);
  });

  it('remembers "keep in clear" and does not ask again', async () => {
    const home = folder('clear');
    expect(await chooseKeyProtection(home, null, ui([1], []))).toBeNull();
    expect(fs.existsSync(path.join(home, KEY_CHOICE_FILE))).toBe(true);
    expect(fs.existsSync(path.join(home, KEY_FILE))).toBe(true);
    const again = ui([], []);
    expect(await chooseKeyProtection(home, null, again)).toBeNull();
    expect(again.asked).toEqual([]);
  });
});
