// In-memory search index, derived from the database (the source of truth) and rebuilt when the
// catalogue revision changes. PostgreSQL answers keyword searches well, but counting ten facets over
// tens of thousands of matches takes it hundreds of milliseconds; compact posting lists and typed-array
// counters do the same in a few milliseconds (measured: see bench/search.bench.ts).
//
// Documents are numbered 0..size-1 in resource id order. Text postings come from PostgreSQL's own
// tsvector (french_unaccent), so stemming is exactly the database's.

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

export type IndexSort = 'relevance' | 'price' | 'newest' | 'title';

export interface IndexQuery {
  terms: readonly TermAlternatives[];
  /** OR inside a group, AND across groups. */
  facetGroups: readonly (readonly number[])[];
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

export class SearchIndexBuilder {
  private readonly resourceIds: number[] = [];
  private readonly prices: number[] = [];
  private readonly publishedDays: number[] = [];
  private readonly titles: string[] = [];
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
    const lexemes = [...this.postings.keys()].sort();
    return new SearchIndex({
      resourceIds: Int32Array.from(this.resourceIds),
      prices: Int32Array.from(this.prices),
      days: Int32Array.from(this.publishedDays),
      titles: this.titles,
      facetOffsets: Uint32Array.from(this.facetOffsets),
      facetValues: this.facetValues.slice(0, this.facetLength),
      priceRank: rankOf(priceOrder),
      newestRank: rankOf(newestOrder),
      titleRank: rankOf(titleOrder),
      priceOrder,
      newestOrder,
      titleOrder,
      lexemes,
      postingDocs: lexemes.map((lexeme) => {
        const builder = this.postings.get(lexeme)!;
        return builder.docs.slice(0, builder.length);
      }),
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
  facetOffsets: Uint32Array;
  facetValues: Int32Array;
  priceRank: Uint32Array;
  newestRank: Uint32Array;
  titleRank: Uint32Array;
  /** Documents in each order: an unfiltered page is read off the front, skipping removed ones. */
  priceOrder: Uint32Array;
  newestOrder: Uint32Array;
  titleOrder: Uint32Array;
  lexemes: string[];
  postingDocs: Uint32Array[];
  postingWeights: Uint8Array[];
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

/** A binary heap keeping the k best documents, "best" being the smallest by the comparator. */
function topK(
  candidates: Uint32Array,
  count: number,
  k: number,
  isBefore: (a: number, b: number) => boolean,
): number[] {
  if (k <= 0) return [];
  // Max-heap on "worst kept first", so a better candidate replaces the root.
  const heap: number[] = [];
  const worse = (a: number, b: number) => isBefore(b, a);
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < heap.length && worse(heap[left]!, heap[largest]!)) largest = left;
      if (right < heap.length && worse(heap[right]!, heap[largest]!)) largest = right;
      if (largest === i) return;
      [heap[i], heap[largest]] = [heap[largest]!, heap[i]!];
      i = largest;
    }
  };
  for (let i = 0; i < count; i++) {
    const doc = candidates[i]!;
    if (heap.length < k) {
      heap.push(doc);
      siftUp(heap.length - 1);
    } else if (isBefore(doc, heap[0]!)) {
      heap[0] = doc;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (isBefore(a, b) ? -1 : isBefore(b, a) ? 1 : 0));
}

export class SearchIndex {
  private readonly maxFacetValue: number;
  // Per-document scratch buffers, reused across queries (a search runs synchronously, start to end,
  // so no two queries ever share them at the same time). Each query leaves them zeroed.
  private readonly weightBuffers: Uint8Array[] = [];
  private scoreBuffer?: Float32Array;
  private everyDocument?: Uint32Array;
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

  private allDocuments(): Uint32Array {
    if (!this.everyDocument) {
      this.everyDocument = new Uint32Array(this.size);
      for (let doc = 0; doc < this.size; doc++) this.everyDocument[doc] = doc;
    }
    return this.everyDocument;
  }

  get size(): number {
    return this.data.resourceIds.length;
  }

  private hit(doc: number, score: number): IndexHit {
    const { resourceIds, prices, days, titles } = this.data;
    return {
      resourceId: resourceIds[doc]!,
      score,
      priceCents: prices[doc]!,
      publishedDay: days[doc]!,
      title: titles[doc]!,
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
  hasMatches(term: TermAlternatives, removed?: Uint8Array): boolean {
    return this.lexemeIdsOf(term).some((id) => {
      const docs = this.data.postingDocs[id]!;
      if (!removed) return docs.length > 0;
      for (let i = 0; i < docs.length; i++) if (removed[docs[i]!] !== 1) return true;
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

  /** The first `count` documents in a sort's order without any query, skipping removed ones. */
  unfilteredHits(sort: IndexSort, count: number, removed?: Uint8Array): IndexHit[] {
    const order =
      sort === 'price'
        ? this.data.priceOrder
        : sort === 'title'
          ? this.data.titleOrder
          : this.data.newestOrder;
    const hits: IndexHit[] = [];
    for (let position = 0; position < order.length && hits.length < count; position++) {
      const doc = order[position]!;
      if (removed && removed[doc] === 1) continue;
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
   * The query over this segment. `removed` marks documents that no longer exist as indexed here
   * (deleted, or changed and indexed again in a newer segment): they match nothing and count nowhere.
   */
  search(query: IndexQuery, removed?: Uint8Array): IndexResult {
    const { resourceIds, prices, facetOffsets, facetValues } = this.data;
    const size = this.size;

    // 1. Text: best weight per document for each word; candidates must have every word. Work is
    //    proportional to the postings of the query's words, not to the catalogue size.
    let candidates: Uint32Array;
    let candidateCount: number;
    let scores: Float32Array | undefined;
    if (query.terms.length > 0) {
      const perTerm = query.terms.map((term, position) => {
        const best = this.scratchWeights(position);
        const lists = this.lexemeIdsOf(term);
        let postings = 0;
        for (const id of lists) {
          const docs = this.data.postingDocs[id]!;
          const weights = this.data.postingWeights[id]!;
          postings += docs.length;
          for (let i = 0; i < docs.length; i++)
            if (weights[i]! > best[docs[i]!]!) best[docs[i]!] = weights[i]!;
        }
        return { best, lists, postings };
      });
      const rarest = perTerm.reduce((a, b) => (b.postings < a.postings ? b : a));
      scores = this.scratchScores();
      candidates = new Uint32Array(rarest.postings);
      candidateCount = 0;
      for (const id of rarest.lists) {
        const docs = this.data.postingDocs[id]!;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i]!;
          if (scores[doc] !== 0) continue; // already taken through another lexeme of the word
          let score = 0;
          for (const { best } of perTerm) {
            const weight = best[doc]!;
            if (weight === 0) {
              score = 0;
              break;
            }
            score += scoreOfWeight[weight]!;
          }
          if (score > 0) {
            scores[doc] = score;
            candidates[candidateCount++] = doc;
          }
        }
      }
      // Scratch buffers go back to zero for the next query.
      for (const { best, lists } of perTerm) {
        for (const id of lists) {
          const docs = this.data.postingDocs[id]!;
          for (let i = 0; i < docs.length; i++) best[docs[i]!] = 0;
        }
      }
    } else {
      candidates = this.allDocuments();
      candidateCount = size;
    }

    const unfiltered =
      query.terms.length === 0 &&
      query.facetGroups.length === 0 &&
      query.priceMinCents === undefined &&
      query.priceMaxCents === undefined;
    if (unfiltered && !removed) {
      const hits = this.unfilteredHits(query.sort, query.offset + query.limit).slice(query.offset);
      return {
        total: size,
        resourceIds: hits.map((hit) => hit.resourceId),
        hits,
        counts: this.allCounts(),
        countsWithoutGroup: [],
      };
    }

    // 2. Facets in one pass: a document matching every group counts everywhere; one missing exactly
    //    one group counts only for that group's own facet ("without this selection" counts).
    const groups = query.facetGroups;
    if (groups.length > 30) throw new Error('Too many facet groups');
    let maxValue = this.maxFacetValue;
    for (const group of groups) for (const id of group) if (id > maxValue) maxValue = id;
    const groupBitOfValue = new Uint32Array(maxValue + 1);
    groups.forEach((group, index) => {
      for (const id of group) groupBitOfValue[id]! |= 1 << index;
    });
    const allGroups = groups.length === 0 ? 0 : groups.length === 32 ? 0xffffffff : (1 << groups.length) - 1;
    // Which group a value's facet belongs to: values of the same facet as a group's values.
    const counts = new Int32Array(maxValue + 1);
    const partialCounts = groups.map(() => new Int32Array(maxValue + 1));
    const partialTotals = groups.map(() => 0);
    const matches = new Uint32Array(candidateCount);
    let total = 0;
    const hasPrice = query.priceMinCents !== undefined || query.priceMaxCents !== undefined;
    const priceMin = query.priceMinCents ?? -Infinity;
    const priceMax = query.priceMaxCents ?? Infinity;
    for (let c = 0; c < candidateCount; c++) {
      const doc = candidates[c]!;
      if (removed && removed[doc] === 1) continue;
      if (hasPrice && (prices[doc]! < priceMin || prices[doc]! > priceMax)) continue;
      const start = facetOffsets[doc]!;
      const end = facetOffsets[doc + 1]!;
      let hit = 0;
      for (let i = start; i < end; i++) hit |= groupBitOfValue[facetValues[i]!]!;
      const missing = allGroups & ~hit;
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

    // 3. The requested page, best first.
    const { priceRank, newestRank, titleRank } = this.data;
    let isBefore: (a: number, b: number) => boolean;
    if (query.sort === 'relevance' && scores) {
      const s = scores;
      isBefore = (a, b) => s[a]! > s[b]! || (s[a] === s[b] && newestRank[a]! < newestRank[b]!);
    } else {
      const rank = query.sort === 'price' ? priceRank : query.sort === 'title' ? titleRank : newestRank;
      isBefore = (a, b) => rank[a]! < rank[b]!;
    }
    const page = topK(matches, total, Math.min(query.offset + query.limit, total), isBefore).slice(
      query.offset,
    );
    const hits = page.map((doc) => this.hit(doc, scores ? scores[doc]! : 0));
    if (scores) for (let c = 0; c < candidateCount; c++) scores[candidates[c]!] = 0;

    const toMap = (array: Int32Array) => {
      const map = new Map<number, number>();
      for (let id = 0; id < array.length; id++) if (array[id]! > 0) map.set(id, array[id]!);
      return map;
    };
    const allCounts = toMap(counts);
    return {
      total,
      resourceIds: page.map((doc) => resourceIds[doc]!),
      hits,
      counts: allCounts,
      countsWithoutGroup: groups.map((_group, index) => {
        // Documents matching everything also match "everything but this group".
        const merged = new Map<number, number>(allCounts);
        const partial = partialCounts[index]!;
        for (let id = 0; id < partial.length; id++)
          if (partial[id]! > 0) merged.set(id, (merged.get(id) ?? 0) + partial[id]!);
        return { counts: merged, total: total + partialTotals[index]! };
      }),
    };
  }
}
