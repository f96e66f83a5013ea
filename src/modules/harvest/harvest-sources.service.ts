// The national administration's harvest sources: list them with their last run and next run, read one
// with its run log, register one from the form, and ask for a harvest now. Asking never runs a
// harvest in the request: it marks the source, and the scheduler (harvest-scheduler.ts, on whichever
// node holds its lock) runs it at its next tick; this node's scheduler is woken at once.
import type { Kysely } from 'kysely';
import type { Database, HarvestRejection } from '../../db/schema.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { licences } from '../catalogue/vocabulary.js';
import { registerSource } from './harvest.service.js';
import { canManageHarvest } from './harvest.policy.js';
import { sourceFormSchema, type SourceFormInput } from './harvest.schema.js';
import { describeStoredSchedule, firstRunAt, parseSchedule } from './harvest-schedule.js';
import {
  listProducerChoices,
  listRecentRuns,
  listSourceOverviews,
  requestRun,
  setNextRunAt,
  type SourceOverviewRow,
} from './harvest-schedule.repository.js';
import { findProducerByCode, findSourceByName } from './harvest.repository.js';
import { wakeHarvestSchedulers } from './harvest-scheduler.js';

type Db = Kysely<Database>;

/** How many runs a source's page lists (newest first). */
export const RUNS_SHOWN = 30;

export type RunStatus = 'running' | 'succeeded' | 'failed';

export interface RunView {
  id: number;
  status: RunStatus;
  startedAt: Date;
  endedAt: Date | null;
  harvested: number;
  created: number;
  updated: number;
  deleted: number;
  rejected: number;
  error: string | null;
}

export interface SourceView {
  id: number;
  name: string;
  baseUrl: string;
  /** The format read: an OAI-PMH metadata prefix, or "sitemap schema.org". */
  prefix: string;
  set: string | null;
  producerCode: string;
  producerName: string;
  defaultLicence: string;
  defaultLicenceLabel: string;
  defaultCost: 'yes' | 'no';
  needsReview: boolean;
  allowedRedirectHosts: string[];
  /** The schedule in French words. */
  schedule: string;
  lastDatestamp: string | null;
  createdAt: Date;
  /** When the scheduler next runs it on its own (null: on demand only). */
  nextRunAt: Date | null;
  /** "Moissonner maintenant" was pressed and the harvest has not started yet. */
  requestedAt: Date | null;
  lastRun: RunView | null;
}

export interface RunLogEntry extends RunView {
  fromDatestamp: string | null;
  lastDatestamp: string | null;
  rejections: HarvestRejection[];
}

function sourceView(row: SourceOverviewRow): SourceView {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.base_url,
    prefix: row.kind === 'sitemap' ? 'sitemap schema.org' : row.prefix,
    set: row.set_spec,
    producerCode: row.producer_code,
    producerName: row.producer_name,
    defaultLicence: row.default_licence,
    defaultLicenceLabel:
      licences.find((licence) => licence.code === row.default_licence)?.label ?? row.default_licence,
    defaultCost: row.default_cost,
    needsReview: row.needs_review,
    allowedRedirectHosts: row.allowed_redirect_hosts,
    schedule: describeStoredSchedule(row.schedule),
    lastDatestamp: row.last_datestamp,
    createdAt: row.created_at,
    nextRunAt: row.next_run_at,
    requestedAt: row.run_requested_at,
    lastRun:
      row.run_id === null
        ? null
        : {
            id: row.run_id,
            status: row.run_status!,
            startedAt: row.run_started_at!,
            endedAt: row.run_ended_at,
            harvested: row.run_harvested!,
            created: row.run_created!,
            updated: row.run_updated!,
            deleted: row.run_deleted!,
            rejected: row.run_rejected!,
            error: row.run_error,
          },
  };
}

export async function listHarvestSources(db: Db, actor: Actor): Promise<SourceView[]> {
  authorize(canManageHarvest(actor));
  return (await listSourceOverviews(db)).map(sourceView);
}

export async function getHarvestSource(
  db: Db,
  actor: Actor,
  sourceId: number,
): Promise<{ source: SourceView; runs: RunLogEntry[] }> {
  authorize(canManageHarvest(actor));
  const [row] = await listSourceOverviews(db, sourceId);
  if (!row) throw new AppError('NOT_FOUND', 'Cette source de moissonnage n’existe pas.');
  const runs = await listRecentRuns(db, sourceId, RUNS_SHOWN);
  return {
    source: sourceView(row),
    runs: runs.map((run) => ({
      id: run.id,
      status: run.status,
      startedAt: run.started_at,
      endedAt: run.ended_at,
      harvested: run.harvested,
      created: run.created,
      updated: run.updated,
      deleted: run.deleted,
      rejected: run.rejected,
      error: run.error,
      fromDatestamp: run.from_datestamp,
      lastDatestamp: run.last_datestamp,
      rejections: run.rejections,
    })),
  };
}

/** What the registration form offers: the producers (code and name) and the licences. */
export async function registrationChoices(db: Db, actor: Actor) {
  authorize(canManageHarvest(actor));
  return {
    producers: await listProducerChoices(db),
    licences: licences.map((licence) => ({ code: licence.code, label: licence.label })),
  };
}

function refusal(
  path: string,
  message: string,
  code: 'VALIDATION_FAILED' | 'CONFLICT' = 'VALIDATION_FAILED',
) {
  return new AppError(code, message, { issues: [{ path, message }] });
}

/**
 * Registers a source from the form. Refusals carry issues whose path names the form field at fault,
 * and nothing is written. A scheduled source gets its first run time.
 */
export async function registerHarvestSource(
  db: Db,
  actor: Actor,
  input: SourceFormInput,
): Promise<{ id: number; name: string }> {
  authorize(canManageHarvest(actor));
  const parsed = sourceFormSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.join('.') || 'kind',
      message: issue.message,
    }));
    throw new AppError('VALIDATION_FAILED', issues[0]?.message ?? 'Formulaire invalide.', { issues });
  }
  const form = parsed.data;
  if (!(await findProducerByCode(db, form.producer))) {
    throw refusal(
      'producer',
      `Le producteur « ${form.producer.slice(0, 60)} » n’existe pas : choisissez-en un de la liste.`,
    );
  }
  if (form.name !== undefined && (await findSourceByName(db, form.name))) {
    throw refusal(
      'name',
      `Une source s’appelle déjà « ${form.name} » : choisissez un autre nom.`,
      'CONFLICT',
    );
  }
  let source;
  try {
    source = await registerSource(db, {
      ...(form.name !== undefined ? { name: form.name } : {}),
      kind: form.kind === 'sitemap' ? 'sitemap' : 'oai',
      baseUrl: form.baseUrl,
      prefix: form.prefix,
      set: form.set,
      schedule: form.schedule,
      producerCode: form.producer,
      defaultLicence: form.licence,
      defaultCost: form.cost,
      needsReview: form.review,
      allowedRedirectHosts: form.redirectHosts,
    });
  } catch (error) {
    // The name made from the address is taken (another set or format of the same repository).
    if (error instanceof AppError && error.code === 'CONFLICT') {
      throw refusal('name', `${error.message} Donnez un nom à cette source.`, 'CONFLICT');
    }
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED')
      throw refusal('baseUrl', error.message);
    throw error;
  }
  const schedule = parseSchedule(form.schedule);
  const first = firstRunAt(schedule.ok ? schedule.schedule : null, clock.now());
  if (first) await setNextRunAt(db, source.id, first);
  if (first && first.getTime() <= clock.now().getTime()) wakeHarvestSchedulers();
  return { id: source.id, name: source.name };
}

/** "Moissonner maintenant": marks the source due; the scheduler runs it (never this request). */
export async function requestHarvest(db: Db, actor: Actor, sourceId: number): Promise<void> {
  authorize(canManageHarvest(actor));
  if (!(await requestRun(db, sourceId, clock.now()))) {
    throw new AppError('NOT_FOUND', 'Cette source de moissonnage n’existe pas.');
  }
  wakeHarvestSchedulers();
}
