// Keeps this node's search index up to date with the catalogue, without ever making a search wait.
//
// - Searches read the last complete snapshot (facet dictionary + segmented index), which never changes
//   once published: every count, posting list and dictionary entry a search sees agree.
// - A follower applies the change log (catalogue_changes, written by row triggers) in sequence order:
//   changed resources are read again and go into the small delta segment, their old documents are
//   marked removed. On PostgreSQL, NOTIFY wakes it at once; it also polls, which is all PGlite does.
// - A full build runs in the background, one at a time: at start, when the delta has grown (a merge),
//   and when the vocabulary or the producers change. The follower goes on applying changes meanwhile
//   and, when the build ends, catches it up before publishing it.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { loadFacetDictionary, type FacetDictionary } from './facet-dictionary.js';
import { SearchIndexBuilder, type IndexedDocument } from './search-index.js';
import {
  pruneCatalogueChanges,
  readChangeCursor,
  readChangesAfter,
  readIndexedDocuments,
  readIndexedDocumentsByIds,
  type CatalogueChange,
} from './search.repository.js';
import { SegmentedIndex } from './search-segments.js';

export interface CatalogueSnapshot {
  dictionary: FacetDictionary;
  index: SegmentedIndex;
}

/** Where the follower is in the change log: everything up to `watermark` is applied, and `seen` above. */
interface Cursor {
  watermark: number;
  seen: Set<number>;
  /** Missing sequence numbers below a seen one, with when they were first missed (ms). */
  gaps: Map<number, number>;
}

interface Build {
  snapshot: CatalogueSnapshot;
  cursor: Cursor;
  /** Reload requests (changes without a resource) seen when the build started. */
  reloadsAtStart: number;
}

export interface SnapshotKeeperOptions {
  /** How often the follower looks for changes without a NOTIFY. */
  pollMs?: number;
  /** NOTIFY wake-ups (database.ts, PostgreSQL only). */
  listen?: (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;
  /** Changes in the delta beyond which a merge (full build) starts: at least this, or 1 % of the index. */
  mergeThreshold?: number;
  onError?: (error: unknown) => void;
}

/** A sequence number missing this long belongs to a transaction that rolled back: skip it. */
const GAP_TIMEOUT_MS = 30_000;
/** Changes at least this old are applied by every node and visible to every new build. */
const SETTLE_SECONDS = 30;
const CHANGES_PER_READ = 20_000;
const PRUNE_EVERY_MS = 60_000;
const KEEP_CHANGES_SECONDS = 3_600;

async function buildSnapshot(db: Kysely<Database>): Promise<{ snapshot: CatalogueSnapshot; cursor: Cursor }> {
  // The cursor first: every change it counts as seen is committed, so the rows read next include it.
  const start = await readChangeCursor(db, SETTLE_SECONDS);
  const dictionary = await loadFacetDictionary(db);
  const builder = new SearchIndexBuilder();
  for await (const batch of readIndexedDocuments(db)) for (const document of batch) builder.add(document);
  return {
    snapshot: { dictionary, index: SegmentedIndex.of(builder.build()) },
    cursor: { watermark: start.watermark, seen: new Set(start.seen), gaps: new Map() },
  };
}

export class SnapshotKeeper {
  private ready?: CatalogueSnapshot;
  private cursor?: Cursor;
  private building?: Promise<Build>;
  private finishedBuild?: Build;
  private ticking?: Promise<void>;
  private tickAgain = false;
  private reloadsSeen = 0;
  /** Reload requests the published snapshot includes. */
  private readyReloads = 0;
  private started = false;
  private closed = false;
  private timer?: ReturnType<typeof setInterval>;
  private unlisten?: () => Promise<void>;
  private lastPrune = 0;
  private readonly counters = { builds: 0, merges: 0, applied: 0, lastBuildMs: 0, lastApplyMs: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: SnapshotKeeperOptions = {},
  ) {}

  /** The last complete snapshot, if this node has one. */
  get snapshot(): CatalogueSnapshot | undefined {
    return this.ready;
  }

  stats() {
    return {
      ...this.counters,
      building: this.building !== undefined,
      watermark: this.cursor?.watermark,
      pendingChanges: this.ready?.index.pendingChanges ?? 0,
    };
  }

  /** Starts the follower (once) and, without a snapshot yet, the first build; resolves with a snapshot. */
  async start(): Promise<CatalogueSnapshot> {
    if (!this.started) {
      this.started = true;
      this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 250);
      this.timer.unref();
      if (this.options.listen) {
        this.options
          .listen('catalogue_changes', () => this.wake())
          .then((stop) => {
            if (this.closed) void stop();
            else this.unlisten = stop;
          })
          .catch((error: unknown) => this.options.onError?.(error));
      }
    }
    while (!this.ready) {
      await this.startBuild();
      await this.wakeNow();
    }
    return this.ready;
  }

  /** Resolves once every change committed before the call is visible to searches. */
  async refreshed(): Promise<CatalogueSnapshot> {
    await this.start();
    // A tick that starts after this call reads every change committed before it.
    await this.wakeNow();
    // A vocabulary or producer change is visible once a build that read it is published.
    while (this.reloadsSeen > this.readyReloads) {
      await (this.building ?? this.startBuild());
      await this.wakeNow();
    }
    return this.ready!;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.unlisten?.();
    await this.ticking?.catch(() => undefined);
  }

  private wake(): void {
    if (this.closed) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    void this.wakeNow().catch((error: unknown) => this.options.onError?.(error));
  }

  /** Runs one tick, after the one running if any. */
  private wakeNow(): Promise<void> {
    const previous = this.ticking ?? Promise.resolve();
    const tick = previous
      .catch(() => undefined)
      .then(() => this.tick())
      .finally(() => {
        if (this.ticking === tick) this.ticking = undefined;
        if (this.tickAgain && !this.closed) {
          this.tickAgain = false;
          this.wake();
        }
      });
    this.ticking = tick;
    return tick;
  }

  private startBuild(): Promise<Build> {
    if (this.building) return this.building;
    const reloadsAtStart = this.reloadsSeen;
    const started = Date.now();
    const build = buildSnapshot(this.db).then(({ snapshot, cursor }) => {
      this.counters.builds += 1;
      this.counters.lastBuildMs = Date.now() - started;
      const finished = { snapshot, cursor, reloadsAtStart };
      this.finishedBuild = finished;
      return finished;
    });
    this.building = build;
    void build
      .finally(() => {
        if (this.building === build) this.building = undefined;
      })
      .then(() => this.wake())
      .catch((error: unknown) => this.options.onError?.(error));
    return build;
  }

  /** One step of the follower: adopt a finished build, then apply the changes after the cursor. */
  private async tick(): Promise<void> {
    let snapshot = this.ready;
    let cursor = this.cursor;
    const finished = this.finishedBuild;
    if (finished) {
      // The finished build is caught up (below) before searches see it, so no change is ever undone;
      // it stays pending until published, so a failed tick leaves it for the next one.
      snapshot = finished.snapshot;
      cursor = finished.cursor;
    }
    if (!snapshot || !cursor) return;

    const started = Date.now();
    const fresh: CatalogueChange[] = [];
    for (let after = cursor.watermark; ;) {
      const changes = await readChangesAfter(this.db, after, CHANGES_PER_READ);
      for (const change of changes) if (!cursor.seen.has(change.seq)) fresh.push(change);
      if (changes.length < CHANGES_PER_READ) break;
      after = changes[changes.length - 1]!.seq;
    }
    const next: Cursor = {
      watermark: cursor.watermark,
      seen: new Set(cursor.seen),
      gaps: new Map(cursor.gaps),
    };
    for (const change of fresh) next.seen.add(change.seq);
    advance(next, Date.now());

    const resourceIds = new Set<number>();
    for (const change of fresh) {
      if (change.resourceId === null) this.reloadsSeen += 1;
      else resourceIds.add(change.resourceId);
    }
    if (fresh.some((change) => change.resourceId === null)) void this.startBuild();
    if (resourceIds.size > 0) {
      const documents = new Map<number, IndexedDocument | undefined>();
      for (const id of resourceIds) documents.set(id, undefined);
      for (const document of await readIndexedDocumentsByIds(this.db, [...resourceIds]))
        documents.set(document.resourceId, document);
      snapshot = { dictionary: snapshot.dictionary, index: snapshot.index.withChanges(documents) };
      this.counters.applied += resourceIds.size;
      this.counters.lastApplyMs = Date.now() - started;
    }
    // Publish: the previous snapshot is freed once the searches reading it end.
    if (finished) {
      if (this.finishedBuild === finished) this.finishedBuild = undefined;
      if (this.ready) this.counters.merges += 1;
      this.readyReloads = finished.reloadsAtStart;
      if (this.reloadsSeen > finished.reloadsAtStart) void this.startBuild();
    }
    this.ready = snapshot;
    this.cursor = next;

    const threshold = Math.max(
      this.options.mergeThreshold ?? 2_000,
      Math.floor(snapshot.index.mainSize / 100),
    );
    if (snapshot.index.pendingChanges > threshold) void this.startBuild();
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await pruneCatalogueChanges(this.db, KEEP_CHANGES_SECONDS);
    }
  }
}

/** Moves the watermark over applied sequence numbers and over gaps missing for too long. */
function advance(cursor: Cursor, now: number): void {
  const seen = [...cursor.seen].sort((a, b) => a - b);
  for (const seq of seen) {
    for (let missing = cursor.watermark + 1; missing < seq; missing++) {
      const since = cursor.gaps.get(missing);
      if (since === undefined) {
        // Gaps are rare and short (transactions in flight); a huge jump (a restarted sequence) is
        // remembered as its first number only.
        cursor.gaps.set(missing, now);
        return;
      }
      if (now - since < GAP_TIMEOUT_MS) return;
      cursor.gaps.delete(missing);
      cursor.watermark = seq - 1;
      break;
    }
    cursor.seen.delete(seq);
    cursor.watermark = seq;
  }
}
