// Academies: a fresh one with its own department, or the id of a real one (reference data).
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.js';
import { unique } from './unique.js';

type Db = Kysely<Database>;

export interface TestAcademy {
  id: number;
  code: string;
  name: string;
  /** The department created with it: establishments of this academy go there. */
  departmentCode: string;
}

/** A new academy with one department of its own. */
export async function createAcademy(db: Db, options: { name?: string } = {}): Promise<TestAcademy> {
  const code = `T${unique()}`;
  const name = options.name ?? `Académie test ${code}`;
  const academy = await db
    .insertInto('academies')
    .values({ code, name })
    .returning('id')
    .executeTakeFirstOrThrow();
  const departmentCode = await createDepartment(db, academy.id);
  return { id: academy.id, code, name, departmentCode };
}

/** A new department of an existing academy: returns its code. */
export async function createDepartment(db: Db, academyId: number): Promise<string> {
  const code = `D${unique()}`;
  await db
    .insertInto('departments')
    .values({ code, name: `Département ${code}`, academy_id: academyId })
    .execute();
  return code;
}

/** The id of an academy by its code ('aix-marseille'), once reference data is loaded. */
export async function academyIdOf(db: Db, code: string): Promise<number> {
  const row = await db
    .selectFrom('academies')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.id;
}
