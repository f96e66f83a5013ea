import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { attachment, csvCell, csvDate, csvDocument, csvEuros } from './csv.js';

describe('csv for French Excel', () => {
  it('writes euros with a decimal comma and no thousands separator', () => {
    expect(csvEuros(0)).toBe('0,00');
    expect(csvEuros(5)).toBe('0,05');
    expect(csvEuros(123_456)).toBe('1234,56');
    expect(csvEuros(-1_050)).toBe('-10,50');
  });

  it('quotes separators, quotes and line breaks, and leaves plain text alone', () => {
    expect(csvCell('Atlas')).toBe('Atlas');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('dit « "oui" »')).toBe('"dit « ""oui"" »"');
    expect(csvCell('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('neutralises formulas but not negative amounts', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+33 4 91')).toBe("'+33 4 91");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-10,50')).toBe('-10,50');
  });

  it('reads back, through csv-parse, exactly the values written', () => {
    const rows = [
      ['Résumé; "cité"', '12,50', 'x\r\ny'],
      ['', '=1+1', 'é'],
    ];
    const text = csvDocument(['a', 'b', 'c'], rows);
    expect(text.startsWith('\uFEFFa;b;c\r\n')).toBe(true);
    const parsed: string[][] = parse(text, { bom: true, delimiter: ';' });
    expect(parsed).toEqual([['a', 'b', 'c'], rows[0], ['', "'=1+1", 'é']]);
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
