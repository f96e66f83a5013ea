// Request and reply schemas of the accounts module, with French messages shown next to the field.
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { roles } from './actor.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './secrets.js';

export const emailSchema = z
  .string({ error: 'Indiquez votre adresse électronique.' })
  .trim()
  .toLowerCase()
  .max(254, { error: 'Cette adresse électronique est trop longue.' })
  .pipe(z.email({ error: 'Indiquez une adresse électronique valide, par exemple nom@exemple.fr.' }));

export const signInSchema = z.strictObject({
  email: emailSchema,
  password: z
    .string({ error: 'Indiquez votre mot de passe.' })
    .min(1, { error: 'Indiquez votre mot de passe.' })
    .max(1000, { error: 'Ce mot de passe est trop long.' }),
});

/** A refused sign-in body: the first message, and the first message per field in details. */
export function signInValidationError(error: z.ZodError): AppError {
  return new AppError('VALIDATION_FAILED', error.issues[0]!.message, fieldErrors(error));
}

const scope = <K extends 'uai' | 'code'>(codeKey: K) =>
  z.object({ id: z.int(), [codeKey]: z.string(), name: z.string() } as {
    id: z.ZodInt;
    name: z.ZodString;
  } & Record<K, z.ZodString>);

/** accounts.presenter.ts presentProfile, plus the session's CSRF token (POST /api/session, GET /api/me). */
export const profileSchema = z
  .object({
    user: z.object({ id: z.int(), email: z.string().meta({ format: 'email' }), displayName: z.string() }),
    roles: z
      .array(
        z.object({
          role: z.enum(roles),
          label: z.string().describe('French name of the role.'),
          establishment: scope('uai').optional(),
          academy: scope('code').optional(),
          producer: scope('code').optional(),
        }),
      )
      .describe(
        'Each role with where it applies: an establishment, an academy, a producer, or nationally (none).',
      ),
    csrfToken: z
      .string()
      .describe('Send it as the x-csrf-token header on every write made with this session.'),
  })
  .meta({ id: 'Profile' });

export const newPasswordSchema = z
  .string({ error: 'Choisissez un mot de passe.' })
  .min(PASSWORD_MIN_LENGTH, {
    error: `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`,
  })
  .max(PASSWORD_MAX_LENGTH, {
    error: `Le mot de passe doit contenir au plus ${PASSWORD_MAX_LENGTH} caractères.`,
  });

export const choosePasswordSchema = z
  .strictObject({
    password: newPasswordSchema,
    confirmation: z.string({ error: 'Confirmez le mot de passe.' }),
  })
  .refine((value) => value.password === value.confirmation, {
    error: 'Les deux mots de passe ne sont pas identiques.',
    path: ['confirmation'],
  });

export const forgotPasswordSchema = z.strictObject({ email: emailSchema });

/** Email tokens are 43 URL-safe characters; anything else is not worth a database query. */
export const tokenParamSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

/** A path parameter: digits only (a URL carries text), then a safe integer. */
export const notificationIdSchema = z.object({
  id: z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number)
    .pipe(z.int().positive()),
});

export const roleGrantSchema = z.strictObject({
  role: z.enum(roles),
  establishmentId: z.number().int().positive().nullable(),
  academyId: z.number().int().positive().nullable(),
  producerId: z.number().int().positive().nullable(),
});

/** Where to go after signing in: a local path only, never another site (open redirect). */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string') return '/mon-compte';
  if (!/^\/(?![/\\])[^\s]*$/.test(value) || value.length > 500) return '/mon-compte';
  return value;
}

/** First message per field, for forms. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const result: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_');
    result[key] ??= issue.message;
  }
  return result;
}
