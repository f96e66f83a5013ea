import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { attachment, csvDate, csvDocument, csvEuros } from './csv.js';

describe('order exports as CSV', () => {
  it('reads back, through csv-parse, the values written; empty cells for missing ones', () => {
    const text = csvDocument(
      ['a', 'b', 'c', 'd'],
      [
        ['Résumé; "cité"', csvEuros(1_250), 'x\r\ny', null],
        [undefined, '=1+1', 'é', 42],
      ],
    );
    expect(text.startsWith('\uFEFFa;b;c;d\r\n')).toBe(true);
    const parsed: string[][] = parse(text, { bom: true, delimiter: ';' });
    expect(parsed).toEqual([
      ['a', 'b', 'c', 'd'],
      ['Résumé; "cité"', '12,50', 'x\r\ny', ''],
      ['', "'=1+1", 'é', '42'],
    ]);
  });

  it('writes the French day of an instant, as Excel France reads dates', () => {
    expect(csvDate('2026-12-05')).toBe('05/12/2026');
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(csvDate('2026-12-31T23:30:00.000Z')).toBe('01/01/2027');
    expect(csvDate(null)).toBe('');
  });

  it('names a download with safe characters only', () => {
    expect(attachment('commandes-0131234A.csv')).toBe('attachment; filename="commandes-0131234A.csv"');
    expect(attachment('a"b\r\n.csv')).toBe('attachment; filename="a_b__.csv"');
  });
});
