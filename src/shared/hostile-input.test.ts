import { describe, expect, it } from 'vitest';
import { findHostileText, isHostileText } from './hostile-input.js';

describe('findHostileText', () => {
  it('finds NUL characters and unpaired surrogates, not valid text', () => {
    expect(isHostileText('a\u0000b')).toBe(true);
    expect(isHostileText('\ud800')).toBe(true);
    expect(isHostileText('x\udc00')).toBe(true);
    expect(isHostileText('\udc00\ud800')).toBe(true);
    expect(isHostileText('École 📐 ñ')).toBe(false);
    expect(isHostileText('')).toBe(false);
  });

  it('names the path of the first hostile value, keys included', () => {
    expect(findHostileText({ a: [1, { b: 'ok' }, { c: 'x\u0000' }] })).toBe('a[2].c');
    expect(findHostileText({ ['k\ud800']: 1 })).toBe('(clé)');
    expect(findHostileText('\u0000')).toBe('(valeur)');
    expect(findHostileText({ a: 'ok', b: [true, null, 3] })).toBeUndefined();
  });

  it('skips uploaded files (their text is checked once decoded)', () => {
    expect(findHostileText({ file: Buffer.from([0, 0, 0]) })).toBeUndefined();
  });

  it('walks a very deep value without overflowing the stack', () => {
    let deep: unknown = 'fin\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findHostileText(deep)).toMatch(/^\[0\]/);
  });
});
