import { describe, expect, it } from 'vitest';
import { parseOutsideRoots } from '../../renderer/src/verify/outsideRoots';

const ROOT = 'RZOPhE6FZ1cfyk4mN1A/Wl6dbVZlZRpxpGBq7CpAOqY=';

describe('pasted outside roots', () => {
  it('reads "SIZE ROOT" and "SIZE:ROOT" lines, skipping blank ones', () => {
    expect(parseOutsideRoots(`20000 ${ROOT}\n\n  5:${ROOT}  \n`)).toEqual({
      roots: [
        { size: 20000, rootB64: ROOT },
        { size: 5, rootB64: ROOT },
      ],
      error: null,
    });
  });

  it('says which line is not a size and a root', () => {
    expect(parseOutsideRoots(`1 ${ROOT}\nabc`).error).toMatch(/^Line 2: /);
    expect(parseOutsideRoots(`0 ${ROOT}`).error).toMatch(/^Line 1: /);
    expect(parseOutsideRoots(`7 ${ROOT.slice(1)}`).error).toMatch(/^Line 1: /);
  });

  it('gives no roots for empty text', () => {
    expect(parseOutsideRoots('  \n')).toEqual({ roots: [], error: null });
  });
});
