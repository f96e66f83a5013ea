// The registration form of a harvest source, validated at the edge (zod, French messages). The form
// posts text; this turns it into a registration or into issues whose path names the field at fault.
// Sources come in kinds: each kind has its own fields (today the OAI-PMH repository); the common
// fields (name, producer, defaults, review, schedule) are shared. A new kind adds its schema to
// `sourceFormSchema`'s union and its fields to the form (src/web/pages/harvest/source-form.tsx).
import { z } from 'zod';
import { licences } from '../catalogue/vocabulary.js';
import { formatSchedule, MAX_SCHEDULE_HOURS, parseSchedule } from './harvest-schedule.js';

export const sourceKinds = ['oai-pmh', 'sitemap'] as const;
export type SourceKind = (typeof sourceKinds)[number];

export const harvestPrefixes = ['scolomfr', 'lom', 'oai_dc'] as const;

/** The form's fields, all text as posted (checkboxes: 'yes' when ticked). */
export interface SourceFormInput {
  kind: string;
  name: string;
  baseUrl: string;
  prefix: string;
  set: string;
  producer: string;
  licence: string;
  cost: string;
  review: boolean;
  redirectHosts: string;
  /** 'none' | 'every' | 'daily', with the hours or the time of day. */
  scheduleKind: string;
  scheduleHours: string;
  scheduleTime: string;
}

const httpUrl = z
  .string()
  .trim()
  .min(1, 'Indiquez l’adresse de base de la source.')
  .max(2000, 'L’adresse est trop longue (2 000 caractères au plus).')
  .refine((value) => URL.canParse(value), 'Cette adresse n’est pas une adresse web (https://…).')
  .refine((value) => {
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  }, 'L’adresse d’une source commence par https:// ou http://.')
  .refine((value) => {
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.username === '' && url.password === '';
  }, 'L’adresse ne doit pas contenir d’identifiant ni de mot de passe.')
  .refine(
    (value) => !URL.canParse(value) || new URL(value).hash === '',
    'L’adresse ne doit pas contenir de « # ».',
  );

const hostName =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;

const commonFields = {
  name: z
    .string()
    .trim()
    .max(120, 'Le nom tient en 120 caractères au plus.')
    .transform((value) => (value === '' ? undefined : value)),
  producer: z.string().trim().min(1, 'Choisissez le producteur des ressources de cette source.').max(100),
  licence: z.enum(
    licences.map((licence) => licence.code) as [string, ...string[]],
    'Choisissez une licence de la liste.',
  ),
  cost: z.enum(['yes', 'no'], 'Indiquez si les ressources sont payantes ou gratuites.'),
  review: z.boolean(),
  redirectHosts: z
    .string()
    .max(2000, 'La liste des hôtes est trop longue.')
    .transform((value, context) => {
      const hosts = [...new Set(value.split(/[\s,;]+/).filter((host) => host !== ''))].map((host) =>
        host.toLowerCase(),
      );
      const bad = hosts.find((host) => !hostName.test(host));
      if (bad) {
        context.addIssue({
          code: 'custom',
          message: `« ${bad.slice(0, 60)} » n’est pas un nom d’hôte (exemple : oai.exemple.fr).`,
        });
        return z.NEVER;
      }
      if (hosts.length > 20) {
        context.addIssue({ code: 'custom', message: '20 hôtes au plus.' });
        return z.NEVER;
      }
      return hosts;
    }),
  scheduleKind: z.enum(['none', 'every', 'daily'], 'Choisissez une fréquence de la liste.'),
  scheduleHours: z.string().trim().max(10),
  scheduleTime: z.string().trim().max(10),
};

const oaiPmhSource = z.object({
  kind: z.literal('oai-pmh'),
  baseUrl: httpUrl,
  prefix: z.enum(harvestPrefixes, 'Choisissez un format : scolomfr, lom ou oai_dc.'),
  set: z
    .string()
    .trim()
    .max(200, 'Le nom d’ensemble (set) tient en 200 caractères au plus.')
    .refine((value) => !/\s/.test(value), 'Un nom d’ensemble (set) ne contient pas d’espace.')
    .transform((value) => (value === '' ? null : value)),
  ...commonFields,
});

/** A sitemap listing pages that carry schema.org LearningResource JSON-LD (OERSI-style catalogues). */
const sitemapSource = z.object({
  kind: z.literal('sitemap'),
  baseUrl: httpUrl,
  ...commonFields,
});

/** Every kind of source the form registers, told apart by `kind`. */
export const sourceFormSchema = z
  .discriminatedUnion('kind', [oaiPmhSource, sitemapSource], { error: 'Choisissez un type de source.' })
  .transform((form, context) => {
    const text =
      form.scheduleKind === 'every'
        ? `every ${form.scheduleHours}h`
        : form.scheduleKind === 'daily'
          ? `daily ${form.scheduleTime}`
          : '';
    const parsed = parseSchedule(text);
    if (!parsed.ok) {
      context.addIssue({
        code: 'custom',
        path: [form.scheduleKind === 'daily' ? 'scheduleTime' : 'scheduleHours'],
        message:
          form.scheduleKind === 'daily'
            ? 'Indiquez l’heure au format HH:MM, de 00:00 à 23:59 (exemple : 02:30).'
            : `Indiquez un nombre d’heures entier de 1 à ${MAX_SCHEDULE_HOURS}.`,
      });
      return z.NEVER;
    }
    return {
      kind: form.kind,
      name: form.name,
      baseUrl: form.baseUrl,
      // A sitemap has no metadata format nor sets: its pages are schema.org JSON-LD.
      prefix: form.kind === 'oai-pmh' ? form.prefix : ('scolomfr' as const),
      set: form.kind === 'oai-pmh' ? form.set : null,
      producer: form.producer,
      licence: form.licence,
      cost: form.cost,
      review: form.review,
      redirectHosts: form.redirectHosts,
      schedule: formatSchedule(parsed.schedule),
    };
  });

export type SourceForm = z.output<typeof sourceFormSchema>;

/** A source's id in a page address: digits only, else a 404 (never a 500). */
export const sourceIdSchema = z
  .string()
  .regex(/^\d{1,9}$/, 'Cette source de moissonnage n’existe pas.')
  .transform(Number);
