// Request and reply schemas of reviews and appraisals (zod): they validate the API's requests and the
// page forms (through parseReviewInput…), type the handlers and make the OpenAPI document.
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { disciplines, levels } from '../catalogue/vocabulary.js';
import { REPORT_REASON_MAX_LENGTH, reviewTextProblem } from './review-text.js';

export const APPRAISAL_FIELD_MAX_LENGTH = 4000;
export const REPLY_MAX_LENGTH = 3000;
export const MODERATION_REASON_MAX_LENGTH = 500;

const levelCodes = levels.map((level) => level.code) as [string, ...string[]];
const disciplineCodes = disciplines.map((discipline) => discipline.code) as [string, ...string[]];

const text = (label: string, max: number, min = 1) =>
  z
    .string({ error: `${label} : texte attendu.` })
    .trim()
    .min(min, min === 1 ? `${label} : obligatoire.` : `${label} : au moins ${min} caractères.`)
    .max(max, `${label} : ${max} caractères au plus.`);

export const reviewInputSchema = z.strictObject({
  rating: z
    .number({ error: 'Note : un nombre entier de 1 à 5 est attendu.' })
    .int('Note : un nombre entier de 1 à 5 est attendu.')
    .min(1, 'Note : de 1 à 5 étoiles.')
    .max(5, 'Note : de 1 à 5 étoiles.'),
  body: z
    .string({ error: 'Avis : texte attendu.' })
    .superRefine((value, context) => {
      const problem = reviewTextProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => value.trim()),
  level: z
    .enum(levelCodes, { error: 'Niveau : choisissez un niveau de la liste.' })
    .nullable()
    .optional()
    .describe('Where it was used: a level code of the catalogue (ScoLOMfr voc 022).'),
  discipline: z
    .enum(disciplineCodes, { error: 'Discipline : choisissez une discipline de la liste.' })
    .nullable()
    .optional()
    .describe('Where it was used: a discipline code of the catalogue (ScoLOMfr voc 015).'),
  usedInClass: z
    .boolean({ error: 'Utilisée en classe : vrai ou faux.' })
    .optional()
    .describe('The author declares she used it in class.'),
});
export type ReviewInput = z.infer<typeof reviewInputSchema>;

export const reportInputSchema = z.strictObject({
  reason: text('Motif du signalement', REPORT_REASON_MAX_LENGTH, 5),
});

export const moderationInputSchema = z
  .strictObject({
    decision: z.enum(['hide', 'keep'], { error: 'Décision : masquer ou conserver l’avis.' }),
    reason: z
      .string({ error: 'Motif : texte attendu.' })
      .trim()
      .max(MODERATION_REASON_MAX_LENGTH, `Motif : ${MODERATION_REASON_MAX_LENGTH} caractères au plus.`)
      .optional(),
  })
  .refine((input) => input.decision === 'keep' || (input.reason ?? '').length >= 5, {
    message: 'Motif : dites en quelques mots pourquoi l’avis est masqué (l’auteur le lira).',
    path: ['reason'],
  });
export type ModerationInput = z.infer<typeof moderationInputSchema>;

export const appraisalInputSchema = z.strictObject({
  strengths: text('Points forts', APPRAISAL_FIELD_MAX_LENGTH),
  limits: text('Limites', APPRAISAL_FIELD_MAX_LENGTH),
  recommendedUses: text('Usages recommandés', APPRAISAL_FIELD_MAX_LENGTH),
  levels: z
    .array(z.enum(levelCodes, { error: 'Niveaux : choisissez des niveaux de la liste.' }), {
      error: 'Niveaux : une liste est attendue.',
    })
    .max(levelCodes.length, 'Niveaux : trop de valeurs.')
    .default([]),
  rip: z
    .boolean({ error: 'Label RIP : vrai ou faux.' })
    .default(false)
    .describe('Award the RIP label ("reconnu d’intérêt pédagogique") with this appraisal.'),
});
export type AppraisalInput = z.infer<typeof appraisalInputSchema>;

export const replyInputSchema = z.strictObject({ body: text('Réponse', REPLY_MAX_LENGTH) });

/** Parses or throws VALIDATION_FAILED with every issue by field (pages put each next to its field). */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    field: issue.path.join('.'),
    message: issue.message,
  }));
  throw new AppError('VALIDATION_FAILED', issues[0]?.message ?? 'Données invalides.', { issues });
}

// ---- Paths and pages ----

export const reviewIdParams = z.object({
  reviewId: z
    .string()
    .regex(/^\d{1,9}$/, 'Cet avis n’existe pas.')
    .transform(Number),
});
export const appraisalIdParams = z.object({
  appraisalId: z
    .string()
    .regex(/^\d{1,9}$/, 'Cet avis institutionnel n’existe pas.')
    .transform(Number),
});

const pageNumber = (label: string, max: number, fallback: number) =>
  z
    .string({ error: `${label} : un nombre entier est attendu.` })
    .regex(/^\d{1,6}$/, `${label} : un nombre entier est attendu.`)
    .transform(Number)
    .pipe(z.number().int().min(1, `${label} : au moins 1.`).max(max, `${label} : au plus ${max}.`))
    .optional()
    .transform((value) => value ?? fallback);

export const pageQuerySchema = z.object({
  page: pageNumber('Page', 10_000, 1),
  pageSize: pageNumber('Taille de page', 50, 10),
});

// ---- Replies ----

const labelled = z.object({ value: z.string(), label: z.string() });
const instant = z.string().meta({ format: 'date-time' });

export const reviewSchema = z
  .object({
    id: z.int(),
    resourceId: z.string().describe('The resource’s stable identifier.'),
    rating: z.int().min(1).max(5),
    body: z.string().describe('Plain text: show it escaped.'),
    level: labelled.nullable(),
    discipline: labelled.nullable(),
    usedInClass: z
      .boolean()
      .describe('The author’s establishment ordered the resource, or she declared using it.'),
    author: z.string().describe('First name and initial of the author.'),
    helpfulCount: z.int(),
    createdAt: instant,
    editedAt: instant.nullable().describe('When the author last changed it.'),
  })
  .meta({ id: 'Review' });

export const reviewListSchema = z
  .object({
    resourceId: z.string(),
    averageRating: z.number().nullable().describe('Over published reviews, one decimal; null if none.'),
    total: z.int().describe('Published reviews.'),
    page: z.int(),
    pageSize: z.int(),
    items: z.array(reviewSchema),
  })
  .meta({ id: 'ReviewList' });

export const appraisalSchema = z
  .object({
    id: z.int(),
    resourceId: z.string(),
    signature: z.string().describe('Who signed: name, role, academy.'),
    role: z.enum(['inspector', 'expert']),
    strengths: z.string(),
    limits: z.string(),
    recommendedUses: z.string(),
    levels: z.array(labelled),
    ripLabel: z
      .object({ awardedOn: z.string().meta({ format: 'date' }), awardedBy: z.string() })
      .nullable()
      .describe('Set when this appraisal awarded the RIP label.'),
    createdAt: instant,
    reply: z
      .object({ producer: z.string(), body: z.string(), createdAt: instant })
      .nullable()
      .describe('The publisher’s right of reply, once.'),
  })
  .meta({ id: 'Appraisal' });

export const appraisalListSchema = z
  .object({
    resourceId: z.string(),
    ripLabel: z
      .object({ awardedOn: z.string().meta({ format: 'date' }), awardedBy: z.string() })
      .nullable()
      .describe('The first RIP label awarded to the resource, if any.'),
    total: z.int(),
    page: z.int(),
    pageSize: z.int(),
    items: z.array(appraisalSchema),
  })
  .meta({ id: 'AppraisalList' });

export const helpfulReplySchema = z.object({ reviewId: z.int(), helpfulCount: z.int() });
export const reportReplySchema = z.object({ reviewId: z.int(), reported: z.literal(true) });
export const replyReplySchema = z.object({
  appraisalId: z.int(),
  producer: z.string(),
  body: z.string(),
  createdAt: instant,
});
