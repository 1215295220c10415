import { describe, expect, it } from 'vitest';
import { parseStrictJson, pathText, StrictJsonProblem } from '../../electron/ingest/strictJson';

function problemOf(text: string): StrictJsonProblem {
  try {
    parseStrictJson(text);
  } catch (err) {
    expect(err).toBeInstanceOf(StrictJsonProblem);
    return err as StrictJsonProblem;
  }
  throw new Error(`${text} was expected to be refused`);
}

describe('parseStrictJson', () => {
  it('refuses integers beyond ±2^53 that a double would round', () => {
    for (const n of ['9007199254740993', '-9007199254740993', '12345678901234567891']) {
      const err = problemOf(`{"id":${n}}`);
      expect(err.kind).toBe('number');
      expect(err.path).toEqual(['id']);
      expect(err.problem).toBe(
        `the number ${n} cannot be represented exactly (integers beyond ±2^53); quote it as a string`,
      );
    }
  });

  it('keeps larger integers that a double holds exactly and JCS writes back the same (1e20 is stored so)', () => {
    expect(parseStrictJson('[9007199254740992,100000000000000000000,-200000000000000000000]')).toEqual([
      2 ** 53,
      1e20,
      -2e20,
    ]);
  });

  it('keeps integers up to ±(2^53 - 1) exactly', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(parseStrictJson(`[${max},${-max},123456789012345,-123456789012345]`)).toEqual([
      max,
      -max,
      123456789012345,
      -123456789012345,
    ]);
  });

  it('refuses numbers beyond the range of a double, which would become Infinity', () => {
    const err = problemOf('{"details":{"list":[1,{"y":1e400}]}}');
    expect(err.kind).toBe('number');
    expect(pathText(err.path)).toBe('details.list[1].y');
    expect(err.problem).toContain('1e400 is beyond the range of a double');
    expect(problemOf('[-1E+400]').path).toEqual([0]);
    expect(problemOf(`[${'9'.repeat(400)}.5]`).path).toEqual([0]);
  });

  it('reads floats as doubles, as canonical JSON requires', () => {
    expect(parseStrictJson('[0.1, 1.5e300, 1e20, 1e-400, 12345678901234567891.0, -0.0]')).toEqual(
      JSON.parse('[0.1, 1.5e300, 1e20, 1e-400, 12345678901234567891.0, -0.0]'),
    );
  });

  it('refuses a member name that appears twice, at any depth', () => {
    const top = problemOf('{"a":1,"a":2}');
    expect(top.kind).toBe('duplicate');
    expect(top.problem).toBe('member "a" appears twice');
    expect(top.path).toEqual(['a']);
    expect(problemOf('{"x":[{"b":1},{"b":1,"c":{"d":"1","d":"1"}}]}').path).toEqual(['x', 1, 'c', 'd']);
  });

  it('sees a name repeated through an escape, which JSON.parse would merge', () => {
    expect(problemOf('{"a":1,"\\u0061":2}').path).toEqual(['a']);
  });

  it('ignores colons, quotes and numbers inside strings', () => {
    const text = '{"t":"09:00:00","k:1":"\\":1e400","q":"a\\\\","n":"12345678901234567891","u":"\\u003a"}';
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });

  it('leaves invalid JSON to JSON.parse, which throws SyntaxError', () => {
    expect(() => parseStrictJson('{"a":1,}')).toThrow(SyntaxError);
  });

  it('refuses nesting deeper than 1000 levels instead of overflowing the stack later', () => {
    const err = problemOf('['.repeat(5000) + ']'.repeat(5000));
    expect(err.kind).toBe('nesting');
  });

  it('finds a single planted problem wherever it is, and accepts the text without it', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const leaves = ['1', '-15', '0.5', '1e5', '"x:1"', 'true', 'null', '"\\"{"', String(Number.MAX_SAFE_INTEGER)];
    const seen = { planted: 0, clean: 0 };
    for (let round = 0; round < 600; round++) {
      // A random tree as text, with one site chosen to hold the problem.
      let sites = 0;
      const target = random(6);
      let plantedPath: (string | number)[] | null = null;
      const build = (depth: number, path: (string | number)[], plant: boolean): string => {
        const kind = depth > 3 ? 0 : random(3);
        if (kind === 0) {
          const here = plant && sites++ === target && plantedPath === null && path.length > 0;
          if (here) plantedPath = path;
          return here ? (random(2) ? '9007199254740993' : '-2e308') : leaves[random(leaves.length)];
        }
        if (kind === 1) {
          const items = Array.from({ length: random(4) }, (_, i) => build(depth + 1, [...path, i], plant));
          return `[${items.join(',')}]`;
        }
        const count = random(4) + 1;
        const members = Array.from(
          { length: count },
          (_, i) => `"k${i}":${build(depth + 1, [...path, `k${i}`], plant)}`,
        );
        const dupHere = plant && sites++ === target && plantedPath === null;
        if (dupHere) {
          plantedPath = [...path, 'k0'];
          members.push(`"k0":${leaves[random(leaves.length)]}`);
        }
        return `{${members.join(',')}}`;
      };
      const text = `{"root":${build(0, ['root'], true)}}`;
      if (plantedPath === null) {
        seen.clean++;
        expect(parseStrictJson(text)).toEqual(JSON.parse(text));
      } else {
        seen.planted++;
        expect(problemOf(text).path).toEqual(plantedPath);
      }
    }
    expect(seen.planted).toBeGreaterThan(50);
    expect(seen.clean).toBeGreaterThan(50);
  });
});
