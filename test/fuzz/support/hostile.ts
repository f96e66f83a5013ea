// Hostile values: what a careless or malicious client may send in a path, a query string, a header, a
// form field or a JSON body. Strings stay JS strings (lone surrogates included) until encodeUrlPart
// writes them on the wire as their WTF-8 bytes, which no UTF-8 decoder accepts.
import fc from 'fast-check';

/** Strings that broke, or could break, a parser, a database or a page. */
const nasty = [
  '',
  ' ',
  '\u0000',
  '1\u0000',
  'a\u0000b',
  '\uD800',
  '\uDC00',
  'x\uDBFFy',
  '\uFFFE',
  '\uFEFF1',
  '\u202Eevil',
  '\u200B',
  'é',
  'École',
  '😀',
  '\r\n',
  '\t',
  '0',
  '-1',
  '1.5',
  '1e3',
  '1e309',
  '-0',
  '0x10',
  '00012',
  ' 12 ',
  '9007199254740993',
  '99999999999999999999999',
  'NaN',
  'Infinity',
  'true',
  'false',
  'null',
  'undefined',
  '[]',
  '{}',
  '[1]',
  '{"a":1}',
  "' OR '1'='1",
  '1; DROP TABLE users; --',
  "'); DELETE FROM ledger_entries; --",
  '%',
  '%%',
  '_',
  '\\',
  "\\'",
  '"',
  '$1',
  ':name',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '&lt;b&gt;',
  '&#0;',
  '{{7*7}}',
  '${7*7}',
  '../../etc/passwd',
  '..%2F..',
  'javascript:alert(1)',
  'http://evil.example/',
  '__proto__',
  'constructor',
  'toString',
  'a,b;c',
  '=cmd|"/c calc"!A1',
  '2026-02-30',
  '9999-12-31',
  '0000-00-00',
  '12,50',
  '1 000,00',
  '-12,50',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...nasty) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  // Huge strings: past every maxLength, past the route's maxParamLength.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('a', 'é', '\u0000', '9', '😀', '<'), fc.constantFrom(256, 5_000, 70_000))
      .map(([unit, length]) => unit.repeat(length)),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom(...nasty), fc.string({ maxLength: 8 })).map(([a, b]) => a + b),
  },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double()).map(String) },
);

/** Numbers a schema should not take for an id, a quantity or an amount. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    -0,
    0.5,
    1.5,
    -2_147_483_649,
    2_147_483_648,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER - 2,
    1e308,
    -1e308,
    5e-324,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Keys no schema declares. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'extra',
    'isAdmin',
    'role',
    'id',
    '',
    '\u0000',
    '\uD800',
  ),
  fc.string({ maxLength: 12 }),
);

/** Any JSON value a body field may receive instead of the one it expects. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: hostileString },
    { weight: 3, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(hostileKey, tie('value'), { maxKeys: 3 }) },
  ),
})).value;

/** A UTF-16 string as percent-encoded WTF-8: lone surrogates become the invalid bytes ED A0 80 etc. */
export function encodeUrlPart(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text[i]! + text[i + 1]!);
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i]!);
    }
  }
  return out;
}

/** Already-encoded URL pieces that no encoder produces: broken escapes, overlong NUL, raw slashes. */
export const rawUrlPiece: fc.Arbitrary<string> = fc.constantFrom(
  '%',
  '%zz',
  '%0',
  '%00',
  '%C0%80',
  '%FF',
  '%E9',
  '%ED%A0%80',
  '%2F',
  '..',
  '.',
  '%2e%2e',
  '%u0000',
  '1%00',
  'a+b',
  '%252F',
);

/** A value as it travels in a URL: an encoded string, or a raw broken piece. */
export function urlValue(plausible: fc.Arbitrary<string>, hostility: number): fc.Arbitrary<string> {
  return mix(
    plausible.map(encodeUrlPart),
    fc.oneof(
      { weight: 5, arbitrary: hostileString.map(encodeUrlPart) },
      { weight: 1, arbitrary: rawUrlPiece },
    ),
    hostility,
  );
}

/**
 * Plausible values, with hostile ones `hostility` times in 10 (0: never). A request hostile
 * everywhere stops at the first check; one hostile in a single place reaches the deeper ones.
 */
export function mix<T>(
  plausible: fc.Arbitrary<T>,
  hostile: fc.Arbitrary<T>,
  hostility: number,
): fc.Arbitrary<T> {
  return hostility === 0
    ? plausible
    : fc.oneof({ weight: 10, arbitrary: plausible }, { weight: hostility, arbitrary: hostile });
}

/** A header value an HTTP parser lets through (visible ASCII and Latin-1 bytes), often hostile. */
export function headerValue(plausible: fc.Arbitrary<string>, hostility: number): fc.Arbitrary<string> {
  const latin1 = (text: string) =>
    Array.from(text)
      .map((char) =>
        char.charCodeAt(0) <= 0xff && char.charCodeAt(0) >= 0x20 && char !== '\x7f' ? char : '?',
      )
      .join('')
      .slice(0, 8000);
  return mix(plausible, hostileString.map(latin1), hostility);
}
