import { describe, expect, it } from 'vitest';
import {
  autoFlagsOf,
  containsWatchedWord,
  countLinks,
  isShouting,
  REVIEW_MAX_LENGTH,
  reviewTextProblem,
} from './review-text.js';

describe('review text rules', () => {
  it('counts web addresses in their usual forms', () => {
    expect(countLinks('Voir https://exemple.fr/a et www.site.org puis promo.com')).toBe(3);
    expect(countLinks('Très utile en CM2, merci. Le chapitre 3.2 est parfait.')).toBe(0);
  });

  it('calls mostly capitals shouting, not a sentence with acronyms', () => {
    expect(isShouting('CETTE RESSOURCE EST NULLE ET TRÈS CHÈRE !!!')).toBe(true);
    expect(isShouting('Très bien pour la SVT en 4e et les QCM du CM2, les élèves aiment.')).toBe(false);
    expect(isShouting('TROP BIEN')).toBe(false);
  });

  it('finds watched words without accents or case, as whole words', () => {
    expect(containsWatchedWord('Une ARNAQUÉ totale')).toBe(true);
    expect(containsWatchedWord('Le mot discasino ne compte pas')).toBe(false);
    expect(containsWatchedWord('Un bon manuel de français')).toBe(false);
  });

  it('flags links, shouting and words together', () => {
    expect(autoFlagsOf('VISITEZ WWW.PROMO.COM CASINO GRATUIT MAINTENANT')).toEqual([
      'links',
      'shouting',
      'words',
    ]);
    expect(autoFlagsOf('Un très bon outil pour travailler la lecture en CE1.')).toEqual([]);
  });

  it('refuses too short, too long and too many links, in French', () => {
    expect(reviewTextProblem('Bien.')).toMatch(/trop court/);
    expect(reviewTextProblem('a'.repeat(REVIEW_MAX_LENGTH + 1))).toMatch(/trop long : 2001 caractères/);
    expect(reviewTextProblem('Voir a.com, b.com et c.com pour comparer les exercices.')).toMatch(
      /3 liens : 2 au plus/,
    );
    expect(reviewTextProblem('Un très bon outil pour travailler la lecture en CE1.')).toBeUndefined();
  });
});
