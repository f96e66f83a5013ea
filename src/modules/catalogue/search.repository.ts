// The SQL side of catalogue search: the index's raw material, the rows of a result page, stems of
// query words, and spelling corrections from the lexicon of catalogue words.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { IndexedDocument } from './search-index.js';
import { foldText } from './search-query.js';
import { parseTsvectorText } from './tsvector-text.js';

export interface ResultRow {
  id: number;
  identifier: string;
  title: string;
  summary: string;
  cost: string;
  lowest_price_cents: number;
  levels: string[];
  disciplines: string[];
  types: string[];
  formats: string[];
  published_on: string;
  producer_code: string;
  producer_name: string;
}

/** Rows of one result page, in the order of the ids given. */
export async function selectResultsByIds(db: Kysely<Database>, ids: readonly number[]): Promise<ResultRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<ResultRow>`
    SELECT r.id, r.identifier, r.title, left(r.description, 260) AS summary, r.cost, r.lowest_price_cents,
           r.levels, r.disciplines, r.types, r.formats, r.published_on, p.code AS producer_code, p.name AS producer_name
    FROM resources r JOIN producers p ON p.id = r.producer_id
    WHERE r.id = ANY(${ids}::int[])`.execute(db);
  const byId = new Map(result.rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Streams every resource as the search index needs it, in id order, a batch at a time. Lexemes come
 * from the stored tsvector's text, split by best weight (A title, B keywords and labels, the rest).
 */
export async function* readIndexedDocuments(
  db: Kysely<Database>,
  batchSize = 5000,
): AsyncGenerator<IndexedDocument[]> {
  let lastId = 0;
  for (;;) {
    const result = await sql<{
      id: number;
      lowest_price_cents: number;
      day: number;
      title: string;
      facet_ids: number[];
      vector: string;
    }>`
      SELECT id, lowest_price_cents, (published_on - DATE '1970-01-01') AS day, title, facet_ids,
             search::text AS vector
      FROM resources WHERE id > ${lastId} ORDER BY id LIMIT ${batchSize}`.execute(db);
    if (result.rows.length === 0) return;
    lastId = result.rows[result.rows.length - 1]!.id;
    yield result.rows.map((row) => {
      const lexemes = parseTsvectorText(row.vector);
      return {
        resourceId: row.id,
        lowestPriceCents: row.lowest_price_cents,
        publishedDay: row.day,
        title: row.title,
        facetIds: row.facet_ids,
        lexemesA: lexemes.a,
        lexemesB: lexemes.b,
        lexemesOther: lexemes.all,
      };
    });
    if (result.rows.length < batchSize) return;
  }
}

/** The French stems of folded words, as the database's french_unaccent configuration makes them. */
export async function stemWords(
  db: Kysely<Database>,
  words: readonly string[],
): Promise<Map<string, string[]>> {
  if (words.length === 0) return new Map();
  const result = await sql<{ word: string; stems: string[] | null }>`
    SELECT w AS word, ts_lexize('french_stem', w) AS stems FROM unnest(${words}::text[]) AS w`.execute(db);
  return new Map(result.rows.map((row) => [row.word, row.stems ?? [row.word]]));
}

/** The word with two neighbouring letters swapped, every way: "enregie" → "nerregie", "eenrgie", … */
export function adjacentTranspositions(word: string): string[] {
  const variants = new Set<string>();
  for (let i = 0; i < word.length - 1; i++) {
    if (word[i] === word[i + 1]) continue;
    variants.add(word.slice(0, i) + word[i + 1]! + word[i]! + word.slice(i + 2));
  }
  return [...variants];
}

/**
 * For each word (known to match nothing), the catalogue words one typo away (a letter inserted, deleted,
 * replaced, or two neighbours swapped), most frequent first, three at most.
 */
export async function findSpellingCorrections(
  db: Kysely<Database>,
  words: readonly string[],
): Promise<Map<string, string[]>> {
  const corrections = new Map<string, string[]>();
  for (const word of words) {
    const result = await sql<{ term: string }>`
      SELECT t.term
      FROM search_terms t
      WHERE length(t.term) BETWEEN ${word.length - 1} AND ${word.length + 1}
        AND t.term <> ${word}
        AND (levenshtein_less_equal(t.term, ${word}, 1) <= 1 OR t.term = ANY(${adjacentTranspositions(word)}::text[]))
      ORDER BY t.documents DESC, t.term
      LIMIT 3`.execute(db);
    if (result.rows.length > 0)
      corrections.set(
        word,
        result.rows.map((row) => row.term),
      );
  }
  return corrections;
}

/** How many matching resources are read to find how a lexicon word is spelled. */
const SURFACE_SAMPLE = 50;

/**
 * Each lexicon word (folded: "energie") as the catalogue spells it ("énergie"): the most frequent
 * lower-case form in the titles and keywords of resources that contain it. The lexicon holds folded
 * words only, so a correction shown as is would lose its accents. A word never found keeps its form.
 */
export async function catalogueSpellings(
  db: Kysely<Database>,
  terms: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(terms)];
  if (unique.length === 0) return new Map();
  // One statement for every word; for each, the GIN index on the search vector narrows to resources
  // holding the word's stem.
  const result = await sql<{ term: string; text: string }>`
    SELECT t.term, r.text
    FROM unnest(${unique}::text[]) AS t(term)
    CROSS JOIN LATERAL (
      SELECT title || ' ' || array_to_string(keywords, ' ') AS text
      FROM resources
      WHERE search @@ plainto_tsquery('french_unaccent', t.term)
      LIMIT ${SURFACE_SAMPLE}
    ) r`.execute(db);
  const counts = new Map<string, Map<string, number>>(unique.map((term) => [term, new Map()]));
  for (const row of result.rows) {
    const forms = counts.get(row.term)!;
    for (const word of row.text.split(/[^\p{L}\p{N}]+/u)) {
      const lower = word.toLocaleLowerCase('fr');
      if (lower.length > 0 && foldText(lower) === row.term) forms.set(lower, (forms.get(lower) ?? 0) + 1);
    }
  }
  const spellings = new Map<string, string>();
  for (const [term, forms] of counts) {
    const best = [...forms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'fr'))[0];
    spellings.set(term, best?.[0] ?? term);
  }
  return spellings;
}
