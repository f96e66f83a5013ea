// The index a search reads: a large main segment built at start (or at the last merge) and, for the
// resources changed since, two small segments: an older one, rebuilt now and then, and a recent one,
// rebuilt on every change from the changes since the older one was built. A segment's documents that
// changed again later are marked removed in it. Applying a change rebuilds only the recent segment (a
// few hundred documents), so a write reaches searches in well under a second at any catalogue size;
// a merge folds everything into a new main segment in the background when the changes grow. Each value
// of this class is immutable: a search sees one coherent state.
import {
  SearchIndexBuilder,
  compareAdoption,
  compareRating,
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

/**
 * Changes the recent segment holds before they move to the older one. Rebuilding a segment costs about
 * 12 ms per thousand documents (measured), and the recent one is rebuilt on every change.
 */
const RECENT_SEGMENT_LIMIT = 1_000;

/** The order of a result page, on sort keys any segment gives (the same order SearchIndex uses). */
function hitOrder(sort: IndexSort, hasWords: boolean): (a: IndexHit, b: IndexHit) => number {
  const newest = (a: IndexHit, b: IndexHit) => b.publishedDay - a.publishedDay || b.resourceId - a.resourceId;
  if (sort === 'relevance' && hasWords) return (a, b) => b.score - a.score || newest(a, b);
  if (sort === 'price') return (a, b) => a.priceCents - b.priceCents || a.resourceId - b.resourceId;
  if (sort === 'title') return (a, b) => collator.compare(a.title, b.title) || a.resourceId - b.resourceId;
  if (sort === 'rating') return compareRating;
  if (sort === 'adoption') return compareAdoption;
  return newest;
}

function addCounts(
  into: ReadonlyMap<number, number>,
  from: ReadonlyMap<number, number>,
  sign: 1 | -1 = 1,
): Map<number, number> {
  const sum = new Map(into);
  for (const [id, count] of from) sum.set(id, (sum.get(id) ?? 0) + sign * count);
  return sum;
}

function buildSegment(documents: ReadonlyMap<number, IndexedDocument | undefined>): SearchIndex {
  const builder = new SearchIndexBuilder();
  for (const resourceId of [...documents.keys()].sort((a, b) => a - b)) {
    const document = documents.get(resourceId);
    if (document) builder.add(document);
  }
  return builder.build();
}

/**
 * A segment and which of its documents no longer count, with their facet counts kept per change: the
 * empty query (home page, empty search) is every segment's counts minus its removed documents' ones.
 */
class Segment {
  constructor(
    readonly index: SearchIndex,
    readonly removed: RemovedDocuments | undefined = undefined,
    readonly removedCounts: ReadonlyMap<number, number> = new Map(),
    readonly removedTotal = 0,
  ) {}

  get size(): number {
    return this.index.size - this.removedTotal;
  }

  /** The same segment with these resources' documents removed (those it holds and still counts). */
  without(resourceIds: Iterable<number>): Segment {
    let flags: Uint8Array | undefined;
    let docs: number[] | undefined;
    let removedCounts: Map<number, number> | undefined;
    let removedTotal = this.removedTotal;
    for (const resourceId of resourceIds) {
      const doc = this.index.documentOf(resourceId);
      if (doc < 0 || this.removed?.flags[doc] === 1 || flags?.[doc] === 1) continue;
      // Copied on the first removal only: most changes touch no document of the older segments twice.
      flags ??= this.removed ? this.removed.flags.slice() : new Uint8Array(this.index.size);
      docs ??= this.removed ? [...this.removed.docs] : [];
      removedCounts ??= new Map(this.removedCounts);
      flags[doc] = 1;
      docs.push(doc);
      removedTotal += 1;
      this.index.addFacetsOf(doc, removedCounts, 1);
    }
    if (!flags || !docs || !removedCounts) return this;
    return new Segment(this.index, { flags, docs }, removedCounts, removedTotal);
  }

  /** Facet counts of the documents that count, without any query. */
  allCounts(): Map<number, number> {
    return addCounts(this.index.allCounts(), this.removedCounts, -1);
  }
}

export class SegmentedIndex {
  private constructor(
    private readonly main: Segment,
    /** Resources changed since the main build, up to the last time the older segment was built. */
    private readonly older: Segment | undefined,
    private readonly recent: Segment,
    /** The current version of every resource changed since the main build (undefined: deleted). */
    readonly changed: ReadonlyMap<number, IndexedDocument | undefined>,
    /** The same, since the older segment was built: what the recent segment holds. */
    private readonly recentChanges: ReadonlyMap<number, IndexedDocument | undefined>,
    private readonly recentLimit: number,
  ) {}

  /** `recentLimit`: changes the recent segment holds before they move to the older one. */
  static of(main: SearchIndex, { recentLimit = RECENT_SEGMENT_LIMIT } = {}): SegmentedIndex {
    const empty = new Map<number, IndexedDocument | undefined>();
    return new SegmentedIndex(
      new Segment(main),
      undefined,
      new Segment(buildSegment(empty)),
      empty,
      empty,
      recentLimit,
    );
  }

  /** A new state with these resources indexed again (a document) or gone (undefined). */
  withChanges(documents: ReadonlyMap<number, IndexedDocument | undefined>): SegmentedIndex {
    const resourceIds = [...documents.keys()];
    const main = this.main.without(resourceIds);
    const changed = new Map(this.changed);
    for (const [resourceId, document] of documents) changed.set(resourceId, document);
    const recentChanges = new Map(this.recentChanges);
    for (const [resourceId, document] of documents) recentChanges.set(resourceId, document);
    if (recentChanges.size > this.recentLimit) {
      // The recent changes move to a new older segment, which holds every change since the main build.
      const none = new Map<number, IndexedDocument | undefined>();
      const older = new Segment(buildSegment(changed));
      return new SegmentedIndex(
        main,
        older,
        new Segment(buildSegment(none)),
        changed,
        none,
        this.recentLimit,
      );
    }
    const older = this.older?.without(resourceIds);
    const recent = new Segment(buildSegment(recentChanges));
    return new SegmentedIndex(main, older, recent, changed, recentChanges, this.recentLimit);
  }

  private get segments(): Segment[] {
    return this.older ? [this.main, this.older, this.recent] : [this.main, this.recent];
  }

  /** Documents of the main segment, as built. */
  get mainSize(): number {
    return this.main.index.size;
  }

  /** Resources changed since the main build: what a merge folds in. */
  get pendingChanges(): number {
    return this.changed.size;
  }

  get size(): number {
    return this.segments.reduce((sum, segment) => sum + segment.size, 0);
  }

  get lexemeCount(): number {
    return this.segments.reduce((sum, segment) => sum + segment.index.lexemeCount, 0);
  }

  hasMatches(term: TermAlternatives): boolean {
    return this.segments.some((segment) => segment.index.hasMatches(term, segment.removed));
  }

  /** The number of matches only. */
  count(query: IndexQuery): number {
    return this.segments.reduce((sum, segment) => sum + segment.index.count(query, segment.removed), 0);
  }

  search(query: IndexQuery): IndexResult {
    if (this.changed.size === 0) return this.main.index.search(query);
    const wantedHits = query.offset + query.limit;
    const unfiltered =
      query.terms.length === 0 &&
      query.facetGroups.length === 0 &&
      query.priceMinCents === undefined &&
      query.priceMaxCents === undefined;
    if (unfiltered) {
      // No pass over the documents: counts kept per change, the page read off each segment's order.
      const hits = this.segments
        .flatMap((segment) => segment.index.unfilteredHits(query.sort, wantedHits, segment.removed))
        .sort(hitOrder(query.sort, false))
        .slice(query.offset, wantedHits);
      const counts = this.segments.reduce(
        (sum, segment) => addCounts(sum, segment.allCounts()),
        new Map<number, number>(),
      );
      for (const [id, count] of counts) if (count === 0) counts.delete(id);
      return {
        total: this.size,
        resourceIds: hits.map((hit) => hit.resourceId),
        hits,
        counts,
        countsWithoutGroup: [],
      };
    }
    // Each segment gives its best offset + limit; the page is the best of them.
    const wanted = { ...query, offset: 0, limit: wantedHits };
    const [first, ...others] = this.segments.map((segment) => segment.index.search(wanted, segment.removed));
    const merged = others.reduce<IndexResult>(
      (sum, result) => ({
        total: sum.total + result.total,
        resourceIds: [],
        hits: [...sum.hits, ...result.hits],
        counts: addCounts(sum.counts, result.counts),
        countsWithoutGroup: sum.countsWithoutGroup.map((group, index) => ({
          counts: addCounts(group.counts, result.countsWithoutGroup[index]!.counts),
          total: group.total + result.countsWithoutGroup[index]!.total,
        })),
      }),
      first!,
    );
    const page = merged.hits
      .sort(hitOrder(query.sort, query.terms.length > 0))
      .slice(query.offset, query.offset + query.limit);
    return { ...merged, hits: page, resourceIds: page.map((hit) => hit.resourceId) };
  }
}
