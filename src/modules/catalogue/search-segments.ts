// The index a search reads: a large main segment built at start (or at the last merge), the documents
// of it that changed since marked removed, and a small delta segment holding the new versions of the
// changed documents. Applying a change rebuilds only the delta (thousands of documents at most), so a
// write reaches searches in well under a second; a merge folds the delta into a new main segment in
// the background when it grows. Each value of this class is immutable: a search sees one coherent state.
import {
  SearchIndexBuilder,
  type IndexedDocument,
  type IndexHit,
  type IndexQuery,
  type IndexResult,
  type IndexSort,
  type SearchIndex,
  type TermAlternatives,
} from './search-index.js';

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** The order of a result page, on sort keys any segment gives (the same order SearchIndex uses). */
function hitOrder(sort: IndexSort, hasWords: boolean): (a: IndexHit, b: IndexHit) => number {
  const newest = (a: IndexHit, b: IndexHit) => b.publishedDay - a.publishedDay || b.resourceId - a.resourceId;
  if (sort === 'relevance' && hasWords) return (a, b) => b.score - a.score || newest(a, b);
  if (sort === 'price') return (a, b) => a.priceCents - b.priceCents || a.resourceId - b.resourceId;
  if (sort === 'title') return (a, b) => collator.compare(a.title, b.title) || a.resourceId - b.resourceId;
  return newest;
}

function addCounts(into: Map<number, number>, from: Map<number, number>): Map<number, number> {
  const sum = new Map(into);
  for (const [id, count] of from) sum.set(id, (sum.get(id) ?? 0) + count);
  return sum;
}

export class SegmentedIndex {
  private readonly delta: SearchIndex;
  /** Counts of the whole catalogue in this state: empty searches and the home page ask for them. */
  private unfiltered?: IndexResult;

  private constructor(
    readonly main: SearchIndex,
    /** 1 for every main document that was deleted or changed since the main segment was built. */
    private readonly removed: Uint8Array | undefined,
    /** The current version of every changed resource (undefined: deleted), by resource id. */
    readonly changed: ReadonlyMap<number, IndexedDocument | undefined>,
  ) {
    const builder = new SearchIndexBuilder();
    for (const resourceId of [...changed.keys()].sort((a, b) => a - b)) {
      const document = changed.get(resourceId);
      if (document) builder.add(document);
    }
    this.delta = builder.build();
  }

  static of(main: SearchIndex): SegmentedIndex {
    return new SegmentedIndex(main, undefined, new Map());
  }

  /** A new state with these resources indexed again (a document) or gone (undefined). */
  withChanges(documents: ReadonlyMap<number, IndexedDocument | undefined>): SegmentedIndex {
    const removed = this.removed ? this.removed.slice() : new Uint8Array(this.main.size);
    const changed = new Map(this.changed);
    for (const [resourceId, document] of documents) {
      const doc = this.main.documentOf(resourceId);
      if (doc >= 0) removed[doc] = 1;
      changed.set(resourceId, document);
    }
    return new SegmentedIndex(this.main, removed, changed);
  }

  /** Documents in the delta segment, and resources removed since the main build: what a merge folds in. */
  get pendingChanges(): number {
    return this.changed.size;
  }

  get size(): number {
    let removedCount = 0;
    if (this.removed) for (let doc = 0; doc < this.removed.length; doc++) removedCount += this.removed[doc]!;
    return this.main.size - removedCount + this.delta.size;
  }

  get lexemeCount(): number {
    return this.main.lexemeCount + this.delta.lexemeCount;
  }

  hasMatches(term: TermAlternatives): boolean {
    return this.main.hasMatches(term, this.removed) || this.delta.hasMatches(term);
  }

  search(query: IndexQuery): IndexResult {
    if (this.changed.size === 0) return this.main.search(query);
    const unfiltered =
      query.terms.length === 0 &&
      query.facetGroups.length === 0 &&
      query.priceMinCents === undefined &&
      query.priceMaxCents === undefined;
    if (unfiltered && this.unfiltered && query.offset === 0 && query.limit <= this.unfiltered.hits.length) {
      return this.page(this.unfiltered, 0, query.limit);
    }
    // Each segment gives its best offset + limit; the page is the best of both.
    const wanted = { ...query, offset: 0, limit: query.offset + query.limit };
    const main = this.main.search(wanted, this.removed);
    const delta = this.delta.search(wanted);
    const hits = [...main.hits, ...delta.hits]
      .sort(hitOrder(query.sort, query.terms.length > 0))
      .slice(0, query.offset + query.limit);
    const merged: IndexResult = {
      total: main.total + delta.total,
      resourceIds: hits.map((hit) => hit.resourceId),
      hits,
      counts: addCounts(main.counts, delta.counts),
      countsWithoutGroup: main.countsWithoutGroup.map((group, index) => ({
        counts: addCounts(group.counts, delta.countsWithoutGroup[index]!.counts),
        total: group.total + delta.countsWithoutGroup[index]!.total,
      })),
    };
    if (unfiltered && query.offset === 0) this.unfiltered = merged;
    return this.page(merged, query.offset, query.limit);
  }

  private page(result: IndexResult, offset: number, limit: number): IndexResult {
    const hits = result.hits.slice(offset, offset + limit);
    return { ...result, hits, resourceIds: hits.map((hit) => hit.resourceId) };
  }
}
