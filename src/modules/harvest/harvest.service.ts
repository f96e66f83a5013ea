// The harvester: registers remote OAI-PMH sources and harvests them into the catalogue.
//
// A run is logged when it starts and completed when it ends. It asks Identify for the source's
// granularity, then ListRecords from the last datestamp (or resumes from the last good token of a run
// that failed), following resumption tokens. Each record becomes a resource through the same rules as a
// publisher's notice (ScoLOMfr/LOM through readLom, in place in the reply, on the page reader's worker
// threads: structure, XSD and vocabularies; Dublin Core mapped to the notice fields, then the
// vocabulary check), the source's defaults filling licence and cost. A page is written in one
// transaction (writeHarvestedRecords: groups of records in one statement per table; a record the
// database refuses is rejected alone with its reasons and never stops the others) while the next page
// is read and the one after fetched. A deleted record withdraws its resource. A source that needs review
// sends its records to the experts as notices. A run that fails keeps the pages it finished, says why,
// and the next run resumes after them.
import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../../db/database.js';
import type { Database, HarvestRejection } from '../../db/schema.js';
import { todayInFrance } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { writeCatalogueEntries } from '../catalogue/catalogue.repository.js';
import type { CatalogueEntry } from '../catalogue/catalogue.types.js';
import { loadFacetDictionary, type FacetDictionary } from '../catalogue/facet-dictionary.js';
import { publishResource, withdrawResource } from '../catalogue/resource-publication.js';
import { licences } from '../catalogue/vocabulary.js';
import {
  noticeFieldsSchema,
  normalizeVocabularies,
  schemaIssues,
  type NoticeFields,
} from '../notices/notice-fields.js';
import { offersOfNotice, resourceOfNotice } from '../notices/notice-review.service.js';
import {
  refusalOf,
  saveSubmissions,
  writeEachOrSplit,
  type Submission,
} from '../notices/notice-batch.repository.js';
import type { NoticeIssue } from '../notices/scolomfr-document.js';
import { languagesOf, licenceOf } from '../notices/scolomfr-notice.js';
import {
  analyzeResources,
  completeRun,
  failInterruptedRuns,
  findGroupResources,
  findHarvestedResource,
  findProducerByCode,
  findProducerName,
  findResourceByIdentifier,
  findSourceById,
  findSourceByName,
  findSourceByUrl,
  findSourceFacetId,
  groupSavepoint,
  insertRun,
  insertSource,
  pendingDatestamps,
  plannedResourceRows,
  setResourceSource,
  tryLockSource,
  unlockSource,
  updateRunCounts,
  updateSourceProgress,
  type HarvestSource,
  type RunCounts,
} from './harvest.repository.js';
import { harvestSitemap } from './sitemap-harvest.js';
import { PageReader, readLomMetadata, type PageReadings } from './page-reader.js';
import {
  OaiClient,
  OaiError,
  standaloneXml,
  type OaiClientOptions,
  type OaiPage,
  type OaiRecord,
} from './oai-client.js';

type Db = Kysely<Database>;

export type HarvestPrefix = 'scolomfr' | 'lom' | 'oai_dc';

export interface SourceRegistration {
  name?: string;
  /** OAI-PMH (the default), or schema.org JSON-LD pages listed by a sitemap (baseUrl: the sitemap). */
  kind?: 'oai' | 'sitemap';
  baseUrl: string;
  prefix?: HarvestPrefix;
  set?: string | null;
  schedule?: string | null;
  producerCode: string;
  defaultLicence?: string;
  defaultCost?: 'yes' | 'no';
  needsReview?: boolean;
  allowedRedirectHosts?: string[];
}

/** At most this many rejections are kept in a run's log (the count keeps counting). */
const MAX_LOGGED_REJECTIONS = 1000;

/** Registers a remote source. Its name defaults to the base URL's host and path. */
export async function registerSource(db: Db, registration: SourceRegistration): Promise<HarvestSource> {
  let url: URL;
  try {
    url = new URL(registration.baseUrl);
  } catch {
    throw new AppError('VALIDATION_FAILED', `« ${registration.baseUrl} » n’est pas une adresse web.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError(
      'VALIDATION_FAILED',
      registration.kind === 'sitemap'
        ? 'L’adresse d’un sitemap commence par http(s)://.'
        : 'L’adresse de base d’une source OAI-PMH commence par http(s)://.',
    );
  }
  const producer = await findProducerByCode(db, registration.producerCode);
  if (!producer) {
    throw new AppError('VALIDATION_FAILED', `Le producteur « ${registration.producerCode} » n’existe pas.`);
  }
  const licence = registration.defaultLicence ?? 'proprietary';
  if (!licences.some((known) => known.code === licence)) {
    throw new AppError('VALIDATION_FAILED', `La licence « ${licence} » n’est pas une licence du catalogue.`);
  }
  const name = registration.name ?? `${url.host}${url.pathname.replace(/\/$/, '')}`;
  if (await findSourceByName(db, name)) {
    throw new AppError('CONFLICT', `Une source s’appelle déjà « ${name} ».`);
  }
  const id = await db.transaction().execute((trx) =>
    insertSource(trx, {
      name,
      kind: registration.kind ?? 'oai',
      baseUrl: url.toString(),
      prefix: registration.prefix ?? 'scolomfr',
      set: registration.set ?? null,
      schedule: registration.schedule ?? null,
      producerId: producer.id,
      defaultLicence: licence,
      defaultCost: registration.defaultCost ?? 'no',
      needsReview: registration.needsReview ?? false,
      allowedRedirectHosts: registration.allowedRedirectHosts ?? [],
    }),
  );
  return (await findSourceById(db, id))!;
}

/** A source by name, or by base URL (with prefix and set) when the argument is an address. */
export async function findSource(
  db: Db,
  nameOrUrl: string,
  prefix?: HarvestPrefix,
  set?: string | null,
): Promise<HarvestSource | undefined> {
  const named = await findSourceByName(db, nameOrUrl);
  if (named) return named;
  if (!/^https?:\/\//i.test(nameOrUrl)) return undefined;
  try {
    return await findSourceByUrl(db, new URL(nameOrUrl).toString(), prefix ?? 'scolomfr', set ?? null);
  } catch {
    return undefined;
  }
}

export interface HarvestOptions {
  /** Harvest from this datestamp instead of the source's last one. */
  from?: string;
  client?: OaiClientOptions;
  /** Called after each page is written with the counts so far. */
  onProgress?: (counts: Readonly<RunCounts>, completeListSize: number | null) => void;
  /**
   * Worker threads that read ScoLOMfr/LOM pages; 0: this thread. Default 1: the pipeline reads one page
   * at a time (while this thread writes the one before), so more workers would start and never read.
   */
  readers?: number;
  /** Stops the run before the next page is written: a failed run, which the next one resumes. */
  signal?: AbortSignal;
  /**
   * The database's kind. On PostgreSQL a run holds its source's session lock, so that no other node or
   * process runs the same source meanwhile; known either way, a run also closes the runs of its source
   * left running by a process that stopped (on PGlite one process holds the data folder).
   */
  database?: DatabaseKind;
  /**
   * bench:harvest's baseline only: the path before grouping. Pages one after the other, each record read
   * on this thread, then written in its own transaction.
   */
  recordAtATime?: boolean;
}

export interface HarvestSummary {
  source: string;
  runId: number;
  status: 'succeeded' | 'failed';
  error: string | null;
  harvested: number;
  created: number;
  updated: number;
  deleted: number;
  rejected: number;
  rejections: HarvestRejection[];
  lastDatestamp: string | null;
  seconds: number;
}

/** The sources this process is harvesting, per database handle. */
const harvestingHere = new WeakMap<Db, Set<number>>();

/**
 * Runs one harvest of a source. Never throws on the source's faults: the summary and the log say them.
 * One run of a source at a time: a second one is refused (CONFLICT) while the first runs, in this
 * process and, on PostgreSQL, on any node (the source's session lock, on a connection of its own).
 */
export async function runHarvest(
  db: Db,
  sourceId: number,
  options: HarvestOptions = {},
): Promise<HarvestSummary> {
  const source = await findSourceById(db, sourceId);
  if (!source) throw new AppError('NOT_FOUND', 'Cette source de moissonnage n’existe pas.');
  const busy = () =>
    new AppError(
      'CONFLICT',
      `Un moissonnage de « ${source.name} » est déjà en cours : attendez qu’il se termine.`,
    );
  const here = harvestingHere.get(db) ?? new Set<number>();
  harvestingHere.set(db, here);
  if (here.has(source.id)) throw busy();
  here.add(source.id);
  try {
    if (options.database !== 'postgresql') return await harvestClaimed(db, source, options);
    return await db.connection().execute(async (connection) => {
      if (!(await tryLockSource(connection, source.id))) throw busy();
      try {
        return await harvestClaimed(db, source, options);
      } finally {
        await unlockSource(connection, source.id);
      }
    });
  } finally {
    here.delete(source.id);
  }
}

/**
 * A run of a source no one else runs. A pipeline, so that a page costs the slowest of its three steps,
 * not their sum: while page N is written (one transaction, in the database's process), page N+1 is read
 * and page N+2 fetched.
 */
async function harvestClaimed(
  db: Db,
  source: HarvestSource,
  options: HarvestOptions,
): Promise<HarvestSummary> {
  const started = performance.now();
  if (options.database) await failInterruptedRuns(db, source.id);
  const client = new OaiClient(source.base_url, {
    ...options.client,
    allowedRedirectHosts: [...source.allowed_redirect_hosts, ...(options.client?.allowedRedirectHosts ?? [])],
  });
  const counts: RunCounts = {
    harvested: 0,
    created: 0,
    updated: 0,
    deleted: 0,
    rejected: 0,
    rejections: [],
    lastDatestamp: null,
  };
  let from = options.from ?? source.last_datestamp;
  const runId = await insertRun(db, source.id, from);
  let status: 'succeeded' | 'failed' = 'succeeded';
  let error: string | null = null;
  const alone = options.recordAtATime === true;
  const write = alone ? writeRecordsOneByOne : writeHarvestedRecords;
  // The page being written; it surfaces its failure when awaited.
  let writing: Promise<void> = Promise.resolve();
  const planner = new PlannerCounts(db, await plannedResourceRows(db));
  const threads = alone ? 0 : (options.readers ?? 1);
  const reader =
    source.kind !== 'sitemap' && source.prefix !== 'oai_dc' && threads > 0 ? new PageReader(threads) : null;
  // A page fetched ahead and not read yet when the run stops: its parsed reply is freed.
  let unread: Promise<OaiPage> | null = null;
  try {
    if (source.kind === 'sitemap') {
      // Pages listed by a sitemap: the same writer, in batches (sitemap-harvest.ts).
      await updateSourceProgress(db, source.id, { granularity: 'YYYY-MM-DDThh:mm:ssZ' });
      await harvestSitemap(db, source, counts, {
        from,
        ...(options.client ? { client: options.client } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        write: async (records) => {
          await write(db, source, records, counts, { runId });
          await planner.written(counts.created);
        },
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    } else {
      const identify = await client.identify();
      await updateSourceProgress(db, source.id, { granularity: identify.granularity });
      from = from ? atGranularity(from, identify.granularity) : null;
      // Resume from the last good token of a failed run, unless asked for a date.
      const storedToken = options.from === undefined ? source.resumption_token : null;
      const seen = new Set<string>();
      const fetchPage = async (token: string | null): Promise<OaiPage> => {
        if (!token) return client.listRecords({ metadataPrefix: source.prefix, set: source.set_spec, from });
        try {
          return await client.listRecords({ resumptionToken: token });
        } catch (failure) {
          // A stored token from an earlier run may have expired: start again from the datestamp.
          if (
            failure instanceof OaiError &&
            failure.oaiCode === 'badResumptionToken' &&
            token === storedToken &&
            seen.size === 0
          ) {
            await updateSourceProgress(db, source.id, { resumptionToken: null });
            return fetchPage(null);
          }
          throw failure;
        }
      };
      let token = storedToken;
      let fetching = fetchPage(token);
      unread = fetching;
      let pages = 0;
      for (;;) {
        let page: OaiPage;
        try {
          page = await fetching;
          unread = null;
        } catch (failure) {
          // The pages before it are finished: they stay, and the next run resumes after them.
          await writing;
          throw failure;
        }
        const next = page.token;
        let loop: OaiError | undefined;
        if (next && (seen.has(next) || next === token)) {
          loop = new OaiError(
            'token-loop',
            `La source renvoie le même jeton de reprise (« ${next.slice(0, 100)} ») : moissonnage arrêté pour ne pas boucler.`,
          );
        } else if (next) {
          seen.add(next);
        }
        const prefetch = () => {
          fetching = fetchPage(next);
          unread = fetching;
          // A failed fetch surfaces when its page's turn comes, not as an unhandled rejection before.
          fetching.catch(() => undefined);
        };
        // The first page's first record loads the XSD (about a second), on this thread when it reads: the
        // next request's timeout must not run meanwhile.
        const firstPage = pages++ === 0;
        if (next && !loop && !alone && !firstPage) prefetch();
        const records = await readPage(source, client, page, reader);
        if (next && !loop && !alone && firstPage) prefetch();
        await writing;
        if (options.signal?.aborted) throw interrupted();
        // The page is done once written: a failure later resumes after it (its token, same transaction).
        writing = write(db, source, records, counts, {
          runId,
          ...(next && !loop ? { resumptionToken: next } : {}),
        })
          .then(() => planner.written(counts.created))
          .then(() => options.onProgress?.(counts, page.completeListSize));
        writing.catch(() => undefined);
        if (loop) {
          await writing;
          throw loop;
        }
        if (!next) break;
        token = next;
        if (alone) {
          await writing;
          if (options.signal?.aborted) throw interrupted();
          fetching = fetchPage(next);
          unread = fetching;
        }
      }
    }
    await writing;
    const reached = [
      counts.lastDatestamp,
      source.last_datestamp,
      ...(await pendingDatestamps(db, source.id)),
    ];
    await updateSourceProgress(db, source.id, {
      lastDatestamp: latest(reached),
      resumptionToken: null,
    });
  } catch (failure) {
    // A page still being written finishes (or fails) before the run is logged.
    await writing.catch(() => undefined);
    await unread?.then(
      (page) => page.release(),
      () => undefined,
    );
    status = 'failed';
    error = failure instanceof Error ? failure.message : String(failure);
    if (!(failure instanceof OaiError || failure instanceof Interrupted)) {
      error = `Erreur interne pendant le moissonnage : ${error}`;
    }
  } finally {
    await reader?.close();
  }
  await updateRunCounts(db, runId, counts);
  await completeRun(db, runId, status, error);
  return {
    source: source.name,
    runId,
    status,
    error,
    harvested: counts.harvested,
    created: counts.created,
    updated: counts.updated,
    deleted: counts.deleted,
    rejected: counts.rejected,
    rejections: counts.rejections,
    lastDatestamp: counts.lastDatestamp,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}

/**
 * Once a run has created as many resources as the planner believes the table holds (a thousand at
 * least), the table is counted again (analyzeResources says why).
 */
class PlannerCounts {
  private createdWhenCounted = 0;

  constructor(
    private readonly db: Db,
    private planned: number,
  ) {}

  async written(created: number): Promise<void> {
    if (created - this.createdWhenCounted < Math.max(1000, this.planned)) return;
    this.createdWhenCounted = created;
    this.planned = await analyzeResources(this.db);
  }
}

/** A run stopped by its signal (not the source's fault, nor an internal error). */
class Interrupted extends Error {}
const interrupted = () => new Interrupted('Moissonnage interrompu : il reprendra où il s’est arrêté.');

/** The latest of datestamps (ISO strings of one granularity compare as text). */
function latest(values: readonly (string | null)[]): string | null {
  return values.reduce<string | null>((max, value) => (value && (!max || value > max) ? value : max), null);
}

/** A datestamp at the source's granularity: a day source gets the day only. */
function atGranularity(datestamp: string, granularity: string): string {
  if (granularity === 'YYYY-MM-DD') return datestamp.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(datestamp) ? `${datestamp}T00:00:00Z` : datestamp;
}

/**
 * A page's records read, in the page's order, then the page released. ScoLOMfr and LOM are read where
 * they stand in the reply (readLom: the XSD, the vocabularies, the notice's rules), by the page reader's
 * workers when there are some (they parse the reply again), else on this thread, letting the event loop
 * take the next page's reply and the web requests of the process in every 16 records.
 */
async function readPage(
  source: HarvestSource,
  client: OaiClient,
  page: OaiPage,
  reader: PageReader | null,
): Promise<HarvestedRecord[]> {
  const records = page.records.map((record) => ({
    identifier: record.identifier,
    datestamp: record.datestamp || null,
    deleted: record.deleted,
    recordUrl: client.recordUrl(record.identifier, source.prefix),
    // What the experts get, taken before reading converts legacy values in place.
    ...(source.needs_review ? { original: originalOf(source, record) } : {}),
  }));
  let readings: PageReadings;
  try {
    if (reader && page.records.some((record) => !record.deleted)) {
      page.release(); // the worker parses its own copy of the reply
      readings = await reader.read(page.bytes);
      if (readings.length !== records.length) throw new Error('the page reader lost track of the records');
    } else {
      readings = [];
      for (const [index, record] of page.records.entries()) {
        if (index % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
        readings.push(record.deleted ? null : readRecord(source, record));
      }
    }
  } finally {
    page.release();
  }
  return records.map((record, index) => ({
    ...record,
    reading: readings[index] ?? { errors: [], warnings: [] },
  }));
}

function originalOf(source: HarvestSource, record: OaiRecord): NonNullable<HarvestedRecord['original']> {
  if (record.metadata && source.prefix !== 'oai_dc') {
    return { text: standaloneXml(record.metadata), format: 'scolomfr' };
  }
  return { text: JSON.stringify(record.dc), format: 'json' };
}

function readRecord(source: HarvestSource, record: OaiRecord): RecordReading {
  return source.prefix === 'oai_dc' && record.metadata
    ? fieldsOfDublinCore(record)
    : readLomMetadata(record.metadata);
}

// ---- The write side: records already read, whatever the kind of source. ----

/** A record read into the notice fields, or why it could not be. */
export interface RecordReading {
  fields?: NoticeFields;
  errors: NoticeIssue[];
  warnings: NoticeIssue[];
}

/** One record of a source once read: what writeHarvestedRecords takes. */
export interface HarvestedRecord {
  /** The record's identifier at its source (an OAI identifier, a page's address): one resource each. */
  identifier: string;
  /** When the source last changed it; the next run starts from the latest one written. */
  datestamp: string | null;
  /** Deleted at the source: its resource is withdrawn. */
  deleted: boolean;
  /** Where the original record is seen (linked from the resource page). */
  recordUrl: string | null;
  reading: RecordReading;
  /** What the experts get of a source that needs review (default: the fields as JSON). */
  original?: { text: string; format: 'scolomfr' | 'json' };
}

/** What a batch's transaction also writes: the run's counts, where the next run resumes. */
export interface BatchProgress {
  runId?: number;
  resumptionToken?: string | null;
}

/** Records written by one statement per table (larger groups gain little, as for the import). */
export const HARVEST_GROUP_SIZE = 250;

/**
 * Writes a batch of records already read (a page of a source) in one transaction, and adds its outcome
 * to `counts` once committed (with the run's log and the source's resumption token, when `progress`
 * names them, in that same transaction: a batch that fails changes nothing, counts included).
 *
 * Records go in groups of HARVEST_GROUP_SIZE, each written by a few statements (lookups, then the new
 * resources with their offers in one statement each); a group the database refuses is halved under
 * savepoints down to the record at fault, which is rejected alone with the reason, never stopping the
 * others. A new record becomes a resource through the notices' rules (the source's defaults filling
 * licence and cost) unless its identifier is another resource's; a known record updates its resource; a
 * deleted one withdraws it; a source that needs review sends its records to the experts as notices.
 */
export async function writeHarvestedRecords(
  db: Db,
  source: HarvestSource,
  records: readonly HarvestedRecord[],
  counts: RunCounts,
  progress: BatchProgress = {},
): Promise<void> {
  const after: RunCounts = { ...counts, rejections: [...counts.rejections] };
  await db.transaction().execute(async (trx) => {
    const context: BatchContext = {
      dictionary: await loadFacetDictionary(trx),
      producerName: await findProducerName(trx, source.producer_id),
      sourceFacetId: await findSourceFacetId(trx, source.id),
      today: todayInFrance(),
    };
    for (const group of groupsOf(records)) {
      const outcomes = await writeEachOrSplit(
        group,
        async (items) => {
          await groupSavepoint(trx, 'open');
          try {
            const written = await writeGroup(trx, source, context, items);
            await groupSavepoint(trx, 'release');
            return written;
          } catch (failure) {
            await groupSavepoint(trx, 'rollback');
            throw failure;
          }
        },
        refusalOfRecord,
      );
      group.forEach((record, index) => tally(after, record, outcomes[index]!));
    }
    await saveProgress(trx, source, after, progress);
  });
  Object.assign(counts, after);
}

interface BatchContext {
  dictionary: FacetDictionary;
  producerName: string;
  sourceFacetId: number | null;
  today: string;
}

/** What became of a record; a rejection from reading still moves the datestamp on, one from writing not. */
type Outcome =
  | 'created'
  | 'updated'
  | 'deleted'
  | 'unchanged'
  | { rejected: string[]; advance: boolean }
  | { refusal: string };

/** The batch's records in groups, none of which holds two records of one identifier or one notice. */
function* groupsOf(records: readonly HarvestedRecord[]): Generator<HarvestedRecord[]> {
  let group: HarvestedRecord[] = [];
  let keys = new Set<string>();
  for (const record of records) {
    const fields = record.deleted ? undefined : record.reading.fields;
    const own = [`record\u0000${record.identifier}`, ...(fields ? [`notice\u0000${fields.identifier}`] : [])];
    if (group.length >= HARVEST_GROUP_SIZE || own.some((key) => keys.has(key))) {
      yield group;
      group = [];
      keys = new Set();
    }
    group.push(record);
    for (const key of own) keys.add(key);
  }
  if (group.length > 0) yield group;
}

const withDefaults = (source: HarvestSource, fields: NoticeFields): NoticeFields => ({
  ...fields,
  licence: fields.licence ?? source.default_licence,
  cost: fields.cost ?? source.default_cost,
});

function submissionOf(source: HarvestSource, record: HarvestedRecord, fields: NoticeFields): Submission {
  return {
    producerId: source.producer_id,
    fields,
    source: record.original?.text ?? JSON.stringify(fields),
    sourceFormat: record.original?.format ?? 'json',
    warnings: record.reading.warnings,
  };
}

const unreadable = (record: HarvestedRecord): Outcome => ({
  rejected: record.reading.errors.map(describeIssue),
  advance: true,
});

/** One group, in the caller's transaction: one outcome per record, in order. */
async function writeGroup(
  trx: Db,
  source: HarvestSource,
  context: BatchContext,
  records: readonly HarvestedRecord[],
): Promise<Outcome[]> {
  const live = records.map((record) =>
    !record.deleted && record.reading.fields ? withDefaults(source, record.reading.fields) : undefined,
  );
  const { harvested, holders } = await findGroupResources(
    trx,
    source.id,
    records.map((record) => record.identifier),
    source.needs_review ? [] : live.flatMap((fields) => (fields ? [fields.identifier] : [])),
  );
  const outcomes: Outcome[] = [];
  const entries: CatalogueEntry[] = [];
  const submissions: Submission[] = [];
  for (const [index, record] of records.entries()) {
    const fields = live[index];
    if (record.deleted) {
      const resource = harvested.get(record.identifier);
      if (resource && resource.withdrawn_at === null) {
        await withdrawResource(trx, resource.id);
        outcomes.push('deleted');
      } else {
        outcomes.push('unchanged');
      }
    } else if (!fields) {
      outcomes.push(unreadable(record));
    } else if (source.needs_review) {
      // The experts review it first, as any publisher's notice.
      submissions.push(submissionOf(source, record, fields));
      outcomes.push('created');
    } else if (harvested.has(record.identifier)) {
      outcomes.push(await publishRecord(trx, source, record, fields));
    } else {
      const holder = holders.get(fields.identifier);
      if (holder) {
        outcomes.push({ refusal: takenMessage(fields.identifier, holder) });
      } else {
        entries.push({
          resource: { ...resourceOfNotice(fields, source.producer_code, context.today), origin: 'harvested' },
          offers: offersOfNotice(fields, source.producer_code, context.today),
          source: {
            sourceId: source.id,
            recordId: record.identifier,
            recordUrl: record.recordUrl,
            facetId: context.sourceFacetId,
          },
        });
        outcomes.push('created');
      }
    }
  }
  await saveSubmissions(trx, submissions);
  if (entries.length > 0) {
    await writeCatalogueEntries(
      trx,
      entries,
      context.dictionary,
      new Map([[source.producer_code, source.producer_id]]),
      new Map([[source.producer_code, context.producerName]]),
    );
  }
  return outcomes;
}

function takenMessage(
  identifier: string,
  holder: { source_id: number | null; source_record_id: string | null },
): string {
  return holder.source_id === null
    ? `L’identifiant « ${identifier} » est déjà celui d’une ressource déposée par son producteur : l’enregistrement n’est pas publié.`
    : `L’identifiant « ${identifier} » est déjà celui d’une ressource moissonnée (${holder.source_record_id ?? '?'}) : l’enregistrement n’est pas publié.`;
}

/**
 * One record published on its own, in the caller's transaction: an update within a group, and every
 * record of the baseline. Never takes over a resource that another record or a publisher's notice made.
 */
async function publishRecord(
  trx: Db,
  source: HarvestSource,
  record: HarvestedRecord,
  fields: NoticeFields,
): Promise<Outcome> {
  const existing = await findHarvestedResource(trx, source.id, record.identifier);
  if (!existing) {
    const holder = await findResourceByIdentifier(trx, fields.identifier);
    if (holder) throw new AppError('CONFLICT', takenMessage(fields.identifier, holder));
  }
  const today = todayInFrance();
  const resourceId = await publishResource(trx, {
    resource: { ...resourceOfNotice(fields, source.producer_code, today), origin: 'harvested' },
    offers: offersOfNotice(fields, source.producer_code, today),
    resourceId: existing?.id ?? null,
  });
  await setResourceSource(trx, resourceId, {
    sourceId: source.id,
    recordId: record.identifier,
    recordUrl: record.recordUrl,
  });
  return existing ? 'updated' : 'created';
}

/** The baseline (recordAtATime): each record in its own transaction, as before grouping. */
async function writeRecordsOneByOne(
  db: Db,
  source: HarvestSource,
  records: readonly HarvestedRecord[],
  counts: RunCounts,
  progress: BatchProgress = {},
): Promise<void> {
  for (const record of records) {
    let outcome: Outcome;
    try {
      outcome = await db.transaction().execute(async (trx): Promise<Outcome> => {
        if (record.deleted) {
          const resource = await findHarvestedResource(trx, source.id, record.identifier);
          if (!resource || resource.withdrawn_at !== null) return 'unchanged';
          await withdrawResource(trx, resource.id);
          return 'deleted';
        }
        if (!record.reading.fields) return unreadable(record);
        const fields = withDefaults(source, record.reading.fields);
        if (!source.needs_review) return publishRecord(trx, source, record, fields);
        await saveSubmissions(trx, [submissionOf(source, record, fields)]);
        return 'created';
      });
    } catch (failure) {
      const refusal = refusalOfRecord(failure);
      if (refusal === undefined) throw failure;
      outcome = { refusal };
    }
    tally(counts, record, outcome);
  }
  await saveProgress(db, source, counts, progress);
}

async function saveProgress(
  db: Db,
  source: HarvestSource,
  counts: RunCounts,
  progress: BatchProgress,
): Promise<void> {
  if (progress.runId !== undefined) await updateRunCounts(db, progress.runId, counts);
  if (progress.resumptionToken !== undefined) {
    await updateSourceProgress(db, source.id, { resumptionToken: progress.resumptionToken });
  }
}

/** Why a record is refused alone: a rule of the catalogue (AppError) or of the database's tables. */
function refusalOfRecord(failure: unknown): string | undefined {
  if (failure instanceof AppError) return failure.message;
  const refusal = refusalOf(failure);
  if (!refusal) return undefined;
  return refusal.code.startsWith('23')
    ? `L’enregistrement contredit une contrainte du catalogue (${refusal.constraint ?? refusal.code}) : il n’est pas publié.`
    : `La base de données refuse l’enregistrement (${refusal.message}) : il n’est pas publié.`;
}

function tally(counts: RunCounts, record: HarvestedRecord, outcome: Outcome): void {
  counts.harvested += 1;
  let advance = true;
  if (typeof outcome === 'string') {
    if (outcome !== 'unchanged') counts[outcome] += 1;
  } else {
    const reasons = 'refusal' in outcome ? [outcome.refusal] : outcome.rejected;
    advance = 'advance' in outcome && outcome.advance;
    counts.rejected += 1;
    if (counts.rejections.length < MAX_LOGGED_REJECTIONS) {
      counts.rejections.push({ identifier: record.identifier, reasons: reasons.slice(0, 20) });
    }
  }
  if (advance && record.datestamp) counts.lastDatestamp = latest([counts.lastDatestamp, record.datestamp]);
}

function describeIssue(issue: NoticeIssue): string {
  return issue.line > 0
    ? `${issue.message} (${issue.path}, ligne ${issue.line})`
    : `${issue.message} (${issue.path})`;
}

/** Dublin Core → the notice fields, then the same schema and vocabulary checks as a JSON notice. */
function fieldsOfDublinCore(record: OaiRecord): RecordReading {
  const dc = record.dc;
  const identifiers = dc.identifier ?? [];
  const url = identifiers.find((value) => /^https?:\/\//.test(value));
  const warnings: NoticeIssue[] = [];
  // Dublin Core types are free text: those the vocabularies know are kept, the others are keywords.
  const types: string[] = [];
  const typeKeywords: string[] = [];
  for (const value of dc.type ?? []) {
    const probe = normalizeVocabularies(
      noticeFieldsSchema.parse({ identifier: 'x', title: 'x', types: [value] }),
    );
    if (probe.errors.length === 0) types.push(value);
    else typeKeywords.push(value);
  }
  const date = (dc.date ?? [])
    .map((value) => value.slice(0, 10))
    .find((value) => /^\d{4}-\d{2}-\d{2}$/.test(value));
  const parsed = noticeFieldsSchema.safeParse({
    identifier: identifiers[0] ?? record.identifier,
    title: dc.title?.[0] ?? '',
    description: (dc.description ?? []).join('\n\n'),
    keywords: [...new Set([...(dc.subject ?? []), ...typeKeywords])].slice(0, 50),
    languages: languagesOf(dc.language ?? []),
    types,
    licence: licenceOf((dc.rights ?? []).join(' ')),
    ...(date ? { updatedOn: date } : {}),
    ...(url ? { demoUrl: url } : {}),
  });
  if (!parsed.success) return { errors: schemaIssues(parsed.error), warnings };
  const normalized = normalizeVocabularies(parsed.data);
  if (normalized.errors.length > 0) return { errors: normalized.errors, warnings: normalized.warnings };
  return { fields: normalized.fields, errors: [], warnings: [...warnings, ...normalized.warnings] };
}
