// Pure rules on a review's text: the limits that refuse it (length, number of links) and the flags
// that send it to the moderators (links, shouting, words of a list). Nothing here reads the database.

export const REVIEW_MIN_LENGTH = 20;
export const REVIEW_MAX_LENGTH = 2000;
/** More links than this and the review is refused; one or two are allowed but flagged. */
export const REVIEW_MAX_LINKS = 2;
/** Reviews written or edited per user in an hour. */
export const REVIEWS_PER_HOUR = 5;
export const REPORT_REASON_MAX_LENGTH = 500;

export type AutoFlag = 'links' | 'shouting' | 'words';

export const autoFlagLabels: Record<AutoFlag, string> = {
  links: 'contient un lien',
  shouting: 'écrit en majuscules',
  words: 'contient un mot de la liste de surveillance',
};

const LINK = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(?:com|fr|net|org|info|biz|io|ru|xyz)\b(?:\/\S*)?/giu;

/** How many web addresses the text holds ("https://…", "www.…" or a bare "site.com"). */
export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

/**
 * Shouting: at least 20 letters, and more than 70 % of them capitals. A few acronyms (CM2, SVT, QCM)
 * in a normal sentence stay far below.
 */
export function isShouting(text: string): boolean {
  const letters = [...text].filter((char) => /\p{L}/u.test(char));
  if (letters.length < 20) return false;
  const capitals = letters.filter((char) => char !== char.toLowerCase() && char === char.toUpperCase());
  return capitals.length / letters.length > 0.7;
}

/** Lower case without accents, so "Arnaqué" and "ARNAQUE" match "arnaque". */
function normalized(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Words the moderators want to see: insults and spam. Matched as whole words (or word beginnings for
 * the stems), without accents or case. A flag asks for a look; it never hides anything by itself.
 */
export const watchedWords: readonly string[] = [
  'arnaque',
  'escroc',
  'escroquerie',
  'connard',
  'connasse',
  'salope',
  'encule',
  'merde',
  'putain',
  'abruti',
  'debile',
  'casino',
  'viagra',
  'bitcoin',
  'credit rapide',
];

export function containsWatchedWord(text: string): boolean {
  const plain = normalized(text);
  return watchedWords.some((word) => new RegExp(`(^|[^\\p{L}])${word}`, 'u').test(plain));
}

export function autoFlagsOf(text: string): AutoFlag[] {
  const flags: AutoFlag[] = [];
  if (countLinks(text) > 0) flags.push('links');
  if (isShouting(text)) flags.push('shouting');
  if (containsWatchedWord(text)) flags.push('words');
  return flags;
}

/** Why the text is refused as it is, in French, or undefined when it may be published. */
export function reviewTextProblem(text: string): string | undefined {
  const length = [...text.trim()].length;
  if (length < REVIEW_MIN_LENGTH)
    return `Votre avis est trop court : écrivez au moins ${REVIEW_MIN_LENGTH} caractères.`;
  if (length > REVIEW_MAX_LENGTH)
    return `Votre avis est trop long : ${length} caractères, ${REVIEW_MAX_LENGTH} au plus.`;
  const links = countLinks(text);
  if (links > REVIEW_MAX_LINKS)
    return `Votre avis contient ${links} liens : ${REVIEW_MAX_LINKS} au plus sont acceptés.`;
  return undefined;
}
