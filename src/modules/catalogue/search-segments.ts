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
  type RemovedDocuments,
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

  private constructor(
    readonly main: SearchIndex,
    /** Every main document that was deleted or changed since the main segment was built. */
    private readonly removed: RemovedDocuments | undefined,
    /** The current version of every changed resource (undefined: deleted), by resource id. */
    readonly changed: ReadonlyMap<number, IndexedDocument | undefined>,
    /** Facet counts and number of the removed main documents, kept per change: the empty query
     *  (home page, empty search) is the main segment's counts minus these plus the delta's. */
    private readonly removedCounts: ReadonlyMap<number, number> = new Map(),
    private readonly removedTotal = 0,
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
    const flags = this.removed ? this.removed.flags.slice() : new Uint8Array(this.main.size);
    const docs = this.removed ? [...this.removed.docs] : [];
    const changed = new Map(this.changed);
    const removedCounts = new Map(this.removedCounts);
    let removedTotal = this.removedTotal;
    for (const [resourceId, document] of documents) {
      const doc = this.main.documentOf(resourceId);
      if (doc >= 0 && flags[doc] === 0) {
        flags[doc] = 1;
        docs.push(doc);
        removedTotal += 1;
        this.main.addFacetsOf(doc, removedCounts, 1);
      }
      changed.set(resourceId, document);
    }
    return new SegmentedIndex(this.main, { flags, docs }, changed, removedCounts, removedTotal);
  }

  /** Documents in the delta segment, and resources removed since the main build: what a merge folds in. */
  get pendingChanges(): number {
    return this.changed.size;
  }

  get size(): number {
    return this.main.size - this.removedTotal + this.delta.size;
  }

  get lexemeCount(): number {
    return this.main.lexemeCount + this.delta.lexemeCount;
  }

  hasMatches(term: TermAlternatives): boolean {
    return this.main.hasMatches(term, this.removed) || this.delta.hasMatches(term);
  }

  /** The number of matches only. */
  count(query: IndexQuery): number {
    return this.main.count(query, this.removed) + this.delta.count(query);
  }

  search(query: IndexQuery): IndexResult {
    if (this.changed.size === 0) return this.main.search(query);
    const unfiltered =
      query.terms.length === 0 &&
      query.facetGroups.length === 0 &&
      query.priceMinCents === undefined &&
      query.priceMaxCents === undefined;
    if (unfiltered) {
      // No pass over the documents: counts kept per change, the page read off each segment's order.
      const wantedHits = query.offset + query.limit;
      const hits = [
        ...this.main.unfilteredHits(query.sort, wantedHits, this.removed),
        ...this.delta.unfilteredHits(query.sort, wantedHits),
      ]
        .sort(hitOrder(query.sort, false))
        .slice(query.offset, wantedHits);
      const counts = addCounts(this.main.allCounts(), this.delta.allCounts());
      for (const [id, count] of this.removedCounts) counts.set(id, (counts.get(id) ?? 0) - count);
      for (const [id, count] of counts) if (count === 0) counts.delete(id);
      return {
        total: this.size,
        resourceIds: hits.map((hit) => hit.resourceId),
        hits,
        counts,
        countsWithoutGroup: [],
      };
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
    const page = hits.slice(query.offset, query.offset + query.limit);
    return { ...merged, hits: page, resourceIds: page.map((hit) => hit.resourceId) };
  }
}
