// The ScoLOMfr vocabularies (SKOS 3.2, vendored as vendor/scolomfr/concepts.json): what a notice's
// vocabulary values are checked against, the way the public ScoLOMfr checking tools do.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CONCEPT_BASE = 'http://data.education.fr/voc/scolomfr/concept/';

export interface ScolomfrConcept {
  uri: string;
  /** Vocabulary number, e.g. "015". */
  vocabulary: string;
  label: string;
  /** Other French labels, lower-cased. */
  otherLabels: readonly string[];
  broader: readonly string[];
  /** Ancien, Déprécié or Obsolète; undefined when current. */
  status?: string;
  replacedBy?: string;
}

/** A concept as vendor/scolomfr/concepts.json stores it (written by scripts/scolomfr-concepts.ts). */
export interface StoredConcept {
  /** Vocabulary number, e.g. "015". */
  v: string;
  /** French preferred label. */
  l: string;
  /** Other French labels (alternative, equivalent), lower-cased. */
  a?: string[];
  /** Broader concepts. */
  b?: string[];
  /** Status when not current: Ancien, Déprécié or Obsolète. */
  s?: string;
  /** The concept replacing this one. */
  r?: string;
}

let concepts: Map<string, ScolomfrConcept> | undefined;
let byLabel: Map<string, ScolomfrConcept[]> | undefined;
let vocabularies: Set<string> | undefined;

function load(): Map<string, ScolomfrConcept> {
  if (!concepts) {
    const file = fileURLToPath(new URL('../../../vendor/scolomfr/concepts.json', import.meta.url));
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, StoredConcept>;
    concepts = new Map(
      Object.entries(stored).map(([uri, concept]) => [
        uri,
        {
          uri,
          vocabulary: concept.v,
          label: concept.l,
          otherLabels: concept.a ?? [],
          broader: concept.b ?? [],
          ...(concept.s ? { status: concept.s } : {}),
          ...(concept.r ? { replacedBy: concept.r } : {}),
        },
      ]),
    );
    vocabularies = new Set([...concepts.values()].map((concept) => concept.vocabulary));
    byLabel = new Map();
    for (const concept of concepts.values()) {
      for (const label of new Set([concept.label.toLowerCase(), ...concept.otherLabels])) {
        byLabel.set(label, [...(byLabel.get(label) ?? []), concept]);
      }
    }
  }
  return concepts;
}

export function conceptOf(uri: string): ScolomfrConcept | undefined {
  return load().get(uri);
}

/** The concepts of one vocabulary carrying this label (preferred or other), for label-only values. */
export function conceptsLabelled(label: string, vocabulary?: string): ScolomfrConcept[] {
  load();
  const found = byLabel!.get(label.trim().toLowerCase()) ?? [];
  return vocabulary ? found.filter((concept) => concept.vocabulary === vocabulary) : found;
}

/** True when the vocabulary number is one of ScoLOMfr's ("015" for scolomfr-voc-015). */
export function isVocabulary(vocabulary: string): boolean {
  load();
  return vocabularies!.has(vocabulary);
}

/** "scolomfr-voc-015" or the scheme URI → "015"; undefined for anything else. */
export function vocabularyOfSource(source: string): string | undefined {
  const match = /(?:^|\/)scolomfr-voc-(\d{3})$/.exec(source.trim());
  return match?.[1];
}

/** "…/scolomfr-voc-022-num-021" → "022"; named concepts (…/concept/discipline) have no number. */
export function vocabularyOfUri(uri: string): string | undefined {
  return /\/scolomfr-voc-(\d{3})-num-/.exec(uri)?.[1];
}

/** True when `ancestor` is `concept` or one of its broader concepts, at any depth. */
export function isUnder(concept: ScolomfrConcept, ancestor: string): boolean {
  const seen = new Set<string>();
  const queue = [concept.uri];
  while (queue.length > 0) {
    const uri = queue.pop()!;
    if (uri === ancestor) return true;
    if (seen.has(uri)) continue;
    seen.add(uri);
    queue.push(...(conceptOf(uri)?.broader ?? []));
  }
  return false;
}

/**
 * Which vocabularies a classification purpose allows: discipline and teaching domain take voc 015,
 * educational level voc 022, diploma voc 029. Other purposes take any ScoLOMfr vocabulary.
 */
export const purposeVocabularies: Readonly<Record<string, readonly string[]>> = {
  [`${CONCEPT_BASE}discipline`]: ['015'],
  [`${CONCEPT_BASE}scolomfr-voc-028-num-003`]: ['015'],
  [`${CONCEPT_BASE}educational_level`]: ['022'],
  [`${CONCEPT_BASE}scolomfr-voc-028-num-016`]: ['029'],
};
