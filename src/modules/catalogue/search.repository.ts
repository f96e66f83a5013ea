// The SQL side of catalogue search: the index's raw material, the rows of a result page, stems of
// query words, and spelling corrections from the lexicon of catalogue words.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { IndexedDocument } from './search-index.js';
import { foldText } from './search-query.js';
import { parseTsvectorText } from './tsvector-text.js';
import { RATED_4_PLUS, RIP_LABEL, TEACHER_RESOURCE, WITH_APPRAISAL } from './vocabulary.js';

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

interface IndexedRow {
  id: number;
  lowest_price_cents: number;
  day: number;
  title: string;
  facet_ids: number[];
  rating_count: number;
  rating_sum: number;
  adopters: number;
  vector: string;
}

/** What the index keeps of a resource. Lexemes come from the stored tsvector's text, split by best
 *  weight (A title, B keywords and labels, the rest). */
function indexedDocument(row: IndexedRow): IndexedDocument {
  const lexemes = parseTsvectorText(row.vector);
  return {
    resourceId: row.id,
    lowestPriceCents: row.lowest_price_cents,
    publishedDay: row.day,
    title: row.title,
    facetIds: row.facet_ids,
    ratingAverage: row.rating_count > 0 ? row.rating_sum / row.rating_count : 0,
    ratingCount: row.rating_count,
    adopters: row.adopters,
    lexemesA: lexemes.a,
    lexemesB: lexemes.b,
    lexemesOther: lexemes.all,
  };
}

// The ranking facets' values are not in resources.facet_ids (written by the catalogue's own writers):
// they are added here from resource_rankings and the origin, their ids read once per statement.
const indexedColumns = sql`r.id, r.lowest_price_cents, (r.published_on - DATE '1970-01-01') AS day, r.title,
  r.facet_ids || array_remove(ARRAY[
    CASE WHEN k.rating_count > 0 AND k.rating_sum >= 4 * k.rating_count THEN f.rating END,
    CASE WHEN k.has_appraisal THEN f.appraisal END,
    CASE WHEN k.rip_label THEN f.rip END,
    CASE WHEN r.origin = 'teacher' THEN f.teacher END], NULL) AS facet_ids,
  coalesce(k.rating_count, 0) AS rating_count, coalesce(k.rating_sum, 0) AS rating_sum,
  coalesce(k.adopters, 0) AS adopters, r.search::text AS vector`;
const indexedSource = sql`resources r
  LEFT JOIN resource_rankings k ON k.resource_id = r.id
  CROSS JOIN (
    SELECT max(id) FILTER (WHERE facet = 'rating' AND code = ${RATED_4_PLUS}) AS rating,
           max(id) FILTER (WHERE facet = 'appraisal' AND code = ${WITH_APPRAISAL}) AS appraisal,
           max(id) FILTER (WHERE facet = 'rip' AND code = ${RIP_LABEL}) AS rip,
           max(id) FILTER (WHERE facet = 'teacher' AND code = ${TEACHER_RESOURCE}) AS teacher
    FROM facet_values WHERE facet IN ('rating', 'appraisal', 'rip', 'teacher')
  ) f`;

/** Streams every resource as the search index needs it, in id order, a batch at a time. */
export async function* readIndexedDocuments(
  db: Kysely<Database>,
  batchSize = 5000,
): AsyncGenerator<IndexedDocument[]> {
  let lastId = 0;
  for (;;) {
    const result = await sql<IndexedRow>`
      SELECT ${indexedColumns} FROM ${indexedSource} WHERE r.id > ${lastId} AND r.withdrawn_at IS NULL
      ORDER BY r.id LIMIT ${batchSize}`.execute(db);
    if (result.rows.length === 0) return;
    lastId = result.rows[result.rows.length - 1]!.id;
    yield result.rows.map(indexedDocument);
    if (result.rows.length < batchSize) return;
  }
}

/** The resources of these ids as the index needs them; an id missing from the answer was deleted or
 *  withdrawn, and leaves the index. */
export async function readIndexedDocumentsByIds(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<IndexedDocument[]> {
  if (ids.length === 0) return [];
  const result = await sql<IndexedRow>`
    SELECT ${indexedColumns} FROM ${indexedSource} WHERE r.id = ANY(${ids}::int[]) AND r.withdrawn_at IS NULL`.execute(
    db,
  );
  return result.rows.map(indexedDocument);
}

/** One row of the change log: a resource written, or (resourceId null) the catalogue as a whole. */
export interface CatalogueChange {
  seq: number;
  resourceId: number | null;
}

/**
 * Where a full build starts reading the change log. Sequence numbers are taken at insert, not at
 * commit, so a change may become visible after a higher one: the cursor starts at the last change
 * older than `settleSeconds` (any transaction that wrote it is long over) and lists the changes
 * already visible after it, whose rows the build will read; later ones are applied by the follower.
 */
export async function readChangeCursor(
  db: Kysely<Database>,
  settleSeconds: number,
): Promise<{ watermark: number; seen: number[] }> {
  const settled = await sql<{ seq: string }>`
    SELECT seq FROM catalogue_changes WHERE changed_at < now() - make_interval(secs => ${settleSeconds})
    ORDER BY changed_at DESC, seq DESC LIMIT 1`.execute(db);
  const watermark = Number(settled.rows[0]?.seq ?? 0);
  const after = await sql<{ seq: string }>`
    SELECT seq FROM catalogue_changes WHERE seq > ${watermark} ORDER BY seq`.execute(db);
  return { watermark, seen: after.rows.map((row) => Number(row.seq)) };
}

/** The changes after a sequence number, oldest first. */
export async function readChangesAfter(
  db: Kysely<Database>,
  seq: number,
  limit: number,
): Promise<CatalogueChange[]> {
  const result = await sql<{ seq: string; resource_id: number | null }>`
    SELECT seq, resource_id FROM catalogue_changes WHERE seq > ${seq} ORDER BY seq LIMIT ${limit}`.execute(
    db,
  );
  return result.rows.map((row) => ({ seq: Number(row.seq), resourceId: row.resource_id }));
}

/** Forgets changes every node has long applied (a node that starts builds from the tables). */
export async function pruneCatalogueChanges(db: Kysely<Database>, olderThanSeconds: number): Promise<void> {
  await sql`
    DELETE FROM catalogue_changes WHERE changed_at < now() - make_interval(secs => ${olderThanSeconds})`.execute(
    db,
  );
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
