import { describe, expect, test } from 'vitest';
import { correctedQueryText } from './search.service.js';

describe('the corrected query text', () => {
  const corrections = new Map([
    ['volcanisne', 'volcanisme'],
    ['enregie', 'énergie'],
  ]);
  const correct = (word: string) => corrections.get(word);

  test('replaces the mistyped words only, keeping the others as typed', () => {
    expect(correctedQueryText('Volcanisne du Japon', correct)).toBe('volcanisme du Japon');
    expect(correctedQueryText('  l’enregie, électricité ', correct)).toBe('l’énergie, électricité');
  });

  test('finds the mistyped word whatever its accents or case', () => {
    expect(correctedQueryText('ÉNREGIE', correct)).toBe('énergie');
  });
});
