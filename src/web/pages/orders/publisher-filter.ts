// The publisher's filter as a query string (GET form, works without JavaScript): the lines' state, the
// days the orders were placed (from, to) and the page. Read strictly: an unknown state, a date that
// is not a calendar date, or a range backwards answers 400 with the message next to its field.
import type { LineState, ProducerLinesFilter } from '../../../modules/orders/fulfilment.service.js';

/** The state choices, as the query string names them, with their French labels. */
export const stateChoices: readonly { param: string; state: LineState; label: string }[] = [
  { param: 'a-livrer', state: 'pending', label: 'À livrer' },
  { param: 'livrees', state: 'delivered', label: 'Livrées' },
  { param: 'refusees', state: 'rejected', label: 'Refusées' },
  { param: 'annulees', state: 'cancelled', label: 'Annulées' },
];

/** The filter as typed (shown again in the form), each field '' when absent. */
export interface PublisherFilterForm {
  etat: string;
  du: string;
  au: string;
}

export interface ParsedPublisherFilter {
  form: PublisherFilterForm;
  filter: ProducerLinesFilter;
  page: number;
  /** French messages by field: the filter is not applied while there is one. */
  errors: Partial<Record<keyof PublisherFilterForm | 'page', string>>;
}

const MAX_PAGE = 10_000;

function single(query: Record<string, unknown>, name: string): string {
  const value = query[name];
  const last: unknown = Array.isArray(value) ? (value as unknown[])[value.length - 1] : value;
  return typeof last === 'string' ? last.trim().slice(0, 40) : '';
}

/** 'YYYY-MM-DD' that names a real day (2026-02-30 does not). */
function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function parsePublisherFilter(query: unknown): ParsedPublisherFilter {
  const source = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const form = { etat: single(source, 'etat'), du: single(source, 'du'), au: single(source, 'au') };
  const errors: ParsedPublisherFilter['errors'] = {};
  const choice = stateChoices.find((c) => c.param === form.etat);
  if (form.etat && !choice) {
    errors.etat = 'État : choisissez à livrer, livrées, refusées ou annulées.';
  }
  for (const [field, label] of [
    ['du', 'Du'],
    ['au', 'Au'],
  ] as const) {
    if (form[field] && !isCalendarDate(form[field])) {
      errors[field] = `${label} : une date au format AAAA-MM-JJ est attendue (par exemple 2026-09-01).`;
    }
  }
  if (!errors.du && !errors.au && form.du && form.au && form.du > form.au) {
    errors.au = 'Au : la date de fin doit suivre la date de début.';
  }
  const pageText = single(source, 'page');
  let page = 1;
  if (pageText) {
    if (/^\d{1,5}$/.test(pageText) && Number(pageText) >= 1 && Number(pageText) <= MAX_PAGE) {
      page = Number(pageText);
    } else {
      errors.page = `Page : un nombre entier entre 1 et ${MAX_PAGE} est attendu.`;
    }
  }
  const filter: ProducerLinesFilter =
    Object.keys(errors).length > 0
      ? {}
      : {
          ...(choice ? { state: choice.state } : {}),
          ...(form.du ? { from: form.du } : {}),
          ...(form.au ? { to: form.au } : {}),
        };
  return { form, filter, page, errors };
}

/** The query string of a filter (and page), '' when empty: for links, the export and redirects. */
export function publisherQuery(form: PublisherFilterForm, page = 1): string {
  const params = new URLSearchParams();
  if (form.etat) params.set('etat', form.etat);
  if (form.du) params.set('du', form.du);
  if (form.au) params.set('au', form.au);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}
