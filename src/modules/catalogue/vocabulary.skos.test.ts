// Checks every ScoLOMfr concept used by vocabulary.ts against the official SKOS 3.2 RDF/XML files in
// ../shared/scolomfr/skos-3.2 (one file per vocabulary: 22.rdf for voc 022, ...): the URI exists in
// the right vocabulary, the label is the French prefLabel, the level hierarchy agrees with SKOS, and
// codes are unique. Skipped, saying why, when the SKOS folder is not checked out next to the repository;
// with CI=true a missing folder fails instead, so CI cannot pass without having checked anything.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  copyrights,
  costs,
  disciplines,
  formats,
  levels,
  resourceTypes,
  themes,
  type Concept,
} from './vocabulary.js';

// The workplace's shared folder sits beside the project (../shared); SHARED_DIR points elsewhere.
const SHARED_DIR = process.env.SHARED_DIR ?? fileURLToPath(new URL('../../../../shared/', import.meta.url));
const SKOS_DIR = path.join(SHARED_DIR, 'scolomfr', 'skos-3.2') + path.sep;
const skosAvailable = existsSync(SKOS_DIR);
const onCi = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());
const missingFolder =
  `the SKOS 3.2 folder ${SKOS_DIR} does not exist ` +
  '(check out the ScoLOMfr SKOS files in ../shared/scolomfr/skos-3.2, or set SHARED_DIR, to run them)';
if (!skosAvailable && !onCi) {
  console.warn(`vocabulary.skos.test.ts: skipping the ScoLOMfr SKOS checks, ${missingFolder}.`);
}

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const SKOS_NS = 'http://www.w3.org/2004/02/skos/core#';
const SKOS_CONCEPT = `${SKOS_NS}Concept`;
const SCOLOMFR_CONCEPT = 'http://data.education.fr/voc/scolomfr/concept/';

/** Vocabulary number → its file, and each array of vocabulary.ts → its vocabulary (explicit, since
 * some URIs such as .../concept/no or .../concept/lecture do not carry the vocabulary number). */
const vocabularies: readonly { name: string; voc: string; concepts: readonly Concept[] }[] = [
  { name: 'levels', voc: '22', concepts: levels },
  { name: 'disciplines', voc: '15', concepts: disciplines },
  { name: 'resourceTypes', voc: '10', concepts: resourceTypes },
  { name: 'formats', voc: '46', concepts: formats },
  { name: 'costs', voc: '26', concepts: costs },
  { name: 'copyrights', voc: '27', concepts: copyrights },
];

/**
 * Level parent links of vocabulary.ts that SKOS 3.2 does not state as broader/narrower: the 2016
 * cycles (voc 022 num 619-621, under "cycles de la scolarité obligatoire") and the classes (under
 * "école élémentaire" / "collège") are separate branches, linked only by skos:related. These pairs are
 * not asserted as ancestry; the test checks instead that they are exactly the unlinked pairs and that
 * each is at least skos:related in SKOS.
 */
const PARENT_LINKS_NOT_IN_SKOS_HIERARCHY: readonly string[] = [
  'scolomfr-voc-022-num-010 → scolomfr-voc-022-num-619',
  'scolomfr-voc-022-num-011 → scolomfr-voc-022-num-619',
  'scolomfr-voc-022-num-013 → scolomfr-voc-022-num-619',
  'scolomfr-voc-022-num-014 → scolomfr-voc-022-num-620',
  'scolomfr-voc-022-num-015 → scolomfr-voc-022-num-620',
  'scolomfr-voc-022-num-018 → scolomfr-voc-022-num-620',
  'scolomfr-voc-022-num-020 → scolomfr-voc-022-num-621',
  'scolomfr-voc-022-num-021 → scolomfr-voc-022-num-621',
  'scolomfr-voc-022-num-023 → scolomfr-voc-022-num-621',
];

interface SkosConcept {
  readonly uri: string;
  readonly types: string[];
  readonly schemes: string[];
  readonly frPrefLabels: string[];
  readonly broader: string[];
  readonly narrower: string[];
  readonly related: string[];
}

type Vocabulary = ReadonlyMap<string, SkosConcept>;

// Narrowing helpers over the parser's untyped output.
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function children(node: unknown, name: string): unknown[] {
  if (!isRecord(node)) return [];
  const value = node[name];
  return Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
}
function attribute(node: unknown, name: string): string | undefined {
  if (!isRecord(node)) return undefined;
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}
function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (isRecord(node) && typeof node['#text'] === 'string') return node['#text'];
  return '';
}
function resources(description: unknown, property: string): string[] {
  return children(description, property).flatMap((node) => attribute(node, 'rdf:resource') ?? []);
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Every element is a list (properties repeat); attributes stay plain strings.
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
  // Labels must be compared exactly: no number coercion, no trimming.
  parseTagValue: false,
  trimValues: false,
});

/** Parses one vocabulary file; a concept split over several rdf:Description elements is merged. */
function loadVocabulary(voc: string): Vocabulary {
  const xml = readFileSync(`${SKOS_DIR}${voc}.rdf`, 'utf8');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`${voc}.rdf is not well-formed XML: ${JSON.stringify(valid.err)}`);
  const root = children(parser.parse(xml), 'rdf:RDF')[0];
  // The element names below use the rdf: and skos: prefixes: make sure they mean what we think.
  if (attribute(root, 'xmlns:rdf') !== RDF_NS || attribute(root, 'xmlns:skos') !== SKOS_NS) {
    throw new Error(`${voc}.rdf does not bind rdf: and skos: to the RDF and SKOS namespaces`);
  }
  const concepts = new Map<string, SkosConcept>();
  for (const description of children(root, 'rdf:Description')) {
    const uri = attribute(description, 'rdf:about');
    if (!uri) continue;
    let concept = concepts.get(uri);
    if (!concept) {
      concept = { uri, types: [], schemes: [], frPrefLabels: [], broader: [], narrower: [], related: [] };
      concepts.set(uri, concept);
    }
    concept.types.push(...resources(description, 'rdf:type'));
    concept.schemes.push(...resources(description, 'skos:inScheme'));
    concept.broader.push(...resources(description, 'skos:broader'));
    concept.narrower.push(...resources(description, 'skos:narrower'));
    concept.related.push(...resources(description, 'skos:related'));
    for (const label of children(description, 'skos:prefLabel')) {
      if (attribute(label, 'xml:lang') === 'fr') concept.frPrefLabels.push(text(label));
    }
  }
  return concepts;
}

/** Whether `ancestor` is reachable from `uri` upwards, via skos:broader of the lower concept or
 * skos:narrower of the upper one, transitively. */
function isSkosAncestor(vocabulary: Vocabulary, uri: string, ancestor: string): boolean {
  const parentsOf = new Map<string, Set<string>>();
  const link = (child: string, parent: string) => {
    const parents = parentsOf.get(child) ?? new Set<string>();
    parents.add(parent);
    parentsOf.set(child, parents);
  };
  for (const concept of vocabulary.values()) {
    for (const parent of concept.broader) link(concept.uri, parent);
    for (const child of concept.narrower) link(child, concept.uri);
  }
  const seen = new Set<string>();
  const queue = [...(parentsOf.get(uri) ?? [])];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (current === ancestor) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    queue.push(...(parentsOf.get(current) ?? []));
  }
  return false;
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

if (!skosAvailable && onCi) {
  it('finds the ScoLOMfr SKOS files (required when CI=true)', () => {
    expect.fail(`CI=true: ${missingFolder}.`);
  });
}

describe.skipIf(!skosAvailable)('ScoLOMfr concepts of vocabulary.ts against SKOS 3.2', () => {
  const files = new Map<string, Vocabulary>();
  beforeAll(() => {
    for (const voc of new Set(vocabularies.map((vocabulary) => vocabulary.voc))) {
      files.set(voc, loadVocabulary(voc));
    }
  });
  const skos = (voc: string): Vocabulary => {
    const vocabulary = files.get(voc);
    if (!vocabulary) throw new Error(`${voc}.rdf was not loaded`);
    return vocabulary;
  };

  for (const { name, voc, concepts } of vocabularies) {
    const scheme = `http://data.education.fr/voc/scolomfr/scolomfr-voc-${voc.padStart(3, '0')}`;
    const withUri = concepts.filter((concept): concept is Concept & { uri: string } => !!concept.uri);

    describe(`${name} (${voc}.rdf)`, () => {
      it('has ScoLOMfr concepts to check', () => {
        expect(withUri.length).toBeGreaterThan(0);
      });

      it('has unique codes', () => {
        expect(duplicates(concepts.map((concept) => concept.code))).toEqual([]);
      });

      for (const concept of withUri) {
        it(`${concept.code}: ${concept.uri} is a concept of ${voc}.rdf`, () => {
          const found = skos(voc).get(concept.uri);
          expect(found, `${concept.uri} is not described in ${voc}.rdf`).toBeDefined();
          expect(found?.types, `${concept.uri} is not a skos:Concept`).toContain(SKOS_CONCEPT);
          expect(found?.schemes, `${concept.uri} is not in scheme ${scheme}`).toContain(scheme);
        });

        it(`${concept.code}: the label "${concept.label}" is the French prefLabel`, () => {
          const labels = skos(voc).get(concept.uri)?.frPrefLabels ?? [];
          expect(new Set(labels).size, `${concept.uri} should have exactly one French prefLabel`).toBe(1);
          expect(concept.label, `label of ${concept.code} in vocabulary.ts`).toBe(labels[0]);
        });
      }
    });
  }

  describe('themes (disciplines from 15.rdf)', () => {
    const codes = [...new Set(themes.flatMap((theme) => theme.disciplines))];

    for (const code of codes) {
      it(`${code}: is a discipline of vocabulary.ts and a concept of 15.rdf`, () => {
        const discipline = disciplines.find((candidate) => candidate.code === code);
        expect(discipline, `${code} is not in disciplines`).toBeDefined();
        const uri = discipline?.uri ?? SCOLOMFR_CONCEPT + code;
        expect(skos('15').get(uri)?.types, `${uri} is not a skos:Concept of 15.rdf`).toContain(SKOS_CONCEPT);
      });
    }

    it('have unique codes and unique disciplines per theme', () => {
      expect(duplicates(themes.map((theme) => theme.code))).toEqual([]);
      for (const theme of themes) {
        expect(duplicates(theme.disciplines), `disciplines of theme ${theme.code}`).toEqual([]);
      }
    });
  });

  describe('level hierarchy (22.rdf)', () => {
    const byCode = new Map(levels.map((level) => [level.code, level]));
    const pairs = levels.flatMap((level) =>
      level.parent
        ? [
            {
              key: `${level.code} → ${level.parent}`,
              child: level,
              parent: byCode.get(level.parent),
              labels: `${level.label} → ${byCode.get(level.parent)?.label ?? '?'}`,
            },
          ]
        : [],
    );
    const known = (key: string) => PARENT_LINKS_NOT_IN_SKOS_HIERARCHY.includes(key);
    const ancestry = (child: Concept, parent: Concept | undefined) =>
      !!child.uri && !!parent?.uri && isSkosAncestor(skos('22'), child.uri, parent.uri);

    it('every parent code is a level', () => {
      expect(pairs.filter((pair) => !pair.parent).map((pair) => pair.key)).toEqual([]);
    });

    for (const { key, child, parent, labels } of pairs.filter((pair) => !known(pair.key))) {
      it(`${key} (${labels}): the parent is an SKOS ancestor`, () => {
        expect(
          ancestry(child, parent),
          `${parent?.uri ?? key} is not reached from ${child.uri ?? key} by skos:broader / skos:narrower`,
        ).toBe(true);
      });
    }

    it('the stated parents that are not SKOS ancestors are exactly the known ones', () => {
      const notAncestors = pairs.filter(({ child, parent }) => !ancestry(child, parent));
      const listed = notAncestors.map(({ key, labels }) => `${key} (${labels})`).join('\n  ');
      console.warn(
        `vocabulary.ts level parents that are not SKOS ancestors (broader/narrower) in 22.rdf:\n  ${listed}`,
      );
      expect(
        notAncestors.map(({ key }) => key),
        `stated parents that are not SKOS ancestors:\n  ${listed}`,
      ).toEqual([...PARENT_LINKS_NOT_IN_SKOS_HIERARCHY]);
    });

    for (const { key, child, parent, labels } of pairs.filter((pair) => known(pair.key))) {
      it(`${key} (${labels}): not in the SKOS hierarchy, but skos:related`, () => {
        const vocabulary = skos('22');
        const related =
          (!!parent?.uri && !!vocabulary.get(child.uri ?? '')?.related.includes(parent.uri)) ||
          (!!child.uri && !!vocabulary.get(parent?.uri ?? '')?.related.includes(child.uri));
        expect(related, `${key} is neither broader/narrower nor skos:related in 22.rdf`).toBe(true);
      });
    }
  });
});
