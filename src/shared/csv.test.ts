// The CSV of the dashboards, as a French spreadsheet reads it.
import { describe, expect, it } from 'vitest';
import { csvEuros, toCsv } from './csv.js';

describe('toCsv', () => {
  it('starts with a byte order mark and separates cells with semicolons, lines with CRLF', () => {
    const csv = toCsv(['Académie', 'Dotation (euros)'], [['Rennes', csvEuros(123_450)]]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('Académie;Dotation (euros)\r\nRennes;1234,50\r\n');
  });

  it('writes whole numbers without decimals and others with two, with a decimal comma', () => {
    expect(toCsv(['n'], [[12], [0.125], [csvEuros(-250)], [csvEuros(100_000)]]).slice(1)).toBe(
      'n\r\n12\r\n0,13\r\n-2,50\r\n1000\r\n',
    );
  });

  it('quotes cells holding a separator, a quote or a line break', () => {
    expect(toCsv(['a', 'b'], [['Lycée « Thiers » ; Marseille', 'dit "le grand"\nsuite']]).slice(1)).toBe(
      'a;b\r\n"Lycée « Thiers » ; Marseille";"dit ""le grand""\nsuite"\r\n',
    );
  });

  it('keeps a spreadsheet from running a text cell as a formula', () => {
    expect(toCsv(['nom'], [['=HYPERLINK("http://x")'], ['+33'], ['-1'], ['@SUM(A1)']]).slice(1)).toBe(
      'nom\r\n"\'=HYPERLINK(""http://x"")"\r\n\'+33\r\n\'-1\r\n\'@SUM(A1)\r\n',
    );
  });
});
