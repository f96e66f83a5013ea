// Invitation and password-reset links: how long each lives, and whether a stored token may be used.
export type AuthTokenPurpose = 'invitation' | 'password-reset';

export const TOKEN_LIFETIME_MS: Record<AuthTokenPurpose, number> = {
  invitation: 7 * 24 * 60 * 60 * 1000,
  'password-reset': 60 * 60 * 1000,
};

export type TokenState = 'valid' | 'unknown' | 'expired' | 'used';

export function tokenExpiry(purpose: AuthTokenPurpose, now: Date): Date {
  return new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]);
}

/** A token is single use: once used it stays used, even before it expires. */
export function tokenState(
  row: { expires_at: Date; used_at: Date | null } | undefined,
  now: Date,
): TokenState {
  if (!row) return 'unknown';
  if (row.used_at !== null) return 'used';
  if (row.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

export const tokenStateMessages: Record<Exclude<TokenState, 'valid'>, string> = {
  unknown: 'Ce lien n’est pas valide. Vérifiez qu’il a été copié en entier.',
  expired: 'Ce lien a expiré. Demandez-en un nouveau.',
  used: 'Ce lien a déjà été utilisé. Connectez-vous, ou demandez un nouveau lien.',
};
