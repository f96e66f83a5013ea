// The notice form's values as typed (text, ticked boxes, three offer rows), from a post or from a stored
// notice, and the submission they make: lists split at commas, euros typed by people in integer cents,
// blank offer rows left out. Errors located on the submission's fields (JSON pointers such as
// /offers/0/priceCents) are placed back on the form's fields, with the summary's lines.
import { fieldLabels } from '../../../modules/notices/notice-diff.js';
import type { NoticeFields } from '../../../modules/notices/notice-fields.js';
import { parseEurosToCents } from '../../../shared/money.js';
import { AppError } from '../../../shared/errors.js';
import { formList, formText, type Form } from '../../page-kit.js';

/** Offer rows the form shows at least; one more than the filled ones when editing, up to the schema's 20. */
export const OFFER_ROWS = 3;
export const MAX_OFFER_ROWS = 20;

export interface OfferRowValues {
  label: string;
  price: string;
  tariff: string;
  licenceKind: string;
  seats: string;
  durationMonths: string;
  delivery: string;
  alsoCovers: string;
}

export interface NoticeFormValues {
  /** The producer chosen (its id), when the publisher holds several. */
  producer: string;
  identifier: string;
  title: string;
  description: string;
  keywords: string;
  languages: string[];
  levels: string[];
  disciplines: string[];
  types: string[];
  formats: string[];
  devices: string[];
  cost: string;
  licence: string;
  updatedOn: string;
  technicalRequirements: string;
  demoUrl: string;
  offers: OfferRowValues[];
}

export const offerFieldNames = [
  'label',
  'price',
  'tariff',
  'licenceKind',
  'seats',
  'durationMonths',
  'delivery',
  'alsoCovers',
] as const satisfies readonly (keyof OfferRowValues)[];

export const offerFieldLabels: Record<keyof OfferRowValues, string> = {
  label: 'libellé',
  price: 'prix',
  tariff: 'tarif',
  licenceKind: 'type de licence',
  seats: 'nombre de postes',
  durationMonths: 'durée',
  delivery: 'livraison',
  alsoCovers: 'bouquet',
};

/** The name and id of an offer row's field: offre-1-label, offre-2-price… (rows count from 1). */
export const offerFieldId = (row: number, field: keyof OfferRowValues) => `offre-${row + 1}-${field}`;

const blankOffer = (): OfferRowValues => ({
  label: '',
  price: '',
  tariff: 'normal',
  licenceKind: 'establishment',
  seats: '',
  durationMonths: '',
  delivery: 'access-url',
  alsoCovers: '',
});

/** Rows to show: the filled ones, then blank ones up to OFFER_ROWS (one more when editing many). */
function withBlankRows(rows: OfferRowValues[]): OfferRowValues[] {
  const filled = rows.filter((row) => !isBlankOffer(row));
  const count = Math.min(MAX_OFFER_ROWS, Math.max(OFFER_ROWS, filled.length + 1));
  return [...filled, ...Array.from({ length: Math.max(0, count - filled.length) }, blankOffer)];
}

export function emptyNoticeForm(): NoticeFormValues {
  return {
    producer: '',
    identifier: '',
    title: '',
    description: '',
    keywords: '',
    languages: ['fr'],
    levels: [],
    disciplines: [],
    types: [],
    formats: [],
    devices: [],
    cost: '',
    licence: '',
    updatedOn: '',
    technicalRequirements: '',
    demoUrl: '',
    offers: withBlankRows([]),
  };
}

/** 1290 → "12,90"; 2500 → "25": euros as people type them, which parseEurosToCents reads back. */
export function eurosText(cents: number): string {
  const euros = Math.trunc(cents / 100);
  const rest = cents % 100;
  return rest === 0 ? String(euros) : `${euros},${String(rest).padStart(2, '0')}`;
}

/** The form filled with a stored notice's current fields (the edit form). */
export function noticeFormFromFields(fields: NoticeFields): NoticeFormValues {
  return {
    producer: '',
    identifier: fields.identifier,
    title: fields.title,
    description: fields.description,
    keywords: fields.keywords.join(', '),
    languages: [...fields.languages],
    levels: [...fields.levels],
    disciplines: [...fields.disciplines],
    types: [...fields.types],
    formats: [...fields.formats],
    devices: [...fields.devices],
    cost: fields.cost ?? '',
    licence: fields.licence ?? '',
    updatedOn: fields.updatedOn ?? '',
    technicalRequirements: fields.technicalRequirements,
    demoUrl: fields.demoUrl ?? '',
    offers: withBlankRows(
      fields.offers.map((offer) => ({
        label: offer.label,
        price: eurosText(offer.priceCents),
        tariff: offer.tariff,
        licenceKind: offer.licenceKind,
        seats: offer.seats === null ? '' : String(offer.seats),
        durationMonths: offer.durationMonths === null ? '' : String(offer.durationMonths),
        delivery: offer.delivery,
        alsoCovers: offer.alsoCovers.join(', '),
      })),
    ),
  };
}

/** The form as posted: every value kept as typed (capped), to show it again whatever happens. */
export function noticeFormFromPost(form: Form): NoticeFormValues {
  const text = (name: string, max = 1000) => formText(form, name, max);
  const rows: OfferRowValues[] = [];
  for (let row = 0; row < MAX_OFFER_ROWS; row++) {
    const values = Object.fromEntries(
      offerFieldNames.map((field) => [field, text(offerFieldId(row, field), 600)]),
    ) as unknown as OfferRowValues;
    if (offerFieldNames.some((field) => form[offerFieldId(row, field)] !== undefined)) rows.push(values);
  }
  const list = (name: string) => formList(form, name).slice(0, 100);
  return {
    producer: text('producer', 20),
    identifier: text('identifier', 501),
    title: text('title', 1001),
    description: text('description', 20_001),
    keywords: text('keywords', 12_000),
    languages: list('languages'),
    levels: list('levels'),
    disciplines: list('disciplines'),
    types: list('types'),
    formats: list('formats'),
    devices: list('devices'),
    cost: text('cost', 10),
    licence: text('licence', 50),
    updatedOn: text('updatedOn', 20),
    technicalRequirements: text('technicalRequirements', 2001),
    demoUrl: text('demoUrl', 2001),
    offers: withBlankRows(rows),
  };
}

function isBlankOffer(row: OfferRowValues): boolean {
  return [row.label, row.price, row.seats, row.durationMonths, row.alsoCovers].every(
    (value) => value.trim() === '',
  );
}

/** "a, b ,, c" → ["a", "b", "c"]. */
export function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** An error on a field of the submission, as submitNotice and the import locate them. */
export interface LocatedIssue {
  path: string;
  message: string;
}

export interface NoticeSubmission {
  /** What submitNotice and previewNotice take. */
  input: Record<string, unknown>;
  /** What the page found wrong before (a price that is not an amount, seats that are not a number). */
  errors: LocatedIssue[];
  /** The form row of each submitted offer (blank rows are left out). */
  offerRows: number[];
}

function whole(text: string, path: string, what: string, errors: LocatedIssue[]): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed);
  errors.push({ path, message: `${what} est un nombre entier, sans espace ni décimale.` });
  return trimmed;
}

/** The submission of typed values. The identifier of an edited notice is the stored one, not the posted one. */
export function noticeSubmissionOf(values: NoticeFormValues, identifier?: string): NoticeSubmission {
  const errors: LocatedIssue[] = [];
  const offerRows: number[] = [];
  const offers = values.offers.flatMap((row, index) => {
    if (isBlankOffer(row)) return [];
    const at = `/offers/${offerRows.length}`;
    offerRows.push(index);
    let priceCents: unknown = row.price.trim();
    if (row.price.trim() === '') {
      errors.push({
        path: `${at}/priceCents`,
        message: 'Indiquez le prix en euros (0 pour une offre gratuite).',
      });
    } else {
      try {
        priceCents = parseEurosToCents(row.price, 'Le prix');
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push({ path: `${at}/priceCents`, message: error.message });
      }
    }
    return [
      {
        label: row.label,
        priceCents,
        tariff: row.tariff,
        licenceKind: row.licenceKind,
        seats: whole(row.seats, `${at}/seats`, 'Le nombre de postes', errors),
        durationMonths: whole(row.durationMonths, `${at}/durationMonths`, 'La durée en mois', errors),
        delivery: row.delivery,
        alsoCovers: commaList(row.alsoCovers),
      },
    ];
  });
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    input: {
      identifier: identifier ?? values.identifier,
      title: values.title,
      description: values.description,
      keywords: commaList(values.keywords),
      languages: values.languages,
      levels: values.levels,
      disciplines: values.disciplines,
      types: values.types,
      formats: values.formats,
      devices: values.devices,
      cost: optional(values.cost),
      licence: optional(values.licence),
      updatedOn: optional(values.updatedOn),
      technicalRequirements: values.technicalRequirements,
      demoUrl: optional(values.demoUrl),
      offers,
    },
    errors,
    offerRows,
  };
}

/** The form's id of each notice field (fieldsets for the groups of boxes). */
export const fieldIds = {
  producer: 'notice-producer',
  identifier: 'notice-identifier',
  title: 'notice-title',
  description: 'notice-description',
  keywords: 'notice-keywords',
  languages: 'notice-languages',
  levels: 'notice-levels',
  disciplines: 'notice-disciplines',
  types: 'notice-types',
  formats: 'notice-formats',
  devices: 'notice-devices',
  cost: 'notice-cost',
  licence: 'notice-licence',
  updatedOn: 'notice-updatedOn',
  technicalRequirements: 'notice-technicalRequirements',
  demoUrl: 'notice-demoUrl',
  offers: 'notice-offers',
} as const;

const offerFieldOfKey: Record<string, keyof OfferRowValues> = {
  label: 'label',
  priceCents: 'price',
  tariff: 'tariff',
  licenceKind: 'licenceKind',
  seats: 'seats',
  durationMonths: 'durationMonths',
  delivery: 'delivery',
  alsoCovers: 'alsoCovers',
};

/** What the form says of refused values: the message of each field id, and the summary's lines. */
export interface FormErrors {
  fields: Record<string, string>;
  lines: (string | { href: string; text: string })[];
}

/** Places located errors on the form's fields; the first message of a field wins (the page's own first). */
export function formErrorsOf(issues: readonly LocatedIssue[], offerRows: readonly number[]): FormErrors {
  const fields: Record<string, string> = {};
  const labels: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of issues) {
    const [key, index, sub] = issue.path.split('/').slice(1);
    let id: string | undefined;
    let label = '';
    if (key === 'offers' && index !== undefined && /^\d+$/.test(index)) {
      const row = offerRows[Number(index)];
      const field = offerFieldOfKey[sub ?? 'label'] ?? 'label';
      if (row !== undefined) {
        id = offerFieldId(row, field);
        label = `Offre ${row + 1}, ${offerFieldLabels[field]}`;
      }
    } else if (key && Object.hasOwn(fieldIds, key)) {
      id = fieldIds[key as keyof typeof fieldIds];
      label = key === 'producer' ? 'Maison d’édition' : fieldLabels[key as keyof typeof fieldLabels];
    }
    if (id) {
      fields[id] ??= issue.message;
      labels[id] ??= label;
    } else {
      unplaced.push(issue.message);
    }
  }
  return {
    fields,
    lines: [
      ...Object.keys(fields).map((id) => ({ href: `#${id}`, text: `${labels[id]} : ${fields[id]}` })),
      ...unplaced,
    ],
  };
}
