// What the experts' notice pages share: the page shell with its breadcrumb, the French words of the
// workflow (badges, durations, dates), and a notice's values as people read them (concept URIs as
// their labels, offers as a sentence). Publishers' text is shown as text: Preact escapes it.
import type { ComponentChildren } from 'preact';
import {
  devices,
  disciplines,
  formats,
  levels,
  licenceKinds,
  licences,
  resourceTypes,
  type Concept,
} from '../../../modules/catalogue/vocabulary.js';
import type { NoticeFields } from '../../../modules/notices/notice-fields.js';
import type { NoticeReview } from '../../../modules/notices/notice-review.service.js';
import { conceptOf } from '../../../modules/notices/scolomfr-vocabulary.js';
import { Breadcrumb } from '../../breadcrumb.js';
import { formatMoney, languageName, shortLabel } from '../../format.js';

export const QUEUE_PATH = '/expertise/notices';
export const noticePath = (id: number) => `${QUEUE_PATH}/${id}`;

export type NoticeStatus = NoticeReview['notice']['status'];

export function Shell({
  title,
  crumbs,
  children,
}: {
  title: ComponentChildren;
  crumbs: { label: string; href?: string }[];
  children: ComponentChildren;
}) {
  return (
    <div class="fr-container fr-py-4w">
      <Breadcrumb items={[{ label: 'Mon espace', href: '/mon-espace' }, ...crumbs]} />
      <h1>{title}</h1>
      {children}
    </div>
  );
}

export { NoticeStatusBadge } from './notice-status-badge.js';

// ---- Time ----

const DAY_MS = 86_400_000;

/** Whole days from `since` to `now`. */
export function daysSince(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY_MS));
}

/** 0 → "moins d’un jour", 1 → "1 jour", 12 → "12 jours". */
export function daysText(days: number): string {
  return days === 0 ? 'moins d’un jour' : days === 1 ? '1 jour' : `${days} jours`;
}

/** Hours to a decision, readable: "moins d’une heure", "5 h", "3,5 jours"; null: no decision yet. */
export function hoursText(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 1) return 'moins d’une heure';
  if (hours < 48) return `${Math.round(hours)} h`;
  const days = hours / 24;
  return `${days.toLocaleString('fr-FR', { maximumFractionDigits: days < 10 ? 1 : 0 })} jours`;
}

const dateTimes = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
});

/** An instant as a French reads it, in Paris time: "12 mars 2026 à 14:05". */
export function formatDateTime(at: Date | string): string {
  return dateTimes.format(new Date(at));
}

// ---- A notice's values ----

const vocabularies: Partial<Record<keyof NoticeFields, readonly Concept[]>> = {
  levels,
  disciplines,
  types: resourceTypes,
  formats,
  devices,
  licence: licences,
};

/** A vocabulary value (concept URI or catalogue code) as its French label; unknown ones as they are. */
export function conceptLabel(value: string, vocabulary?: readonly Concept[]): string {
  const curated = vocabulary?.find((concept) => concept.uri === value || concept.code === value);
  return shortLabel(curated?.label ?? conceptOf(value)?.label ?? value);
}

export const levelLabel = (uri: string) => conceptLabel(uri, levels);
export const typeLabel = (uri: string) => conceptLabel(uri, resourceTypes);

const deliveryLabels: Record<string, string> = {
  'access-url': 'adresse d’accès',
  'licence-key': 'clé de licence',
  shipment: 'envoi',
};

/** An offer of a notice in one sentence. */
export function offerText(offer: Partial<NoticeFields['offers'][number]>): string {
  const parts = [
    typeof offer.priceCents === 'number' ? formatMoney(offer.priceCents) : 'prix non indiqué',
    offer.licenceKind ? conceptLabel(offer.licenceKind, licenceKinds) : undefined,
    offer.seats ? `${offer.seats} postes` : undefined,
    offer.durationMonths ? `${offer.durationMonths} mois` : 'sans durée',
    offer.tariff === 'adopter' ? 'tarif adoptant' : undefined,
    offer.delivery ? `livraison : ${deliveryLabels[offer.delivery] ?? offer.delivery}` : undefined,
    offer.alsoCovers && offer.alsoCovers.length > 0
      ? `couvre aussi ${offer.alsoCovers.join(', ')}`
      : undefined,
  ].filter(Boolean);
  return `${offer.label ?? 'Offre'} : ${parts.join(', ')}`;
}

/** One item of a field (a list's element, or a scalar) as text. */
export function itemText(field: keyof NoticeFields, item: string): string {
  if (field === 'offers') {
    try {
      return offerText(JSON.parse(item) as NoticeFields['offers'][number]);
    } catch {
      return item;
    }
  }
  if (field === 'languages') return languageName(item);
  if (field === 'cost') return item === 'yes' ? 'payant' : item === 'no' ? 'gratuit' : item;
  const vocabulary = vocabularies[field];
  return vocabulary ? conceptLabel(item, vocabulary) : item;
}

/** The fields whose value is a list. */
export const listFields = new Set<keyof NoticeFields>([
  'keywords',
  'languages',
  'levels',
  'disciplines',
  'types',
  'formats',
  'devices',
  'offers',
  'schemas',
]);

/** A field's items as text: each element of a list, or the one scalar ('' when absent). */
export function fieldItems(field: keyof NoticeFields, value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) {
    return value.map((item) =>
      field === 'offers'
        ? offerText(item as NoticeFields['offers'][number])
        : itemText(field, typeof item === 'string' ? item : JSON.stringify(item)),
    );
  }
  return [itemText(field, typeof value === 'string' ? value : JSON.stringify(value))];
}

/** Text that may hold line breaks, each line shown on its own. */
export function Lines({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, index) => (
        <>
          {index > 0 && <br />}
          {line}
        </>
      ))}
    </>
  );
}

/** Items as a list, or a dash when there is none. */
export function Items({ items, empty = '—' }: { items: readonly string[]; empty?: string }) {
  if (items.length === 0) return <>{empty}</>;
  if (items.length === 1) return <>{items[0]}</>;
  return (
    <ul class="fr-mb-0">
      {items.map((item) => (
        <li>{item}</li>
      ))}
    </ul>
  );
}
