// The harvester: registers remote OAI-PMH sources and harvests them into the catalogue.
//
// A run is logged when it starts and completed when it ends. It asks Identify for the source's
// granularity, then ListRecords from the last datestamp (or resumes from the last good token of a run
// that failed), following resumption tokens. Each record becomes a resource through the same rules as a
// publisher's notice (ScoLOMfr/LOM through readNotice: structure and vocabularies; Dublin Core mapped to
// the notice fields, then the vocabulary check), the source's defaults filling licence and cost, in its
// own transaction: a rejected record is logged with its reasons and never stops the others. A deleted
// record withdraws its resource. A source that needs review sends its records to the experts as notices.
// A run that fails keeps the records it finished, says why, and the next run resumes from there.
import type { Kysely } from 'kysely';
import type { Database, HarvestRejection } from '../../db/schema.js';
import { todayInFrance } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { publishResource, withdrawResource } from '../catalogue/resource-publication.js';
import { licences } from '../catalogue/vocabulary.js';
import {
  noticeFieldsSchema,
  normalizeVocabularies,
  schemaIssues,
  type NoticeFields,
} from '../notices/notice-fields.js';
import { offersOfNotice, resourceOfNotice } from '../notices/notice-review.service.js';
import { saveSubmission } from '../notices/notices.repository.js';
import type { NoticeIssue } from '../notices/scolomfr-document.js';
import { languagesOf, licenceOf, readNotice } from '../notices/scolomfr-notice.js';
import {
  completeRun,
  findHarvestedResource,
  findResourceByIdentifier,
  findProducerByCode,
  findSourceById,
  findSourceByName,
  findSourceByUrl,
  insertRun,
  insertSource,
  pendingDatestamps,
  setResourceSource,
  updateRunCounts,
  updateSourceProgress,
  type HarvestSource,
  type RunCounts,
} from './harvest.repository.js';
import { OaiClient, OaiError, type OaiClientOptions, type OaiPage, type OaiRecord } from './oai-client.js';

type Db = Kysely<Database>;

export type HarvestPrefix = 'scolomfr' | 'lom' | 'oai_dc';

export interface SourceRegistration {
  name?: string;
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
      'L’adresse de base d’une source OAI-PMH commence par http(s)://.',
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
  /** Called after each page with the counts so far. */
  onProgress?: (counts: Readonly<RunCounts>, completeListSize: number | null) => void;
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

/** Runs one harvest of a source. Never throws on the source's faults: the summary and the log say them. */
export async function runHarvest(
  db: Db,
  sourceId: number,
  options: HarvestOptions = {},
): Promise<HarvestSummary> {
  const started = performance.now();
  const source = await findSourceById(db, sourceId);
  if (!source) throw new AppError('NOT_FOUND', 'Cette source de moissonnage n’existe pas.');
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
  try {
    const identify = await client.identify();
    await updateSourceProgress(db, source.id, { granularity: identify.granularity });
    from = from ? atGranularity(from, identify.granularity) : null;
    // Resume from the last good token of a failed run, unless asked for a date.
    let token = options.from === undefined ? source.resumption_token : null;
    const seen = new Set<string>();
    for (;;) {
      let page: OaiPage;
      if (token) {
        try {
          page = await client.listRecords({ resumptionToken: token });
        } catch (failure) {
          // A stored token from an earlier run may have expired: start again from the datestamp.
          if (failure instanceof OaiError && failure.oaiCode === 'badResumptionToken' && seen.size === 0) {
            token = null;
            await updateSourceProgress(db, source.id, { resumptionToken: null });
            continue;
          }
          throw failure;
        }
      } else {
        page = await client.listRecords({ metadataPrefix: source.prefix, set: source.set_spec, from });
      }
      for (const record of page.records) {
        await harvestRecord(db, source, client, record, counts);
      }
      await updateRunCounts(db, runId, counts);
      options.onProgress?.(counts, page.completeListSize);
      if (!page.token) break;
      if (seen.has(page.token) || page.token === token) {
        throw new OaiError(
          'token-loop',
          `La source renvoie le même jeton de reprise (« ${page.token.slice(0, 100)} ») : moissonnage arrêté pour ne pas boucler.`,
        );
      }
      seen.add(page.token);
      token = page.token;
      // The page is done: a failure later resumes here.
      await updateSourceProgress(db, source.id, { resumptionToken: token });
    }
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
    status = 'failed';
    error = failure instanceof OaiError || failure instanceof AppError ? failure.message : String(failure);
    if (!(failure instanceof OaiError)) error = `Erreur interne pendant le moissonnage : ${error}`;
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

/** The latest of datestamps (ISO strings of one granularity compare as text). */
function latest(values: readonly (string | null)[]): string | null {
  return values.reduce<string | null>((max, value) => (value && (!max || value > max) ? value : max), null);
}

/** A datestamp at the source's granularity: a day source gets the day only. */
function atGranularity(datestamp: string, granularity: string): string {
  if (granularity === 'YYYY-MM-DD') return datestamp.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(datestamp) ? `${datestamp}T00:00:00Z` : datestamp;
}

/** One record, in its own transaction; a rejection is counted and logged, never thrown. */
async function harvestRecord(
  db: Db,
  source: HarvestSource,
  client: OaiClient,
  record: OaiRecord,
  counts: RunCounts,
): Promise<void> {
  counts.harvested += 1;
  const reject = (reasons: string[]) => {
    counts.rejected += 1;
    if (counts.rejections.length < MAX_LOGGED_REJECTIONS) {
      counts.rejections.push({ identifier: record.identifier, reasons: reasons.slice(0, 20) });
    }
  };
  try {
    if (record.deleted) {
      await db.transaction().execute(async (trx) => {
        const resource = await findHarvestedResource(trx, source.id, record.identifier);
        if (resource && resource.withdrawn_at === null) {
          await withdrawResource(trx, resource.id);
          counts.deleted += 1;
        }
      });
    } else {
      const reading = fieldsOfRecord(source, record);
      if (!reading.fields) {
        reject(reading.errors.map(describeIssue));
      } else {
        const fields: NoticeFields = {
          ...reading.fields,
          licence: reading.fields.licence ?? source.default_licence,
          cost: reading.fields.cost ?? source.default_cost,
        };
        if (source.needs_review) {
          // The experts review it first, as any publisher's notice (saveSubmission is its own transaction).
          await saveSubmission(db, {
            producerId: source.producer_id,
            fields,
            source: record.xml ?? JSON.stringify(record.dc),
            sourceFormat: record.xml && source.prefix !== 'oai_dc' ? 'scolomfr' : 'json',
            warnings: reading.warnings,
          });
          counts.created += 1;
        } else {
          await db.transaction().execute(async (trx) => {
            const existing = await findHarvestedResource(trx, source.id, record.identifier);
            if (!existing) {
              // Never take over a resource that another record or a publisher's notice made.
              const holder = await findResourceByIdentifier(trx, fields.identifier);
              if (holder) {
                throw new AppError(
                  'CONFLICT',
                  holder.source_id === null
                    ? `L’identifiant « ${fields.identifier} » est déjà celui d’une ressource déposée par son producteur : l’enregistrement n’est pas publié.`
                    : `L’identifiant « ${fields.identifier} » est déjà celui d’une ressource moissonnée (${holder.source_record_id ?? '?'}) : l’enregistrement n’est pas publié.`,
                );
              }
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
              recordUrl: client.recordUrl(record.identifier, source.prefix),
            });
            if (existing) counts.updated += 1;
            else counts.created += 1;
          });
        }
      }
    }
    if (record.datestamp) counts.lastDatestamp = latest([counts.lastDatestamp, record.datestamp]);
  } catch (failure) {
    if (failure instanceof AppError) return reject([failure.message]);
    // A constraint of the catalogue (SQLSTATE class 23) refuses this record alone.
    const { code, constraint } = failure as { code?: unknown; constraint?: unknown };
    if (typeof code === 'string' && code.startsWith('23')) {
      return reject([
        `L’enregistrement contredit une contrainte du catalogue (${typeof constraint === 'string' ? constraint : code}) : il n’est pas publié.`,
      ]);
    }
    throw failure;
  }
}

function describeIssue(issue: NoticeIssue): string {
  return issue.line > 0
    ? `${issue.message} (${issue.path}, ligne ${issue.line})`
    : `${issue.message} (${issue.path})`;
}

interface RecordReading {
  fields?: NoticeFields;
  errors: NoticeIssue[];
  warnings: NoticeIssue[];
}

function fieldsOfRecord(source: HarvestSource, record: OaiRecord): RecordReading {
  if (!record.xml) {
    return {
      errors: [
        {
          path: '/record',
          line: 0,
          rule: 'oai.metadata',
          message: 'L’enregistrement n’a pas de métadonnées.',
        },
      ],
      warnings: [],
    };
  }
  if (source.prefix !== 'oai_dc') return readNotice(record.xml);
  return fieldsOfDublinCore(record);
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
