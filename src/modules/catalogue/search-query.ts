// Turns raw query parameters (API or page) into a validated SearchQuery, and the free text into safe
// search tokens. Everything a user can type is checked here, at the edge.
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { facetKeys, facetLabels, type FacetKey } from './vocabulary.js';

/** rating: best average of the teachers' ratings first (more reviews first on a tie, unrated last);
 *  adoption: the most establishments that ordered the resource first. */
export const sortOrders = ['relevance', 'price', 'newest', 'title', 'rating', 'adoption'] as const;
export type SortOrder = (typeof sortOrders)[number];

export const MAX_QUERY_LENGTH = 200;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Deep pages cost a full sort; nobody reads past 10,000 results, a narrower search helps more. */
export const MAX_RESULT_WINDOW = 10_000;
export const MAX_VALUES_PER_FACET = 50;

export interface SearchQuery {
  text: string;
  filters: Partial<Record<FacetKey, string[]>>;
  priceMinCents?: number;
  priceMaxCents?: number;
  sort: SortOrder;
  page: number;
  pageSize: number;
}

/** One value or a repeated parameter: both become a list. */
const multiValue = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .transform((values) => [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))])
  .refine((values) => values.length <= MAX_VALUES_PER_FACET, {
    message: `au plus ${MAX_VALUES_PER_FACET} valeurs par filtre`,
  });

const singleValue = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (Array.isArray(value) ? value[value.length - 1] : value))
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const wholeNumber = (field: string, min: number, max: number) =>
  singleValue.pipe(
    z
      .string()
      .regex(/^-?\d{1,9}$/, `${field} doit être un nombre entier`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `${field} doit être compris entre ${min} et ${max}`)
      .optional(),
  );

/**
 * The search parameters as they come in a query string (each one a string, or a list when repeated),
 * validated with French messages. The API route declares it as its querystring schema, so the
 * descriptions below are the OpenAPI document's.
 */
export const rawSearchSchema = z.object({
  q: singleValue
    .pipe(
      z
        .string()
        .max(MAX_QUERY_LENGTH, `la recherche est trop longue (${MAX_QUERY_LENGTH} caractères au plus)`)
        .optional(),
    )
    .describe(
      `Free text, French, accents and case ignored; the last word is matched as a prefix. At most ${MAX_QUERY_LENGTH} characters.`,
    ),
  ...(Object.fromEntries(
    facetKeys.map((key) => [
      key,
      multiValue.describe(
        `${facetLabels[key]}: a stable code (or ScoLOMfr concept URI). Repeat the parameter for OR within the facet (at most ${MAX_VALUES_PER_FACET}); facets combine with AND.`,
      ),
    ]),
  ) as Record<FacetKey, typeof multiValue>),
  priceMin: wholeNumber('le prix minimum', 0, 1_000_000).describe('Lowest price, whole euros.'),
  priceMax: wholeNumber('le prix maximum', 0, 1_000_000).describe('Highest lowest-offer price, whole euros.'),
  sort: singleValue
    .pipe(z.enum(sortOrders, { message: `le tri doit être ${sortOrders.join(', ')}` }).optional())
    .describe(
      `${sortOrders.join(', ')} (default relevance). rating: best average of the published reviews first, more reviews first on a tie, unrated resources last; adoption: most establishments with a live order line first, then by rating.`,
    ),
  page: wholeNumber('le numéro de page', 1, MAX_RESULT_WINDOW).describe(
    `Page number from 1; only the first ${MAX_RESULT_WINDOW} results can be paged through.`,
  ),
  pageSize: wholeNumber('la taille de page', 1, MAX_PAGE_SIZE).describe(
    `Results per page, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
  ),
});
export type RawSearchParameters = z.output<typeof rawSearchSchema>;

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A failed parse of the search parameters: the first problem, capitalized, and all of them. */
export function searchValidationError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  return new AppError(
    'VALIDATION_FAILED',
    capitalize(issue?.message ?? 'paramètre de recherche invalide') + '.',
    {
      issues: error.issues.map((i) => ({ parameter: i.path.join('.'), message: i.message })),
    },
  );
}

/** Validates raw parameters. Facet values are checked later against the facet dictionary. */
export function parseSearchQuery(raw: unknown): SearchQuery {
  const parsed = rawSearchSchema.safeParse(raw ?? {});
  if (!parsed.success) throw searchValidationError(parsed.error);
  return toSearchQuery(parsed.data);
}

/** Validated parameters → the query the search runs (defaults, euros to cents, the result window). */
export function toSearchQuery(value: RawSearchParameters): SearchQuery {
  const page = value.page ?? 1;
  const pageSize = value.pageSize ?? DEFAULT_PAGE_SIZE;
  if (page * pageSize > MAX_RESULT_WINDOW + pageSize) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Seuls les ${MAX_RESULT_WINDOW} premiers résultats sont consultables : affinez la recherche.`,
    );
  }
  const filters: Partial<Record<FacetKey, string[]>> = {};
  for (const key of facetKeys) if (value[key].length > 0) filters[key] = value[key];
  const text = value.q ?? '';
  return {
    text,
    filters,
    ...(value.priceMin !== undefined ? { priceMinCents: value.priceMin * 100 } : {}),
    ...(value.priceMax !== undefined ? { priceMaxCents: value.priceMax * 100 } : {}),
    sort: value.sort ?? 'relevance',
    page,
    pageSize,
  };
}

// Words too common to narrow a French search. PostgreSQL's French list misses "les", and accented ones
// escape it once unaccent has run, so the query side drops them itself.
const frenchStopWords = new Set(
  'a au aux avec ce ces d dans de des du elle en et il ils je l la le les leur lui ma mais me mes mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y ete etre est sont'.split(
    ' ',
  ),
);
const MAX_TOKENS = 10;

/** Lower case, no accents, ligatures spelled out: the form the lexicon and unaccent use. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '');
}

/**
 * The search words of a free-text query: folded, split on anything but letters and digits, without
 * stop words. Tokens contain only [a-z0-9], so they are safe inside a tsquery.
 */
export function searchTokens(text: string): string[] {
  const words = foldText(text)
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0 && !frenchStopWords.has(word));
  return [...new Set(words)].slice(0, MAX_TOKENS);
}

/** Only words this long get typo tolerance: shorter ones have too many neighbours. */
export const MIN_TYPO_WORD_LENGTH = 5;

/**
 * The tsquery text for the tokens: every word must match (AND), the last one as a prefix (the user may
 * still be typing), each with its typo corrections as alternatives (OR).
 */
export function buildTsQuery(
  tokens: readonly string[],
  corrections: ReadonlyMap<string, readonly string[]>,
): string {
  return tokens
    .map((token, index) => {
      const self = index === tokens.length - 1 ? `${token}:*` : token;
      const alternatives = corrections.get(token) ?? [];
      return alternatives.length === 0 ? self : `(${[self, ...alternatives].join(' | ')})`;
    })
    .join(' & ');
}
