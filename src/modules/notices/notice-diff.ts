// What changed between two versions of a notice, field by field, so an expert re-reading a resubmitted
// notice looks only at what the publisher changed. Pure.
import type { NoticeFields } from './notice-fields.js';

export const fieldLabels: Record<keyof NoticeFields, string> = {
  identifier: 'Identifiant',
  title: 'Titre',
  description: 'Description',
  keywords: 'Mots-clés',
  languages: 'Langues',
  levels: 'Niveaux',
  disciplines: 'Disciplines',
  types: 'Types de ressource',
  formats: 'Formats',
  devices: 'Équipements',
  cost: 'Coût',
  licence: 'Licence',
  updatedOn: 'Date de mise à jour',
  technicalRequirements: 'Prérequis techniques',
  demoUrl: 'Démonstration',
  offers: 'Offres',
  publisherName: 'Éditeur nommé dans la notice',
  schemas: 'Profil de métadonnées',
};

export interface FieldChange {
  field: keyof NoticeFields;
  label: string;
  /** Values as text: lists joined, offers one per line. */
  before: string;
  after: string;
  /** For lists: what was added and removed. */
  added: string[];
  removed: string[];
}

function itemsOf(field: keyof NoticeFields, value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  if (field === 'offers') return value.map((offer) => JSON.stringify(offer));
  return value.map(String);
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => textOf(item)).join('\n');
  if (typeof value === 'object') return JSON.stringify(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The fields that differ between two versions (previous undefined: the first version, no changes). */
export function diffNotices(previous: NoticeFields | undefined, current: NoticeFields): FieldChange[] {
  if (!previous) return [];
  const changes: FieldChange[] = [];
  for (const field of Object.keys(fieldLabels) as (keyof NoticeFields)[]) {
    const before = previous[field];
    const after = current[field];
    if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) continue;
    const beforeItems = itemsOf(field, before);
    const afterItems = itemsOf(field, after);
    changes.push({
      field,
      label: fieldLabels[field],
      before: textOf(before),
      after: textOf(after),
      added: afterItems ? afterItems.filter((item) => !(beforeItems ?? []).includes(item)) : [],
      removed: beforeItems ? beforeItems.filter((item) => !(afterItems ?? []).includes(item)) : [],
    });
  }
  return changes;
}
