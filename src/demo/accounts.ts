// Demo accounts, one per role, for the embedded demo (the README lists them) and browser journeys.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Role, RoleGrant } from '../modules/accounts/actor.js';
import { createUserWithPassword } from '../modules/accounts/accounts.service.js';

export interface DemoAccount {
  role: Role;
  email: string;
  displayName: string;
}

interface DemoScope {
  establishmentId: number;
  academyId: number;
  producerId: number;
}

const demoAccounts: { role: Role; local: string; displayName: string; scope: keyof DemoScope | null }[] = [
  { role: 'teacher', local: 'enseignant', displayName: 'Camille Martin', scope: 'establishmentId' },
  { role: 'digital-referent', local: 'referent', displayName: 'Karim Benali', scope: 'establishmentId' },
  { role: 'librarian', local: 'documentaliste', displayName: 'Inès Moreau', scope: 'establishmentId' },
  { role: 'head', local: 'chef', displayName: 'Sophie Laurent', scope: 'establishmentId' },
  { role: 'academy-staff', local: 'academie', displayName: 'Julien Petit', scope: 'academyId' },
  { role: 'national-admin', local: 'national', displayName: 'Claire Dubois', scope: null },
  { role: 'publisher', local: 'editeur', displayName: 'Thomas Leroy', scope: 'producerId' },
  { role: 'expert', local: 'expert', displayName: 'Nadia Garnier', scope: null },
  { role: 'inspector', local: 'inspection', displayName: 'Paul Fontaine', scope: 'academyId' },
];

export const DEMO_EMAIL_DOMAIN = 'demo.ccr.example';

/**
 * Creates (or resets the password of) one account per role: school roles on the given establishment,
 * academy staff and the inspector on the academy, the publisher on the producer; national admin and
 * expert are national. Idempotent. Returns [{role, email, displayName}] for the README and first start.
 */
export async function seedDemoAccounts(
  db: Kysely<Database>,
  options: DemoScope & { password: string },
): Promise<DemoAccount[]> {
  const result: DemoAccount[] = [];
  for (const account of demoAccounts) {
    const grant: RoleGrant = {
      role: account.role,
      establishmentId: account.scope === 'establishmentId' ? options.establishmentId : null,
      academyId: account.scope === 'academyId' ? options.academyId : null,
      producerId: account.scope === 'producerId' ? options.producerId : null,
    };
    const email = `${account.local}@${DEMO_EMAIL_DOMAIN}`;
    await createUserWithPassword(db, {
      email,
      displayName: account.displayName,
      password: options.password,
      grants: [grant],
    });
    result.push({ role: account.role, email, displayName: account.displayName });
  }
  return result;
}
