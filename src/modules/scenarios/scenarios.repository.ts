// Queries of scenarios and their steps. No rules here; each function takes the handle first (db or trx).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface StepValues {
  resourceId: number;
  instruction: string;
}

export interface ScenarioValues {
  title: string;
  objectives: string;
  level: string;
  discipline: string;
  durationMinutes: number;
}

const columns = (values: ScenarioValues) => ({
  title: values.title,
  objectives: values.objectives,
  level: values.level,
  discipline: values.discipline,
  duration_minutes: values.durationMinutes,
});

export async function insertScenario(
  trx: Db,
  authorId: number,
  values: ScenarioValues,
  adaptedFrom: number | null,
): Promise<number> {
  const row = await trx
    .insertInto('scenarios')
    .values({ author_id: authorId, adapted_from: adaptedFrom, ...columns(values) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateScenarioRow(trx: Db, id: number, values: ScenarioValues): Promise<void> {
  await trx
    .updateTable('scenarios')
    .set({ ...columns(values), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Replaces the steps, numbered from 1 in the order given. */
export async function replaceSteps(trx: Db, scenarioId: number, steps: readonly StepValues[]): Promise<void> {
  await trx.deleteFrom('scenario_steps').where('scenario_id', '=', scenarioId).execute();
  if (steps.length === 0) return;
  await trx
    .insertInto('scenario_steps')
    .values(
      steps.map((step, index) => ({
        scenario_id: scenarioId,
        position: index + 1,
        resource_id: step.resourceId,
        instruction: step.instruction,
      })),
    )
    .execute();
}

/** The resources among `ids` that exist, with whether they were withdrawn. */
export async function findResources(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('resources')
    .select(['id', 'title', 'withdrawn_at'])
    .where('id', 'in', [...ids])
    .execute();
}

function scenarioRows(db: Db) {
  return db
    .selectFrom('scenarios as s')
    .innerJoin('users as u', 'u.id', 's.author_id')
    .leftJoin('scenarios as o', 'o.id', 's.adapted_from')
    .leftJoin('users as ou', 'ou.id', 'o.author_id')
    .select([
      's.id',
      's.author_id',
      'u.display_name as author',
      's.title',
      's.objectives',
      's.level',
      's.discipline',
      's.duration_minutes',
      's.adapted_from',
      'o.title as original_title',
      'ou.display_name as original_author',
      's.created_at',
      's.updated_at',
    ]);
}
export type ScenarioRow = Awaited<ReturnType<ReturnType<typeof scenarioRows>['execute']>>[number];

export async function findScenario(db: Db, id: number): Promise<ScenarioRow | undefined> {
  return scenarioRows(db).where('s.id', '=', id).executeTakeFirst();
}

export async function findSteps(db: Db, scenarioId: number) {
  return db
    .selectFrom('scenario_steps as st')
    .innerJoin('resources as r', 'r.id', 'st.resource_id')
    .select(['st.position', 'st.resource_id', 'r.title', 'st.instruction', 'r.withdrawn_at'])
    .where('st.scenario_id', '=', scenarioId)
    .orderBy('st.position')
    .execute();
}

/** Escapes ILIKE's wildcards so a typed % or _ matches itself. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/**
 * Scenarios matching words (French full text over title and objectives, or the words as a part of the
 * title), a set of levels and a discipline; newest first, one page and the total.
 */
export async function searchScenarioRows(
  db: Db,
  filter: { q: string; levels: readonly string[] | null; discipline: string | null },
  page: { limit: number; offset: number },
): Promise<{ rows: ScenarioRow[]; total: number }> {
  let query = scenarioRows(db);
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([
        eb(
          sql`to_tsvector('french_unaccent', s.title || ' ' || s.objectives)`,
          '@@',
          sql`plainto_tsquery('french_unaccent', ${q})`,
        ),
        eb('s.title', 'ilike', likePattern(q)),
      ]),
    );
  }
  if (filter.levels) query = query.where('s.level', 'in', [...filter.levels]);
  if (filter.discipline) query = query.where('s.discipline', '=', filter.discipline);
  const [rows, count] = await Promise.all([
    query
      .orderBy('s.created_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/** Scenarios with a step linking the resource, newest first. */
export async function scenariosOfResourceRows(db: Db, resourceId: number, limit: number) {
  return scenarioRows(db)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('scenario_steps as st')
          .select('st.scenario_id')
          .whereRef('st.scenario_id', '=', 's.id')
          .where('st.resource_id', '=', resourceId),
      ),
    )
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
    .execute();
}
