// French formatting of what pages show: money in integer cents, counts, dates and plurals.

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const integers = new Intl.NumberFormat('fr-FR');
const longDates = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const languageNames = new Intl.DisplayNames(['fr'], { type: 'language' });

/** 1290 → "12,90 €" (with the narrow no-break spaces French typography uses). */
export function formatMoney(cents: number): string {
  return euros.format(cents / 100);
}

/** 1234 → "1 234". */
export function formatCount(count: number): string {
  return integers.format(count);
}

/** "1 ressource", "1 234 ressources": French puts 0 and 1 in the singular. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count <= 1 ? singular : plural}`;
}

/** '2024-03-12' (a calendar date, no time zone) → "12 mars 2024". */
export function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : longDates.format(date);
}

/** 'fr' → "français"; unknown codes are shown as they are. */
export function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Only http(s) addresses become links: notices come from publishers and harvests, and Preact does not
 * neutralise `javascript:` URLs in href.
 */
export function safeExternalUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A vocabulary label as pages show it. ScoLOMfr names the current cycles "cycle 4 (2016)" to tell them
 * from the pre-2016 ones, which this catalogue never uses: the year is noise next to a count.
 */
export function shortLabel(label: string): string {
  // ScoLOMfr labels keep the straight apostrophe of their SKOS prefLabel ("manuel d'enseignement");
  // French text on screen takes the typographic one.
  return label.replace(/ \(2016\)$/, '').replace(/'/g, '’');
}
