// What the catalogue keeps of a notice, whatever way it came in (ScoLOMfr XML, the JSON API, the web
// form): the fields, their schema, and the vocabulary check of values typed or posted as codes or URIs.
// Vocabulary values are kept as ScoLOMfr concept URIs where ScoLOMfr has one (levels, disciplines,
// types, distribution formats) and as the catalogue's project codes otherwise (devices, licences).
import { z } from 'zod';
import { isCalendarDay } from '../../shared/clock.js';
import {
  devices,
  disciplines,
  formats,
  levels,
  licenceKinds,
  licences,
  resourceTypes,
  type Concept,
} from '../catalogue/vocabulary.js';
import type { NoticeIssue } from './scolomfr-document.js';
import { conceptOf, isUnder, vocabularyOfUri } from './scolomfr-vocabulary.js';

/** Above this an offer's price is a typing mistake, not a price (100,000 €). */
export const MAX_OFFER_PRICE_CENTS = 10_000_000;

const codesOf = (vocabulary: readonly Concept[]) =>
  vocabulary.map((concept) => concept.code) as [string, ...string[]];

const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ.')
  .refine(isCalendarDay, 'Cette date n’existe pas.');

export const noticeOfferSchema = z
  .object({
    label: text(200).min(1, 'Donnez un libellé à l’offre.'),
    priceCents: z
      .number()
      .int('Le prix est un nombre entier de centimes.')
      .min(0, 'Un prix ne peut pas être négatif.')
      .max(MAX_OFFER_PRICE_CENTS, 'Ce prix dépasse 100 000 € : vérifiez-le.'),
    tariff: z.enum(['normal', 'adopter']).default('normal'),
    licenceKind: z.enum(
      codesOf(licenceKinds) as ['single-seat', 'multi-seat', 'class', 'establishment', 'open'],
    ),
    seats: z.number().int().min(1).max(1_000_000).nullable().default(null),
    durationMonths: z.number().int().min(1).max(120).nullable().default(null),
    delivery: z.enum(['access-url', 'licence-key', 'shipment']).default('access-url'),
    /** A bundle: the publisher's other products this offer also covers, by identifier. */
    alsoCovers: z.array(text(500).min(1)).max(50).default([]),
  })
  .refine((offer) => offer.licenceKind !== 'multi-seat' || offer.seats !== null, {
    message: 'Une offre multiposte précise son nombre de postes.',
    path: ['seats'],
  });

export type NoticeOffer = z.output<typeof noticeOfferSchema>;

/** The fields of a notice. Posted by the JSON API as they are; read from ScoLOMfr by scolomfr-notice. */
export const noticeFieldsSchema = z.object({
  identifier: text(500).min(1, 'La notice doit avoir un identifiant.'),
  title: text(1000).min(1, 'La notice doit avoir un titre.'),
  description: text(20_000).default(''),
  keywords: z.array(text(200).min(1)).max(50).default([]),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}$/, 'Code de langue ISO 639 attendu (fr, en…).'))
    .max(20)
    .default(['fr']),
  /** Educational levels (ScoLOMfr voc 022): concept URIs or catalogue codes. */
  levels: z.array(z.string().trim().min(1)).max(60).default([]),
  /** Disciplines (ScoLOMfr voc 015). */
  disciplines: z.array(z.string().trim().min(1)).max(60).default([]),
  /** Kinds of resource (ScoLOMfr voc 010 and LOM learning resource types). */
  types: z.array(z.string().trim().min(1)).max(20).default([]),
  /** Distribution (ScoLOMfr voc 046): online, download, physical. */
  formats: z.array(z.string().trim().min(1)).max(10).default([]),
  /** Devices it runs on: the catalogue's codes. */
  devices: z
    .array(z.enum(codesOf(devices)))
    .max(10)
    .default([]),
  cost: z.enum(['yes', 'no']).optional(),
  licence: z.enum(codesOf(licences)).optional(),
  /** Last update of the product, YYYY-MM-DD. */
  updatedOn: isoDate.optional(),
  /** Technical compatibility as the publisher states it (browsers, systems, plug-ins). */
  technicalRequirements: text(2000).default(''),
  /** Where a demo or specimen can be tried. */
  demoUrl: z
    .url({ protocol: /^https?$/, message: 'Adresse web attendue (http:// ou https://).' })
    .max(2000)
    .optional(),
  offers: z.array(noticeOfferSchema).max(20).default([]),
  /** The publisher named in the notice (vCard FN or ORG), when there is one. */
  publisherName: text(300).optional(),
  /** metaMetadata/metadataSchema values, e.g. "SCOLOMFRv3.1". */
  schemas: z.array(text(100)).max(10).default([]),
});

export type NoticeFields = z.output<typeof noticeFieldsSchema>;
export type NoticeFieldsInput = z.input<typeof noticeFieldsSchema>;

/** Each vocabulary field, with the catalogue's curated concepts and the ScoLOMfr vocabulary behind. */
const vocabularyFields = [
  { field: 'levels', label: 'niveau', curated: levels, scolomfr: ['022'] },
  { field: 'disciplines', label: 'discipline', curated: disciplines, scolomfr: ['015'] },
  { field: 'types', label: 'type de ressource', curated: resourceTypes, scolomfr: ['010'] },
  { field: 'formats', label: 'format', curated: formats, scolomfr: ['046'] },
] as const;

/**
 * Checks and normalizes vocabulary values posted as catalogue codes or concept URIs: each becomes the
 * concept's URI. A value of the right vocabulary unknown to the SKOS files is a warning (the profile
 * moves on); anything else is an error. The same rules as the ScoLOMfr import.
 */
export function normalizeVocabularies(fields: NoticeFields): {
  fields: NoticeFields;
  errors: NoticeIssue[];
  warnings: NoticeIssue[];
} {
  const errors: NoticeIssue[] = [];
  const warnings: NoticeIssue[] = [];
  const normalized = { ...fields };
  for (const { field, label, curated, scolomfr } of vocabularyFields) {
    const uris: string[] = [];
    fields[field].forEach((value, index) => {
      const path = `/${field}/${index}`;
      const known = curated.find((concept) => concept.code === value || concept.uri === value);
      if (known?.uri) return uris.push(known.uri);
      const concept = conceptOf(value);
      const vocabulary = vocabularyOfUri(value);
      if (concept && (!vocabulary || (scolomfr as readonly string[]).includes(vocabulary))) {
        if (concept.replacedBy) {
          warnings.push({
            path,
            line: 0,
            rule: 'vocabulary.deprecated',
            message: `Le concept « ${concept.label} » est remplacé par ${concept.replacedBy}.`,
          });
          return uris.push(concept.replacedBy);
        }
        return uris.push(concept.uri);
      }
      if (vocabulary && (scolomfr as readonly string[]).includes(vocabulary)) {
        warnings.push({
          path,
          line: 0,
          rule: 'vocabulary.unknown-concept',
          message: `Le concept ${value} est inconnu du vocabulaire scolomfr-voc-${vocabulary} (SKOS 3.2).`,
        });
        return uris.push(value);
      }
      errors.push({
        path,
        line: 0,
        rule: 'vocabulary.value',
        message: `« ${value} » n’est pas un ${label} connu (code du catalogue ou concept ScoLOMfr scolomfr-voc-${scolomfr.join(', ')}).`,
      });
    });
    normalized[field] = [...new Set(uris)];
  }
  return { fields: normalized, errors, warnings };
}

/**
 * The catalogue's facet codes of stored concept URIs: the concept itself when the catalogue curates it,
 * else its nearest broader concept that the catalogue curates ("SVT (cycle 4)" → "SVT"), else nothing.
 */
export function catalogueCodes(vocabulary: readonly Concept[], uris: readonly string[]): string[] {
  const codes = uris.flatMap((uri) => {
    const curated = vocabulary.find((concept) => concept.uri === uri || concept.code === uri);
    if (curated) return [curated.code];
    const concept = conceptOf(uri);
    if (!concept) return [];
    return vocabulary.find((candidate) => candidate.uri && isUnder(concept, candidate.uri))?.code ?? [];
  });
  return [...new Set(codes)];
}

/** zod's issues as located notice errors (path as a JSON pointer, rule "schema"). */
export function schemaIssues(error: z.ZodError): NoticeIssue[] {
  return error.issues.map((issue) => ({
    path: '/' + issue.path.map(String).join('/'),
    line: 0,
    rule: 'schema',
    message: issue.message,
  }));
}
