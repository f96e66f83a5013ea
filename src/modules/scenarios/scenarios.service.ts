// Usage scenarios: teachers write them (steps that each link a resource of the catalogue with an
// instruction), everyone searches and reads them, each product page lists those that link it, and a
// teacher copies one to adapt it: the copy is hers and says where it comes from ("adapté de … par …").
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { dayInFrance } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../accounts/actor.js';
import { disciplines, labelOf, levels } from '../catalogue/vocabulary.js';
import { audit } from '../notifications/notifications.repository.js';
import {
  authorizeEditScenario,
  authorizeWriteScenarios,
  canEditScenario,
  canWriteScenarios,
} from './scenarios.policy.js';
import {
  findResources,
  findScenario,
  findSteps,
  insertScenario,
  replaceSteps,
  scenariosOfResourceRows,
  searchScenarioRows,
  updateScenarioRow,
  type ScenarioRow,
} from './scenarios.repository.js';
import type { ScenarioInput, ScenarioSearch } from './scenarios.schema.js';

type Db = Kysely<Database>;

export const SCENARIOS_PAGE_SIZE = 20;

/** A scenario as lists show it. */
export interface ScenarioSummary {
  id: number;
  url: string;
  title: string;
  author: string;
  level: { code: string; label: string };
  discipline: { code: string; label: string };
  durationMinutes: number;
  /** The scenario it was copied from, to credit it. */
  adaptedFrom: { id: number; url: string; title: string; author: string } | null;
  updatedOn: string;
}

export interface ScenarioView extends ScenarioSummary {
  objectives: string;
  steps: {
    position: number;
    resource: { id: number; title: string; url: string; withdrawn: boolean };
    instruction: string;
  }[];
  can: { edit: boolean; copy: boolean };
}

function summaryOf(row: ScenarioRow): ScenarioSummary {
  return {
    id: row.id,
    url: `/scenarios/${row.id}`,
    title: row.title,
    author: row.author,
    level: { code: row.level, label: labelOf(levels, row.level) },
    discipline: { code: row.discipline, label: labelOf(disciplines, row.discipline) },
    durationMinutes: row.duration_minutes,
    adaptedFrom:
      row.adapted_from !== null && row.original_title !== null
        ? {
            id: row.adapted_from,
            url: `/scenarios/${row.adapted_from}`,
            title: row.original_title,
            author: row.original_author ?? '',
          }
        : null,
    updatedOn: dayInFrance(new Date(row.updated_at)),
  };
}

/** Every step's resource exists and is still in the catalogue (a withdrawn one stays in old scenarios). */
async function checkSteps(db: Db, input: ScenarioInput, kept: ReadonlySet<number> = new Set()) {
  const ids = [...new Set(input.steps.map((step) => step.resource))];
  const found = new Map((await findResources(db, ids)).map((row) => [row.id, row]));
  const issues: { field: string; message: string }[] = [];
  input.steps.forEach((step, index) => {
    const resource = found.get(step.resource);
    if (!resource) {
      issues.push({
        field: `steps.${index}.resource`,
        message: `Étape ${index + 1} : la ressource n° ${step.resource} n’existe pas dans le catalogue.`,
      });
    } else if (resource.withdrawn_at !== null && !kept.has(resource.id)) {
      issues.push({
        field: `steps.${index}.resource`,
        message: `Étape ${index + 1} : « ${resource.title} » a été retirée du catalogue.`,
      });
    }
  });
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', issues[0]!.message, { issues });
  }
}

const stepValues = (input: ScenarioInput) =>
  input.steps.map((step) => ({ resourceId: step.resource, instruction: step.instruction }));

export async function createScenario(db: Db, actor: Actor, input: ScenarioInput): Promise<number> {
  authorizeWriteScenarios(actor);
  await checkSteps(db, input);
  return db.transaction().execute(async (trx) => {
    const id = await insertScenario(trx, actor.userId, input, null);
    await replaceSteps(trx, id, stepValues(input));
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'scenario.created',
      subjectType: 'scenario',
      subjectId: id,
    });
    return id;
  });
}

async function loadScenario(db: Db, id: number): Promise<ScenarioRow> {
  const row = await findScenario(db, id);
  if (!row) throw new AppError('NOT_FOUND', `Le scénario n° ${id} n’existe pas.`);
  return row;
}

/** The author edits her scenario; its steps are replaced by the ones given. */
export async function updateScenario(db: Db, actor: Actor, id: number, input: ScenarioInput): Promise<void> {
  const row = await loadScenario(db, id);
  authorizeEditScenario(actor, row.author_id);
  const current = new Set((await findSteps(db, id)).map((step) => step.resource_id));
  await checkSteps(db, input, current);
  await db.transaction().execute(async (trx) => {
    await updateScenarioRow(trx, id, input);
    await replaceSteps(trx, id, stepValues(input));
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'scenario.updated',
      subjectType: 'scenario',
      subjectId: id,
    });
  });
}

/** A teacher copies a scenario to adapt it: the copy is hers, credits the original, and is edited next. */
export async function copyScenario(db: Db, actor: Actor, id: number): Promise<number> {
  authorizeWriteScenarios(actor);
  const row = await loadScenario(db, id);
  const steps = await findSteps(db, id);
  return db.transaction().execute(async (trx) => {
    const copy = await insertScenario(
      trx,
      actor.userId,
      {
        title: row.title,
        objectives: row.objectives,
        level: row.level,
        discipline: row.discipline,
        durationMinutes: row.duration_minutes,
      },
      row.id,
    );
    await replaceSteps(
      trx,
      copy,
      steps.map((step) => ({ resourceId: step.resource_id, instruction: step.instruction })),
    );
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'scenario.copied',
      subjectType: 'scenario',
      subjectId: copy,
      details: { from: row.id },
    });
    return copy;
  });
}

export async function getScenario(db: Db, actor: Actor | undefined, id: number): Promise<ScenarioView> {
  const row = await loadScenario(db, id);
  const steps = await findSteps(db, id);
  return {
    ...summaryOf(row),
    objectives: row.objectives,
    steps: steps.map((step) => ({
      position: step.position,
      resource: {
        id: step.resource_id,
        title: step.title,
        url: `/ressources/${step.resource_id}`,
        withdrawn: step.withdrawn_at !== null,
      },
      instruction: step.instruction,
    })),
    can: { edit: canEditScenario(actor, row.author_id), copy: canWriteScenarios(actor) },
  };
}

/** The scenario's values as its edit form starts from; only for its author. */
export async function getScenarioForEdit(db: Db, actor: Actor, id: number): Promise<ScenarioView> {
  const view = await getScenario(db, actor, id);
  authorizeEditScenario(actor, (await loadScenario(db, id)).author_id);
  return view;
}

export interface ScenarioSearchResult {
  items: ScenarioSummary[];
  total: number;
  page: number;
  pageCount: number;
}

export async function searchScenarios(db: Db, search: ScenarioSearch): Promise<ScenarioSearchResult> {
  // A cycle or a track finds the scenarios of its classes too.
  const levelSet = search.level
    ? [search.level, ...levels.filter((level) => level.parent === search.level).map((level) => level.code)]
    : null;
  const { rows, total } = await searchScenarioRows(
    db,
    { q: search.q, levels: levelSet, discipline: search.discipline ?? null },
    { limit: SCENARIOS_PAGE_SIZE, offset: (search.page - 1) * SCENARIOS_PAGE_SIZE },
  );
  return {
    items: rows.map(summaryOf),
    total,
    page: search.page,
    pageCount: Math.max(1, Math.ceil(total / SCENARIOS_PAGE_SIZE)),
  };
}

/** The scenarios that link a resource, for its product page (the newest ten). */
export async function scenariosOfResource(db: Db, resourceId: number): Promise<ScenarioSummary[]> {
  return (await scenariosOfResourceRows(db, resourceId, 10)).map(summaryOf);
}

/** Titles of resources by id, for the form's steps (unknown ids are left out). */
export async function resourceTitles(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await findResources(
    db,
    ids.filter((id) => Number.isSafeInteger(id) && id > 0 && id < 2 ** 31),
  );
  return new Map(rows.map((row) => [row.id, row.title]));
}
