// One segment of the in-memory search index, derived from the database (the source of truth): the
// main segment is built at start and at each merge, the delta from recent changes (search-segments.ts).
// PostgreSQL answers keyword searches well, but counting ten facets over tens of thousands of matches
// takes it hundreds of milliseconds; posting lists, bitsets and typed-array counters do the same in a
// few milliseconds (measured: bench/search.bench.ts).
//
// Documents are numbered 0..size-1 in resource id order. Text postings come from PostgreSQL's own
// tsvector (french_unaccent), so stemming is exactly the database's. A query runs in three steps:
// - words: the documents holding every word, scored by the best field each word appears in;
// - filters: on each candidate's facet values when the candidates are few, else on bitsets built from
//   each facet value's document list; counting "without this selection" for each selected facet;
// - the page: off a precomputed sort order when matches are dense, else through a small heap.
// Where reading facets dominates (it waits on memory at a million documents), the cheaper of reading
// documents or reading a facet's value lists is chosen from measured costs.

/** Field weights, as in the tsvector: title A, keywords and labels B, description C. */
export const WEIGHT_A = 3;
export const WEIGHT_B = 2;
export const WEIGHT_C = 1;
const scoreOfWeight = [0, 0.1, 0.4, 1];

export interface IndexedDocument {
  resourceId: number;
  lowestPriceCents: number;
  /** Days since 1970-01-01 of publication, for "newest". */
  publishedDay: number;
  title: string;
  facetIds: readonly number[];
  /** Average of the published reviews' ratings (0 without any), their number, and the establishments
   *  that ordered the resource: the "rating" and "adoption" sorts. Absent: 0. */
  ratingAverage?: number;
  ratingCount?: number;
  adopters?: number;
  /** Lexemes by best weight: those in the title, in keywords/labels, and everywhere else. */
  lexemesA: readonly string[];
  lexemesB: readonly string[];
  lexemesOther: readonly string[];
}

/** One query word: the lexemes that satisfy it (its stem, its corrections), each exact or as a prefix. */
export interface TermAlternatives {
  exact: readonly string[];
  prefixes: readonly string[];
}

export type IndexSort = 'relevance' | 'price' | 'newest' | 'title' | 'rating' | 'adoption';

export interface IndexQuery {
  terms: readonly TermAlternatives[];
  /** OR inside a group, AND across groups. */
  facetGroups: readonly (readonly number[])[];
  /**
   * Per group, the values of its facet: its counts "without this group" then cover only them (all a
   * multi-select facet shows), which lets them be read off those values' document lists. Without it,
   * every value is counted.
   */
  groupFacets?: readonly (readonly number[])[];
  priceMinCents?: number;
  priceMaxCents?: number;
  sort: IndexSort;
  offset: number;
  limit: number;
}

/** A document of a result page with what it was sorted on, so pages of two segments can be merged. */
export interface IndexHit {
  resourceId: number;
  /** Relevance (0 without words). */
  score: number;
  priceCents: number;
  publishedDay: number;
  title: string;
  ratingAverage: number;
  ratingCount: number;
  adopters: number;
}

/**
 * The order of the "rating" sort: best average first, then more reviews, then lower id; and of
 * "adoption": more establishments first, then the rating order. Unrated resources come last.
 */
export function compareRating(
  a: { ratingAverage: number; ratingCount: number; resourceId: number },
  b: { ratingAverage: number; ratingCount: number; resourceId: number },
): number {
  return b.ratingAverage - a.ratingAverage || b.ratingCount - a.ratingCount || a.resourceId - b.resourceId;
}

export function compareAdoption(
  a: { adopters: number; ratingAverage: number; ratingCount: number; resourceId: number },
  b: { adopters: number; ratingAverage: number; ratingCount: number; resourceId: number },
): number {
  return b.adopters - a.adopters || compareRating(a, b);
}

export interface IndexResult {
  total: number;
  /** Resource ids of the requested page, in order. */
  resourceIds: number[];
  /** The same page with its sort keys. */
  hits: IndexHit[];
  /** Count of every facet value id over all matches. */
  counts: Map<number, number>;
  /** Per facet group (same order as the query): value counts and total without that group. */
  countsWithoutGroup: { counts: Map<number, number>; total: number }[];
}

/** Documents of a segment that no longer count: a flag per document, and the same as a list. */
export interface RemovedDocuments {
  flags: Uint8Array;
  docs: readonly number[];
}

class PostingsBuilder {
  docs = new Uint32Array(4);
  weights = new Uint8Array(4);
  length = 0;
  add(doc: number, weight: number): void {
    if (this.length === this.docs.length) {
      const docs = new Uint32Array(this.length * 2);
      docs.set(this.docs);
      this.docs = docs;
      const weights = new Uint8Array(this.length * 2);
      weights.set(this.weights);
      this.weights = weights;
    }
    this.docs[this.length] = doc;
    this.weights[this.length] = weight;
    this.length++;
  }
}

export interface SearchIndexBuilderOptions {
  /** Lexemes with at least this many documents keep their facet counts (default: 5,000 or 1/16th). */
  frequentLexemeDocuments?: number;
  /** Facet values with at least this many documents keep a bitset once used (default: 2,000 or 1/64th). */
  frequentValueDocuments?: number;
}

export class SearchIndexBuilder {
  constructor(private readonly options: SearchIndexBuilderOptions = {}) {}

  private readonly resourceIds: number[] = [];
  private readonly prices: number[] = [];
  private readonly publishedDays: number[] = [];
  private readonly titles: string[] = [];
  private readonly ratingAverages: number[] = [];
  private readonly ratingCounts: number[] = [];
  private readonly adopters: number[] = [];
  private readonly facetOffsets: number[] = [0];
  private facetValues = new Int32Array(1024);
  private facetLength = 0;
  private readonly postings = new Map<string, PostingsBuilder>();

  add(document: IndexedDocument): void {
    const doc = this.resourceIds.length;
    this.resourceIds.push(document.resourceId);
    this.prices.push(document.lowestPriceCents);
    this.publishedDays.push(document.publishedDay);
    this.titles.push(document.title);
    this.ratingAverages.push(document.ratingAverage ?? 0);
    this.ratingCounts.push(document.ratingCount ?? 0);
    this.adopters.push(document.adopters ?? 0);
    for (const id of document.facetIds) {
      if (this.facetLength === this.facetValues.length) {
        const grown = new Int32Array(this.facetValues.length * 2);
        grown.set(this.facetValues);
        this.facetValues = grown;
      }
      this.facetValues[this.facetLength++] = id;
    }
    this.facetOffsets.push(this.facetLength);
    const seen = new Set<string>();
    const post = (lexemes: readonly string[], weight: number) => {
      for (const lexeme of lexemes) {
        if (seen.has(lexeme)) continue;
        seen.add(lexeme);
        let builder = this.postings.get(lexeme);
        if (!builder) this.postings.set(lexeme, (builder = new PostingsBuilder()));
        builder.add(doc, weight);
      }
    };
    post(document.lexemesA, WEIGHT_A);
    post(document.lexemesB, WEIGHT_B);
    post(document.lexemesOther, WEIGHT_C);
  }

  build(): SearchIndex {
    const size = this.resourceIds.length;
    const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
    const byId = (a: number, b: number) => this.resourceIds[a]! - this.resourceIds[b]!;
    const docs = Array.from({ length: size }, (_, doc) => doc);
    const rankOf = (order: Uint32Array) => {
      const rank = new Uint32Array(size);
      order.forEach((doc, position) => (rank[doc] = position));
      return rank;
    };
    const priceOrder = Uint32Array.from(docs.sort((a, b) => this.prices[a]! - this.prices[b]! || byId(a, b)));
    const newestOrder = Uint32Array.from(
      docs.sort((a, b) => this.publishedDays[b]! - this.publishedDays[a]! || byId(b, a)),
    );
    const titleOrder = Uint32Array.from(
      docs.sort((a, b) => collator.compare(this.titles[a]!, this.titles[b]!) || byId(a, b)),
    );
    // compareRating and compareAdoption's orders, on the builder's arrays (no object per document).
    const averages = this.ratingAverages;
    const counts = this.ratingCounts;
    const adopters = this.adopters;
    const byRating = (a: number, b: number) =>
      averages[b]! - averages[a]! || counts[b]! - counts[a]! || byId(a, b);
    const ratingOrder = Uint32Array.from(docs.sort(byRating));
    const adoptionOrder = Uint32Array.from(
      docs.sort((a, b) => adopters[b]! - adopters[a]! || byRating(a, b)),
    );
    const lexemes = [...this.postings.keys()].sort();
    // Each facet value's documents, ascending (documents are added in order): filters without words
    // are unions and intersections of these.
    const values = this.facetValues.subarray(0, this.facetLength);
    let maxValue = -1;
    for (const value of values) if (value > maxValue) maxValue = value;
    // Two bytes a value while ids allow: counting reads these for every match, and a narrower array
    // measured a third faster at a million resources (less memory to stream).
    const facetValues = maxValue < 0x10000 ? Uint16Array.from(values) : Uint32Array.from(values);
    const valueOffsets = new Uint32Array(maxValue + 2);
    for (const value of facetValues) valueOffsets[value + 1]!++;
    for (let id = 1; id < valueOffsets.length; id++) valueOffsets[id]! += valueOffsets[id - 1]!;
    const valueDocs = new Uint32Array(facetValues.length);
    const filled = valueOffsets.slice(0, maxValue + 1);
    for (let doc = 0; doc < size; doc++)
      for (let i = this.facetOffsets[doc]!; i < this.facetOffsets[doc + 1]!; i++)
        valueDocs[filled[facetValues[i]!]!++] = doc;
    const facetOffsets = Uint32Array.from(this.facetOffsets);
    const postingDocs = lexemes.map((lexeme) => {
      const builder = this.postings.get(lexeme)!;
      return builder.docs.slice(0, builder.length);
    });
    return new SearchIndex({
      resourceIds: Int32Array.from(this.resourceIds),
      prices: Int32Array.from(this.prices),
      days: Int32Array.from(this.publishedDays),
      titles: this.titles,
      ratingAverages: Float64Array.from(this.ratingAverages),
      ratingCounts: Int32Array.from(this.ratingCounts),
      adopters: Int32Array.from(this.adopters),
      facetOffsets,
      facetValues,
      valueOffsets,
      valueDocs,
      priceRank: rankOf(priceOrder),
      newestRank: rankOf(newestOrder),
      titleRank: rankOf(titleOrder),
      ratingRank: rankOf(ratingOrder),
      adoptionRank: rankOf(adoptionOrder),
      priceOrder,
      newestOrder,
      titleOrder,
      ratingOrder,
      adoptionOrder,
      lexemes,
      postingDocs,
      frequentValueDocuments: this.options.frequentValueDocuments ?? Math.max(2_000, size / 64),
      lexemeCounts: frequentLexemeCounts(
        postingDocs,
        facetOffsets,
        facetValues,
        maxValue,
        this.options.frequentLexemeDocuments ?? Math.max(5_000, size / 16),
      ),
      postingWeights: lexemes.map((lexeme) => {
        const builder = this.postings.get(lexeme)!;
        return builder.weights.slice(0, builder.length);
      }),
    });
  }
}

interface IndexData {
  resourceIds: Int32Array;
  prices: Int32Array;
  days: Int32Array;
  titles: string[];
  ratingAverages: Float64Array;
  ratingCounts: Int32Array;
  adopters: Int32Array;
  facetOffsets: Uint32Array;
  facetValues: Uint16Array | Uint32Array;
  /** Documents of facet value id v: valueDocs[valueOffsets[v] .. valueOffsets[v + 1]). */
  valueOffsets: Uint32Array;
  valueDocs: Uint32Array;
  priceRank: Uint32Array;
  newestRank: Uint32Array;
  titleRank: Uint32Array;
  ratingRank: Uint32Array;
  adoptionRank: Uint32Array;
  /** Documents in each order: an unfiltered page is read off the front, skipping removed ones. */
  priceOrder: Uint32Array;
  newestOrder: Uint32Array;
  titleOrder: Uint32Array;
  ratingOrder: Uint32Array;
  adoptionOrder: Uint32Array;
  lexemes: string[];
  postingDocs: Uint32Array[];
  postingWeights: Uint8Array[];
  /** Facet values with at least this many documents keep a bitset once a filter used them. */
  frequentValueDocuments: number;
  /** Facet counts of the most frequent lexemes' documents, by lexeme id. */
  lexemeCounts: Map<number, Int32Array>;
}

/**
 * Facet counts over each frequent lexeme's documents, kept from the build: a one-word search for a
 * word most resources hold ("manuel", "exercices") would otherwise read the facets of most of the
 * catalogue, which measured 15 ms at a million resources.
 */
function frequentLexemeCounts(
  postingDocs: readonly Uint32Array[],
  facetOffsets: Uint32Array,
  facetValues: Uint16Array | Uint32Array,
  maxValue: number,
  frequent: number,
): Map<number, Int32Array> {
  const kept = new Map<number, Int32Array>();
  if (maxValue >= 0x10000) return kept; // counters this wide would cost more memory than they save
  postingDocs.forEach((docs, lexeme) => {
    if (docs.length < frequent) return;
    const counts = new Int32Array(maxValue + 1);
    for (const doc of docs)
      for (let i = facetOffsets[doc]!; i < facetOffsets[doc + 1]!; i++) counts[facetValues[i]!]!++;
    kept.set(lexeme, counts);
  });
  return kept;
}

/** Smallest index i with lexemes[i] >= key. */
function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The k best documents, best first: the higher score (when scores are given), then the lower rank.
 * A binary heap with the worst kept document at its root, so most documents cost one comparison. The
 * comparison is written out, not passed as a function: this loop sees every match.
 */
function topK(
  documents: Uint32Array,
  count: number,
  k: number,
  scores: Float32Array | undefined,
  rank: Uint32Array,
): number[] {
  if (k <= 0) return [];
  const heap = new Uint32Array(k);
  let size = 0;
  // True when a ranks after b (is worse).
  const worse = (a: number, b: number): boolean => {
    if (scores) {
      const sa = scores[a]!;
      const sb = scores[b]!;
      if (sa !== sb) return sa < sb;
    }
    return rank[a]! > rank[b]!;
  };
  for (let i = 0; i < count; i++) {
    const doc = documents[i]!;
    if (size < k) {
      // Sift up.
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(doc, heap[parent]!)) break;
        heap[at] = heap[parent]!;
        at = parent;
      }
      heap[at] = doc;
    } else if (worse(heap[0]!, doc)) {
      // Sift down from the root.
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= size) break;
        const right = left + 1;
        const child = right < size && worse(heap[right]!, heap[left]!) ? right : left;
        if (!worse(heap[child]!, doc)) break;
        heap[at] = heap[child]!;
        at = child;
      }
      heap[at] = doc;
    }
  }
  return [...heap.subarray(0, size)].sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

export class SearchIndex {
  private readonly maxFacetValue: number;
  // Per-document scratch buffers, reused across queries (a search runs synchronously, start to end,
  // so no two queries ever share them at the same time). Each query leaves them zeroed.
  private readonly weightBuffers: Uint8Array[] = [];
  private scoreBuffer?: Float32Array;
  private candidateBuffer?: Uint32Array;
  private matchBuffer?: Uint32Array;
  private readonly bitBuffers: Uint32Array[] = [];
  private readonly valueBitsets = new Map<number, Uint32Array>();
  private readonly lexemeBitsets = new Map<number, Uint32Array>();
  /** Counts of the whole catalogue: the home page and empty searches ask for them all the time. */
  private unfilteredCounts?: Map<number, number>;

  constructor(private readonly data: IndexData) {
    let max = 0;
    for (const value of data.facetValues) if (value > max) max = value;
    this.maxFacetValue = max;
  }

  private scratchWeights(position: number): Uint8Array {
    return (this.weightBuffers[position] ??= new Uint8Array(this.size));
  }

  private scratchScores(): Float32Array {
    return (this.scoreBuffer ??= new Float32Array(this.size));
  }

  private scratchCandidates(): Uint32Array {
    return (this.candidateBuffer ??= new Uint32Array(this.size));
  }

  private scratchMatches(): Uint32Array {
    return (this.matchBuffer ??= new Uint32Array(this.size));
  }

  /** A bitset over the documents (not zeroed: each user fills it). */
  private scratchBits(position: number): Uint32Array {
    return (this.bitBuffers[position] ??= new Uint32Array((this.size + 31) >>> 5));
  }

  get size(): number {
    return this.data.resourceIds.length;
  }

  private hit(doc: number, score: number): IndexHit {
    const { resourceIds, prices, days, titles, ratingAverages, ratingCounts, adopters } = this.data;
    return {
      resourceId: resourceIds[doc]!,
      score,
      priceCents: prices[doc]!,
      publishedDay: days[doc]!,
      title: titles[doc]!,
      ratingAverage: ratingAverages[doc]!,
      ratingCount: ratingCounts[doc]!,
      adopters: adopters[doc]!,
    };
  }

  get lexemeCount(): number {
    return this.data.lexemes.length;
  }

  /** Lexeme ids a query word matches: exact stems and prefix ranges. */
  private lexemeIdsOf(term: TermAlternatives): number[] {
    const { lexemes } = this.data;
    const ids = new Set<number>();
    for (const exact of term.exact) {
      const at = lowerBound(lexemes, exact);
      if (lexemes[at] === exact) ids.add(at);
    }
    for (const prefix of term.prefixes) {
      for (let at = lowerBound(lexemes, prefix); at < lexemes.length && lexemes[at]!.startsWith(prefix); at++)
        ids.add(at);
    }
    return [...ids];
  }

  /** True when at least one document (not removed) contains the word (before proposing a correction). */
  hasMatches(term: TermAlternatives, removed?: RemovedDocuments): boolean {
    return this.lexemeIdsOf(term).some((id) => {
      const docs = this.data.postingDocs[id]!;
      if (!removed) return docs.length > 0;
      for (let i = 0; i < docs.length; i++) if (removed.flags[docs[i]!] !== 1) return true;
      return false;
    });
  }

  /** Counts of every facet value over the whole segment, computed once. */
  allCounts(): Map<number, number> {
    if (!this.unfilteredCounts) {
      const { facetValues } = this.data;
      const counts = new Int32Array(this.maxFacetValue + 1);
      for (let i = 0; i < facetValues.length; i++) counts[facetValues[i]!]!++;
      const map = new Map<number, number>();
      for (let id = 0; id < counts.length; id++) if (counts[id]! > 0) map.set(id, counts[id]!);
      this.unfilteredCounts = map;
    }
    return this.unfilteredCounts;
  }

  /** Adds `sign` times the facet values of a document to `counts`. */
  addFacetsOf(doc: number, counts: Map<number, number>, sign: 1 | -1): void {
    const { facetOffsets, facetValues } = this.data;
    for (let i = facetOffsets[doc]!; i < facetOffsets[doc + 1]!; i++) {
      const id = facetValues[i]!;
      counts.set(id, (counts.get(id) ?? 0) + sign);
    }
  }

  /** Every document in a sort's order (relevance has none of its own: newest). */
  private orderOf(sort: IndexSort): Uint32Array {
    return sort === 'price'
      ? this.data.priceOrder
      : sort === 'title'
        ? this.data.titleOrder
        : sort === 'rating'
          ? this.data.ratingOrder
          : sort === 'adoption'
            ? this.data.adoptionOrder
            : this.data.newestOrder;
  }

  /** Each document's position in a sort's order. */
  private rankOf(sort: IndexSort): Uint32Array {
    const { priceRank, titleRank, ratingRank, adoptionRank, newestRank } = this.data;
    return sort === 'price'
      ? priceRank
      : sort === 'title'
        ? titleRank
        : sort === 'rating'
          ? ratingRank
          : sort === 'adoption'
            ? adoptionRank
            : newestRank;
  }

  /** The first `count` documents in a sort's order without any query, skipping removed ones. */
  unfilteredHits(sort: IndexSort, count: number, removed?: RemovedDocuments): IndexHit[] {
    const order = this.orderOf(sort);
    const hits: IndexHit[] = [];
    for (let position = 0; position < order.length && hits.length < count; position++) {
      const doc = order[position]!;
      if (removed && removed.flags[doc] === 1) continue;
      hits.push(this.hit(doc, 0));
    }
    return hits;
  }

  /** The document of a resource, or -1 (documents are in resource id order). */
  documentOf(resourceId: number): number {
    const { resourceIds } = this.data;
    let low = 0;
    let high = resourceIds.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (resourceIds[middle]! < resourceId) low = middle + 1;
      else high = middle;
    }
    return resourceIds[low] === resourceId ? low : -1;
  }

  /**
   * The query over this segment. `removed` lists documents that no longer exist as indexed here
   * (deleted, or changed and indexed again in a newer segment): they match nothing and count nowhere.
   */
  search(query: IndexQuery, removed?: RemovedDocuments): IndexResult {
    const groups = query.facetGroups;
    if (groups.length > 30) throw new Error('Too many facet groups');
    const scored = query.terms.length > 0 ? this.textCandidates(query.terms) : undefined;
    const unfiltered =
      !scored &&
      groups.length === 0 &&
      query.priceMinCents === undefined &&
      query.priceMaxCents === undefined;
    if (unfiltered && !removed) {
      const hits = this.unfilteredHits(query.sort, query.offset + query.limit).slice(query.offset);
      return {
        total: this.size,
        resourceIds: hits.map((hit) => hit.resourceId),
        hits,
        counts: this.allCounts(),
        countsWithoutGroup: [],
      };
    }
    const matching = !scored
      ? this.matchFilters(query, this.baseBitset(query, removed))
      : this.prefersBitsets(query.facetGroups, scored.count)
        ? this.matchFilters(query, this.baseBitset(query, removed, scored))
        : this.matchCandidates(query, scored, removed);

    // The requested page, best first: read off the sort's order when matches are dense (a few
    // hundred steps), else the best of the matches through a heap.
    const { newestRank } = this.data;
    const wanted = Math.min(query.offset + query.limit, matching.total);
    let page: number[];
    const scores = scored ? this.scratchScores() : undefined;
    if (query.sort === 'relevance' && scores) {
      page = topK(matching.matches, matching.total, wanted, scores, newestRank);
    } else if (matching.bits && wanted * (this.size / Math.max(1, matching.total)) < 4 * matching.total) {
      page = this.firstInOrder(query.sort, matching.bits, wanted);
    } else {
      page = topK(matching.matches, matching.total, wanted, undefined, this.rankOf(query.sort));
    }
    page = page.slice(query.offset);
    const hits = page.map((doc) => this.hit(doc, scores ? scores[doc]! : 0));
    if (scored && scores) for (let c = 0; c < scored.count; c++) scores[scored.candidates[c]!] = 0;

    const allCounts = toMap(matching.counts);
    const { resourceIds } = this.data;
    return {
      total: matching.total,
      resourceIds: page.map((doc) => resourceIds[doc]!),
      hits,
      counts: allCounts,
      countsWithoutGroup: matching.withoutGroup.map(({ counts, total, includesMatches }, index) => {
        // Documents matching everything also match "everything but this group".
        const countOf = (id: number) =>
          (counts[id] ?? 0) + (includesMatches ? (matching.counts[id] ?? 0) : 0);
        const map = new Map<number, number>();
        for (const id of query.groupFacets?.[index] ?? counts.keys()) {
          const count = countOf(id);
          if (count > 0) map.set(id, count);
        }
        return { counts: map, total };
      }),
    };
  }

  /** Documents holding every word, with their relevance in the score buffer (zeroed by the caller). */
  private textCandidates(terms: readonly TermAlternatives[]): TextCandidates {
    const { postingDocs, postingWeights } = this.data;
    const scores = this.scratchScores();
    const candidates = this.scratchCandidates();
    let count = 0;
    const perTerm = terms.map((term) => {
      const lists = this.lexemeIdsOf(term);
      let postings = 0;
      for (const id of lists) postings += postingDocs[id]!.length;
      return { lists, postings };
    });
    if (perTerm.length === 1 && perTerm[0]!.lists.length === 1) {
      // One word, one lexeme (the usual case): its posting list is the answer.
      const id = perTerm[0]!.lists[0]!;
      const docs = postingDocs[id]!;
      const weights = postingWeights[id]!;
      for (let i = 0; i < docs.length; i++) {
        scores[docs[i]!] = scoreOfWeight[weights[i]!]!;
        candidates[i] = docs[i]!;
      }
      return { candidates, count: docs.length, lexeme: id };
    }
    // Best weight per document for each word; work is proportional to the postings of the query's
    // words, not to the catalogue size.
    const best = perTerm.map(({ lists }, position) => {
      const buffer = this.scratchWeights(position);
      for (const id of lists) {
        const docs = postingDocs[id]!;
        const weights = postingWeights[id]!;
        for (let i = 0; i < docs.length; i++)
          if (weights[i]! > buffer[docs[i]!]!) buffer[docs[i]!] = weights[i]!;
      }
      return buffer;
    });
    const rarest = perTerm.reduce((a, b) => (b.postings < a.postings ? b : a));
    for (const id of rarest.lists) {
      const docs = postingDocs[id]!;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (scores[doc] !== 0) continue; // already taken through another lexeme of the word
        let score = 0;
        for (const buffer of best) {
          const weight = buffer[doc]!;
          if (weight === 0) {
            score = 0;
            break;
          }
          score += scoreOfWeight[weight]!;
        }
        if (score > 0) {
          scores[doc] = score;
          candidates[count++] = doc;
        }
      }
    }
    // Scratch buffers go back to zero for the next query.
    perTerm.forEach(({ lists }, position) => {
      const buffer = best[position]!;
      for (const id of lists) {
        const docs = postingDocs[id]!;
        for (let i = 0; i < docs.length; i++) buffer[docs[i]!] = 0;
      }
    });
    return { candidates, count };
  }

  /**
   * Filters over a few text candidates in one pass over their facet values: a document matching every
   * group counts everywhere; one missing exactly one group counts only for that group ("without this
   * selection" counts).
   */
  private matchCandidates(
    query: IndexQuery,
    { candidates, count: candidateCount, lexeme }: TextCandidates,
    removed: RemovedDocuments | undefined,
  ): Matching {
    const { prices, facetOffsets, facetValues } = this.data;
    const groups = query.facetGroups;
    const width = this.counterWidth(groups);
    const known = lexeme === undefined ? undefined : this.data.lexemeCounts.get(lexeme);
    if (
      known &&
      groups.length === 0 &&
      query.priceMinCents === undefined &&
      query.priceMaxCents === undefined
    )
      return this.matchKnownCounts(known, candidates, candidateCount, removed, width);
    const groupBitOfValue = new Uint32Array(width);
    groups.forEach((group, index) => {
      for (const id of group) groupBitOfValue[id]! |= 1 << index;
    });
    const allGroups = groups.length === 0 ? 0 : (1 << groups.length) - 1;
    const counts = new Int32Array(width);
    const partialCounts = groups.map(() => new Int32Array(width));
    const partialTotals = groups.map(() => 0);
    const matches = this.scratchMatches();
    const flags = removed?.flags;
    let total = 0;
    const hasPrice = query.priceMinCents !== undefined || query.priceMaxCents !== undefined;
    const priceMin = query.priceMinCents ?? -Infinity;
    const priceMax = query.priceMaxCents ?? Infinity;
    for (let c = 0; c < candidateCount; c++) {
      const doc = candidates[c]!;
      if (flags && flags[doc] === 1) continue;
      if (hasPrice && (prices[doc]! < priceMin || prices[doc]! > priceMax)) continue;
      const start = facetOffsets[doc]!;
      const end = facetOffsets[doc + 1]!;
      let missing = 0;
      if (allGroups !== 0) {
        let hit = 0;
        for (let i = start; i < end; i++) hit |= groupBitOfValue[facetValues[i]!]!;
        missing = allGroups & ~hit;
      }
      if (missing === 0) {
        matches[total++] = doc;
        for (let i = start; i < end; i++) counts[facetValues[i]!]!++;
      } else if ((missing & (missing - 1)) === 0) {
        const group = 31 - Math.clz32(missing);
        partialTotals[group]!++;
        const partial = partialCounts[group]!;
        for (let i = start; i < end; i++) partial[facetValues[i]!]!++;
      }
    }
    return {
      matches,
      total,
      counts,
      withoutGroup: partialCounts.map((partial, index) => ({
        counts: partial,
        total: total + partialTotals[index]!,
        includesMatches: true,
      })),
    };
  }

  /**
   * A word frequent enough to have its counts kept from the build: the matches are its documents, the
   * counts those kept minus the removed documents holding it (the score buffer marks the candidates).
   */
  private matchKnownCounts(
    known: Int32Array,
    candidates: Uint32Array,
    candidateCount: number,
    removed: RemovedDocuments | undefined,
    width: number,
  ): Matching {
    const counts = new Int32Array(width);
    counts.set(known.subarray(0, width));
    const flags = removed?.flags;
    const matches = this.scratchMatches();
    let total = 0;
    if (!flags) {
      matches.set(candidates.subarray(0, candidateCount));
      total = candidateCount;
    } else {
      for (let c = 0; c < candidateCount; c++)
        if (flags[candidates[c]!] !== 1) matches[total++] = candidates[c]!;
      const scores = this.scratchScores();
      const { facetOffsets, facetValues } = this.data;
      for (const doc of removed.docs)
        if (scores[doc] !== 0)
          for (let i = facetOffsets[doc]!; i < facetOffsets[doc + 1]!; i++) counts[facetValues[i]!]!--;
    }
    return { matches, total, counts, withoutGroup: [] };
  }

  /** How many documents the lists of these values hold together. */
  private postingsOf(groups: readonly (readonly number[])[]): number {
    const { valueOffsets } = this.data;
    let postings = 0;
    for (const group of groups)
      for (const id of group)
        if (id < valueOffsets.length - 1) postings += valueOffsets[id + 1]! - valueOffsets[id]!;
    return postings;
  }

  /** Many candidates and short value lists: filters on bitsets beat a pass over each candidate's facets. */
  private prefersBitsets(groups: readonly (readonly number[])[], candidateCount: number): boolean {
    return groups.length > 0 && this.postingsOf(groups) < this.facetReadingCost(candidateCount);
  }

  /**
   * The cost of reading the facets of `documents` scattered documents, in entries of a value's list
   * read in order (about 1 ns each at a million). Measured: a scattered document costs its facets plus
   * a wait on memory that grows as the documents thin out, up to about 45 entries.
   */
  private facetReadingCost(documents: number): number {
    const averageFacets = this.data.facetValues.length / Math.max(1, this.size);
    return documents * (averageFacets + Math.min(45, (6 * this.size) / Math.max(1, documents)));
  }

  /** Each group as a bitset: the union of its values' document lists (scratch bitsets 1..k). */
  private groupBitsets(groups: readonly (readonly number[])[]): Uint32Array[] {
    const { valueOffsets, valueDocs } = this.data;
    return groups.map((group, index) => {
      const kept = group.length === 1 ? this.keptValueBits(group[0]!) : undefined;
      if (kept) return kept; // read only: never written by a query
      const bits = this.scratchBits(index + 1);
      bits.fill(0);
      for (const id of group) {
        const valueBits = this.keptValueBits(id);
        if (valueBits) {
          for (let w = 0; w < bits.length; w++) bits[w]! |= valueBits[w]!;
          continue;
        }
        if (id >= valueOffsets.length - 1) continue;
        for (let i = valueOffsets[id]!; i < valueOffsets[id + 1]!; i++) {
          const doc = valueDocs[i]!;
          bits[doc >>> 5]! |= 1 << (doc & 31);
        }
      }
      return bits;
    });
  }

  /**
   * A frequent facet value's documents as a bitset, made on first use and kept (the segment never
   * changes): a filter on "payant" or a whole cycle would otherwise set hundreds of thousands of bits
   * on every query. Rare values are cheaper to read off their list each time.
   */
  private keptValueBits(id: number): Uint32Array | undefined {
    const { valueOffsets, valueDocs } = this.data;
    if (id >= valueOffsets.length - 1) return undefined;
    const start = valueOffsets[id]!;
    const end = valueOffsets[id + 1]!;
    if (end - start < this.data.frequentValueDocuments) return undefined;
    return this.valueBitsets.get(id) ?? this.keep(this.valueBitsets, id, valueDocs.subarray(start, end));
  }

  /** The same for a frequent lexeme (one whose facet counts are kept). */
  private keptLexemeBits(lexeme: number): Uint32Array | undefined {
    if (!this.data.lexemeCounts.has(lexeme)) return undefined;
    return (
      this.lexemeBitsets.get(lexeme) ?? this.keep(this.lexemeBitsets, lexeme, this.data.postingDocs[lexeme]!)
    );
  }

  private keep(into: Map<number, Uint32Array>, key: number, docs: Uint32Array): Uint32Array {
    const bits = new Uint32Array((this.size + 31) >>> 5);
    for (let i = 0; i < docs.length; i++) bits[docs[i]! >>> 5]! |= 1 << (docs[i]! & 31);
    into.set(key, bits);
    return bits;
  }

  /**
   * Documents within the price range and not removed, among the text candidates when there are words:
   * what the filters' bitsets are intersected with.
   */
  private baseBitset(
    query: IndexQuery,
    removed: RemovedDocuments | undefined,
    text?: TextCandidates,
  ): Uint32Array {
    const words = (this.size + 31) >>> 5;
    const base = this.scratchBits(0);
    const noPrice = query.priceMinCents === undefined && query.priceMaxCents === undefined;
    const wordBits = text?.lexeme !== undefined && noPrice ? this.keptLexemeBits(text.lexeme) : undefined;
    if (wordBits) {
      base.set(wordBits);
    } else if (text) {
      base.fill(0);
      const { prices } = this.data;
      const min = query.priceMinCents ?? -Infinity;
      const max = query.priceMaxCents ?? Infinity;
      for (let c = 0; c < text.count; c++) {
        const doc = text.candidates[c]!;
        if (prices[doc]! >= min && prices[doc]! <= max) base[doc >>> 5]! |= 1 << (doc & 31);
      }
    } else if (query.priceMinCents !== undefined || query.priceMaxCents !== undefined) {
      base.fill(0);
      const { priceOrder, prices } = this.data;
      const min = query.priceMinCents ?? -Infinity;
      const max = query.priceMaxCents ?? Infinity;
      // The price order is sorted: the range is one run of it.
      let low = 0;
      let high = priceOrder.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (prices[priceOrder[middle]!]! < min) low = middle + 1;
        else high = middle;
      }
      for (let at = low; at < priceOrder.length && prices[priceOrder[at]!]! <= max; at++) {
        const doc = priceOrder[at]!;
        base[doc >>> 5]! |= 1 << (doc & 31);
      }
    } else {
      base.fill(0xffffffff);
      if ((this.size & 31) !== 0) base[words - 1] = (1 << (this.size & 31)) - 1;
    }
    if (removed) for (const doc of removed.docs) base[doc >>> 5]! &= ~(1 << (doc & 31));
    return base;
  }

  /**
   * Base AND every group but `skip` (-1: every group), written into `into` (by default the scratch
   * bitset after the groups').
   */
  private intersection(
    base: Uint32Array,
    groupBits: readonly Uint32Array[],
    skip: number,
    into: Uint32Array = this.scratchBits(groupBits.length + 1),
  ): Uint32Array {
    into.set(base);
    groupBits.forEach((group, index) => {
      if (index === skip) return;
      for (let w = 0; w < into.length; w++) into[w]! &= group[w]!;
    });
    return into;
  }

  /** The number of matches only (no counts, no page): what "remove this filter" offers need. */
  count(query: IndexQuery, removed?: RemovedDocuments): number {
    if (query.terms.length > 0) return this.search({ ...query, offset: 0, limit: 0 }, removed).total;
    const bits = this.intersection(this.baseBitset(query, removed), this.groupBitsets(query.facetGroups), -1);
    return popcount(bits, bits.length);
  }

  /**
   * Filters on bitsets: each selected group is the union of its values' document lists, the matches
   * their intersection with the base (price range, text candidates). Work follows the selected values'
   * lists and the matches, never a pass over every document's facets.
   */
  private matchFilters(query: IndexQuery, base: Uint32Array): Matching {
    const { facetOffsets, facetValues, valueOffsets, valueDocs } = this.data;
    const groups = query.facetGroups;
    const groupBits = this.groupBitsets(groups);
    const width = this.counterWidth(groups);

    // Matches first: their bitset is kept for the page; the counts below use one scratch bitset more.
    const bits = this.intersection(base, groupBits, -1);
    const words = bits.length;
    const matches = this.scratchMatches();
    const counts = new Int32Array(width);
    const total = countDocuments(bits, undefined, facetOffsets, facetValues, counts, matches);

    // Without each group: counts over the documents matching every other group. Either read off
    // the facet's own value lists (when the query says which values belong to it), or by a pass
    // over the documents that miss only this group, whichever touches fewer entries.
    const withoutGroup = groups.map((_group, index) => {
      const others = this.intersection(base, groupBits, index, this.scratchBits(groups.length + 2));
      const othersTotal = popcount(others, words);
      const wanted = query.groupFacets?.[index];
      if (wanted && this.postingsOf([wanted]) < this.facetReadingCost(othersTotal - total)) {
        const partial = new Int32Array(width);
        for (const id of wanted)
          if (id < valueOffsets.length - 1)
            partial[id] = countInList(valueDocs, valueOffsets[id]!, valueOffsets[id + 1]!, others);
        return { counts: partial, total: othersTotal, includesMatches: false };
      }
      const partial = new Int32Array(width);
      countDocuments(others, groupBits[index], facetOffsets, facetValues, partial);
      return { counts: partial, total: othersTotal, includesMatches: true };
    });
    return {
      matches,
      total,
      counts,
      withoutGroup,
      bits,
    };
  }

  /** The first `count` documents of a sort's order that are in `bits`. */
  private firstInOrder(sort: IndexSort, bits: Uint32Array, count: number): number[] {
    const order = this.orderOf(sort);
    const page: number[] = [];
    for (let at = 0; at < order.length && page.length < count; at++) {
      const doc = order[at]!;
      if ((bits[doc >>> 5]! >>> (doc & 31)) & 1) page.push(doc);
    }
    return page;
  }

  /** Counter arrays cover every value id of the segment and of the query. */
  private counterWidth(groups: readonly (readonly number[])[]): number {
    let max = this.maxFacetValue;
    for (const group of groups) for (const id of group) if (id > max) max = id;
    return max + 1;
  }
}

/** Documents holding every word (first `count` entries); `lexeme` when they are one lexeme's list. */
interface TextCandidates {
  candidates: Uint32Array;
  count: number;
  lexeme?: number;
}

/** What the filters left: the matches (first `total` entries) with their counts, and per group the
 *  counts without it; `includesMatches` false when those counts already cover the matches. */
interface Matching {
  matches: Uint32Array;
  total: number;
  counts: Int32Array;
  withoutGroup: { counts: Int32Array; total: number; includesMatches: boolean }[];
  /** The matches as a bitset, when the filters were evaluated on bitsets. */
  bits?: Uint32Array;
}

function toMap(array: Int32Array): Map<number, number> {
  const map = new Map<number, number>();
  for (let id = 0; id < array.length; id++) if (array[id]! > 0) map.set(id, array[id]!);
  return map;
}

function popcount(bits: Uint32Array, words: number): number {
  let total = 0;
  for (let w = 0; w < words; w++) {
    let x = bits[w]!;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    total += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return total;
}

// The hot loops live in small top-level functions over typed arrays: inside the search method's
// closures the same loops measured several times slower (captured variables, no inlining).

/** Documents gathered before their facets are read, and where each one's facets start and end. */
const CHUNK = 2048;
const chunkDocs = new Uint32Array(CHUNK);
const chunkStarts = new Uint32Array(CHUNK);
const chunkEnds = new Uint32Array(CHUNK);

/**
 * Adds the facet values of every document in `bits` but not in `except` to `counts`, lists those
 * documents in `list` (in order) when given, and returns how many there were.
 *
 * Reading a scattered document's facets waits on memory twice (its offsets, then its values). Done a
 * chunk of documents at a time, the offsets are read in one tight loop and the values touched in
 * another, so the processor has many reads in flight; this measured up to twice as fast at a million.
 */
function countDocuments(
  bits: Uint32Array,
  except: Uint32Array | undefined,
  facetOffsets: Uint32Array,
  facetValues: Uint16Array | Uint32Array,
  counts: Int32Array,
  list?: Uint32Array,
): number {
  let found = 0;
  let pending = 0;
  for (let w = 0; w < bits.length; w++) {
    let x = except ? bits[w]! & ~except[w]! : bits[w]! | 0;
    while (x !== 0) {
      const lowest = x & -x;
      const doc = (w << 5) + 31 - Math.clz32(lowest);
      if (list) list[found] = doc;
      found++;
      chunkDocs[pending++] = doc;
      if (pending === CHUNK) {
        countChunk(pending, facetOffsets, facetValues, counts);
        pending = 0;
      }
      x ^= lowest;
    }
  }
  countChunk(pending, facetOffsets, facetValues, counts);
  return found;
}

function countChunk(
  pending: number,
  facetOffsets: Uint32Array,
  facetValues: Uint16Array | Uint32Array,
  counts: Int32Array,
): number {
  for (let j = 0; j < pending; j++) {
    const doc = chunkDocs[j]!;
    chunkStarts[j] = facetOffsets[doc]!;
    chunkEnds[j] = facetOffsets[doc + 1]!;
  }
  let touched = 0;
  for (let j = 0; j < pending; j++) touched += facetValues[chunkStarts[j]!] ?? 0;
  for (let j = 0; j < pending; j++) {
    const end = chunkEnds[j]!;
    for (let i = chunkStarts[j]!; i < end; i++) counts[facetValues[i]!]!++;
  }
  return touched; // returned so the touching loop is not optimised away
}

/** How many documents of docs[start..end) are in `bits`. */
function countInList(docs: Uint32Array, start: number, end: number, bits: Uint32Array): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const doc = docs[i]!;
    count += (bits[doc >>> 5]! >>> (doc & 31)) & 1;
  }
  return count;
}
