// The first national administrator of a new service (CLI create-admin): on a production database no
// demo account exists, and every other account is invited from the app by someone who has one.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { audit } from '../notifications/notifications.repository.js';
import { findUserByEmail, insertGrants, insertUser } from './accounts.repository.js';
import { emailSchema } from './accounts.schema.js';
import { newPasswordProblem, type PasswordRules } from './password-rules.js';
import { hashPassword } from './secrets.js';

export const DEFAULT_ADMIN_NAME = 'Administration nationale';

/**
 * Creates a national administrator who can sign in at once. Checks the address and the password with
 * the rules the pages apply (the demo password is refused in production), and refuses an address
 * that already has an account (VALIDATION_FAILED or CONFLICT, French messages).
 */
export async function createNationalAdmin(
  db: Kysely<Database>,
  input: { email: string; displayName?: string; password: string },
  rules: PasswordRules,
): Promise<{ userId: number; email: string }> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new AppError('VALIDATION_FAILED', email.error.issues[0]!.message);
  const problem = newPasswordProblem(input.password, rules);
  if (problem) throw new AppError('VALIDATION_FAILED', problem);
  const displayName = input.displayName?.trim() || DEFAULT_ADMIN_NAME;
  const passwordHash = await hashPassword(input.password);
  const userId = await db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, email.data)) {
      throw new AppError('CONFLICT', `Un compte existe déjà pour l’adresse ${email.data}.`);
    }
    const id = await insertUser(trx, { email: email.data, displayName, passwordHash });
    await insertGrants(trx, id, [
      { role: 'national-admin', establishmentId: null, academyId: null, producerId: null },
    ]);
    await audit(trx, {
      actorUserId: null,
      action: 'user.national-admin-created',
      subjectType: 'user',
      subjectId: id,
      details: { via: 'cli' },
    });
    return id;
  });
  return { userId, email: email.data };
}
