// One harvest of a sitemap source (schema.org LearningResource JSON-LD): the sitemap's pages changed
// since the last run (by lastmod; a page without lastmod is read every time) are fetched a few at a time,
// each page's first LearningResource mapped to the notice fields, and written in batches through the
// same writer as OAI-PMH records (writeHarvestedRecords). A page that answers 404 or 410 is a deletion.
// Once the whole sitemap has been read, the records it no longer lists are deletions too: a sitemap has
// no deleted records, so what left it was removed at the source.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { BoundedHttpOptions } from './bounded-http.js';
import { OaiError } from './harvest-errors.js';
import type { HarvestSource, RunCounts } from './harvest.repository.js';
import { listHarvestedRecordIds } from './sitemap-harvest.repository.js';
import {
  fieldsOfLearningResource,
  SitemapReader,
  type RecordReading,
  type SitemapEntry,
} from './sitemap-source.js';

type Db = Kysely<Database>;

/** Pages fetched at once: polite to the source, enough to hide its latency. */
const CONCURRENT_PAGES = 4;
/** Records per written batch (one transaction). */
const BATCH = 100;

/** One read page, as the shared writer takes it (see HarvestedRecord in harvest.service.ts). */
export interface SitemapRecord {
  identifier: string;
  datestamp: string | null;
  deleted: boolean;
  recordUrl: string | null;
  reading: RecordReading;
}

export interface SitemapHarvestOptions {
  /** Only pages whose lastmod is later (a W3C datetime or a day). */
  from: string | null;
  client?: BoundedHttpOptions;
  signal?: AbortSignal;
  /** Writes a batch and adds its outcome to the counts (writeHarvestedRecords with the run's progress). */
  write: (records: SitemapRecord[]) => Promise<void>;
  onProgress?: (counts: Readonly<RunCounts>, total: number) => void;
}

/** Harvests the sitemap; returns the latest lastmod seen. Throws OaiError when the sitemap cannot be read. */
export async function harvestSitemap(
  db: Db,
  source: HarvestSource,
  counts: RunCounts,
  options: SitemapHarvestOptions,
): Promise<void> {
  const reader = new SitemapReader(source.base_url, {
    ...options.client,
    allowedRedirectHosts: [...source.allowed_redirect_hosts, ...(options.client?.allowedRedirectHosts ?? [])],
  });
  const entries = await reader.entries();
  const since = options.from ? instantOf(options.from) : null;
  const due = entries.filter((entry) => {
    if (!since || !entry.lastmod) return true;
    const changed = instantOf(entry.lastmod);
    return changed === null || changed > since;
  });
  const total = due.length;
  for (let start = 0; start < due.length; start += BATCH) {
    if (options.signal?.aborted) throw new OaiError('network', 'Moissonnage interrompu (arrêt du serveur).');
    const batch = due.slice(start, start + BATCH);
    const records: SitemapRecord[] = [];
    for (let offset = 0; offset < batch.length; offset += CONCURRENT_PAGES) {
      records.push(
        ...(await Promise.all(
          batch.slice(offset, offset + CONCURRENT_PAGES).map((entry) => readPage(reader, entry)),
        )),
      );
    }
    await options.write(records);
    options.onProgress?.(counts, total);
  }
  // Records the sitemap no longer lists were removed at the source.
  const listed = new Set(entries.map((entry) => entry.loc));
  const gone = (await listHarvestedRecordIds(db, source.id)).filter((id) => !listed.has(id));
  for (let start = 0; start < gone.length; start += BATCH) {
    await options.write(
      gone.slice(start, start + BATCH).map((identifier) => ({
        identifier,
        datestamp: null,
        deleted: true,
        recordUrl: null,
        reading: { errors: [], warnings: [] },
      })),
    );
  }
  options.onProgress?.(counts, total);
}

/** A page as a record. Its own failures (unreachable, not JSON-LD) reject it alone. */
async function readPage(reader: SitemapReader, entry: SitemapEntry): Promise<SitemapRecord> {
  const record = { identifier: entry.loc, datestamp: datestampOf(entry.lastmod), recordUrl: entry.loc };
  let page;
  try {
    page = await reader.page(entry.loc);
  } catch (failure) {
    if (!(failure instanceof OaiError)) throw failure;
    return { ...record, deleted: false, reading: refusal(failure.message) };
  }
  if (page.gone) return { ...record, deleted: true, reading: { errors: [], warnings: [] } };
  const [resource] = page.resources;
  if (!resource) {
    return {
      ...record,
      deleted: false,
      reading: refusal(
        'La page ne contient aucune ressource schema.org LearningResource en JSON-LD (<script type="application/ld+json">).',
      ),
    };
  }
  return { ...record, deleted: false, reading: fieldsOfLearningResource(resource, entry.loc) };
}

function refusal(message: string): RecordReading {
  return { errors: [{ path: '/', line: 0, rule: 'sitemap.page', message }], warnings: [] };
}

/** A W3C datetime (a day, or a time with its offset) as milliseconds; null when unreadable. */
function instantOf(value: string): number | null {
  const instant = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(instant) ? null : instant;
}

/** The sitemap's lastmod as a UTC datestamp at the second (comparable as text with the others). */
function datestampOf(lastmod: string | null): string | null {
  const instant = lastmod ? instantOf(lastmod) : null;
  return instant === null ? null : new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
