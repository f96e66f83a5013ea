// Establishments with valid UAIs, in a real department (reference data), an academy of the test, or a
// fresh academy.
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.js';
import { createAcademy, createDepartment } from './academy.js';
import { nextUai } from './unique.js';

type Db = Kysely<Database>;

export interface TestEstablishment {
  id: number;
  uai: string;
  name: string;
  academyId: number;
  departmentCode: string;
}

export interface EstablishmentOptions {
  /** An existing department ('13', '2A'): the establishment belongs to its academy. */
  departmentCode?: string;
  /** Or an academy: in its department when given, else in a new department of it. */
  academy?: { id: number; departmentCode?: string };
  // Without either, a fresh academy (and department) is created.
  name?: string;
  type?: 'ecole' | 'college' | 'lgt' | 'lp' | 'lpo' | 'erea';
  sector?: 'public' | 'private-contract';
  pupils?: number;
  network?: string | null;
  /** Postal address and contact for orders (publishers invoice with them); none by default. */
  address?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
}

/** A public collège of 400 pupils unless told otherwise. */
export async function createEstablishment(
  db: Db,
  options: EstablishmentOptions = {},
): Promise<TestEstablishment> {
  let academyId: number;
  let departmentCode: string;
  if (options.departmentCode !== undefined) {
    departmentCode = options.departmentCode;
    const department = await db
      .selectFrom('departments')
      .select('academy_id')
      .where('code', '=', departmentCode)
      .executeTakeFirstOrThrow();
    academyId = department.academy_id;
  } else if (options.academy) {
    academyId = options.academy.id;
    departmentCode = options.academy.departmentCode ?? (await createDepartment(db, academyId));
  } else {
    const academy = await createAcademy(db);
    academyId = academy.id;
    departmentCode = academy.departmentCode;
  }
  const uai = nextUai(departmentCode);
  const name = options.name ?? `Collège ${uai}`;
  const row = await db
    .insertInto('establishments')
    .values({
      uai,
      name,
      type: options.type ?? 'college',
      sector: options.sector ?? 'public',
      pupils: options.pupils ?? 400,
      department_code: departmentCode,
      academy_id: academyId,
      network: options.network ?? null,
      address: options.address ?? null,
      contact_email: options.contactEmail ?? null,
      contact_phone: options.contactPhone ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, uai, name, academyId, departmentCode };
}
