import { describe, expect, it } from 'vitest';
import { FORMULA_TRIGGERS, csvCell, neutraliseFormula, restoreFormula } from '../../electron/export/csv-cell';
import { parseCsv } from './csv-parse';

const cellValue = (cell: string) => parseCsv(cell + '\r\n')[0][0];

describe('CSV cell', () => {
  it.each(FORMULA_TRIGGERS.map((c) => [JSON.stringify(c), c]))(
    'neutralises a cell starting with %s by a leading quote, quoted',
    (_, trigger) => {
      const cell = csvCell(`${trigger}cmd|' /C calc'!A0`);
      expect(cell.startsWith(`"'${trigger}`)).toBe(true);
      expect(cellValue(cell)).toBe(`'${trigger}cmd|' /C calc'!A0`);
    },
  );

  it('guards a value that already starts with quotes before a trigger, so the rule reverses', () => {
    expect(cellValue(csvCell("'=1+1"))).toBe("''=1+1");
    expect(cellValue(csvCell("''@x"))).toBe("'''@x");
  });

  it('leaves other values, including a leading quote before a plain character, unguarded', () => {
    for (const value of ["'abc", "'", 'a=b', '1-2', 'alice@example.com', '{a:1}']) expect(csvCell(value)).toBe(value);
  });

  it('round-trips every tricky value through neutralise and restore', () => {
    const values = ['', "'", "''", "'a", "'=", "''=", '=', '+', '-', '@', '\t', '\r', 'x', "'\t", "a'=", '-1', "'''-x"];
    for (const value of values) {
      expect(restoreFormula(neutraliseFormula(value)), JSON.stringify(value)).toBe(value);
      expect(restoreFormula(cellValue(csvCell(value) || '""')), JSON.stringify(value)).toBe(value);
    }
  });

  it('quotes a field holding a comma, quote, CR or LF and doubles its quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\rb')).toBe('"a\rb"');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('')).toBe('');
  });
});
