// What a teacher fills in for her resource: the notice fields publishers use (notices/notice-fields.ts,
// the same vocabularies and checks), a Creative Commons licence, and either a link or a file.
import { z } from 'zod';
import { noticeFieldsSchema } from '../notices/notice-fields.js';

/** The Creative Commons licences of the catalogue's vocabulary (catalogue/vocabulary.ts licences). */
export const creativeCommonsLicences = ['cc-by', 'cc-by-sa', 'cc-by-nc-sa'] as const;

export const teacherResourceSchema = noticeFieldsSchema
  .pick({
    title: true,
    description: true,
    keywords: true,
    languages: true,
    levels: true,
    disciplines: true,
    types: true,
  })
  .extend({
    title: z.string().trim().min(1, 'Donnez un titre à la ressource.').max(300, '300 caractères au plus.'),
    description: z
      .string()
      .trim()
      .min(1, 'Décrivez la ressource en quelques lignes.')
      .max(5000, '5 000 caractères au plus.'),
    levels: z.array(z.string().trim().min(1)).min(1, 'Cochez au moins un niveau.').max(60),
    disciplines: z.array(z.string().trim().min(1)).min(1, 'Cochez au moins une discipline.').max(60),
    licence: z.enum(creativeCommonsLicences, { message: 'Choisissez une licence Creative Commons.' }),
  });
export type TeacherResourceInput = z.output<typeof teacherResourceSchema>;

export const resourceLinkSchema = z
  .url({ protocol: /^https?$/, message: 'Adresse web attendue (https://…).' })
  .max(2000, '2 000 caractères au plus.');

export const decisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accept') }),
  z.object({
    decision: z.literal('refuse'),
    reason: z.string().trim().min(1, 'Dites à l’auteur pourquoi sa ressource est refusée.').max(2000),
  }),
]);
export type DecisionInput = z.output<typeof decisionSchema>;
