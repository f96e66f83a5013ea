// What makes a new password acceptable, in one place for the pages, the API and the CLI: the length
// rules of accounts.schema.ts, and, in production, never the demo accounts' password, which the README
// publishes (a database seeded for a demo and later put in service would otherwise open to anyone).
import { newPasswordSchema } from './accounts.schema.js';

/** Password of every demo account (the README lists the accounts); refused in production. */
export const DEMO_PASSWORD = 'demo-catalogue-2026';

export const DEMO_PASSWORD_REFUSED_AT_SIGN_IN =
  'Le mot de passe des comptes de démonstration est refusé sur ce service. Choisissez-en un nouveau avec « Mot de passe oublié ? ».';

export const DEMO_PASSWORD_REFUSED =
  'Ce mot de passe est celui des comptes de démonstration, publié dans la documentation : choisissez-en un autre.';

export interface PasswordRules {
  /** NODE_ENV=production (see config.ts and the app context). */
  readonly production: boolean;
}

export function isRefusedDemoPassword(password: string, rules: PasswordRules): boolean {
  return rules.production && password === DEMO_PASSWORD;
}

/** The first problem with a password someone chooses, in French, or undefined when it is acceptable. */
export function newPasswordProblem(password: string, rules: PasswordRules): string | undefined {
  const parsed = newPasswordSchema.safeParse(password);
  if (!parsed.success) return parsed.error.issues[0]!.message;
  if (isRefusedDemoPassword(password, rules)) return DEMO_PASSWORD_REFUSED;
  return undefined;
}
