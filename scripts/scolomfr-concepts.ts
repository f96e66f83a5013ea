// Builds vendor/scolomfr/concepts.json from the ScoLOMfr SKOS 3.2 files (../shared/scolomfr/skos-3.2):
// every concept's vocabulary, French preferred label, other labels, broader concepts, status and
// replacement. The import checks notices against it at run time without reading 9 MB of RDF/XML.
// Run: npx tsx scripts/scolomfr-concepts.ts [SKOS_DIR]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import type { StoredConcept as Concept } from '../src/modules/notices/scolomfr-vocabulary.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const skosDir =
  process.argv[2] ??
  path.join(process.env.SHARED_DIR ?? path.join(here, '../../shared'), 'scolomfr/skos-3.2');
const target = path.join(here, '../vendor/scolomfr/concepts.json');
const SCHEME = 'http://data.education.fr/voc/scolomfr/scolomfr-voc-';

type Node = Record<string, unknown>;
const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const resource = (node: unknown) => (node as Node)['@_rdf:resource'] as string;
const frenchText = (node: unknown): string | undefined => {
  const value = node as Node | string;
  if (typeof value === 'string') return value;
  if (value['@_xml:lang'] !== undefined && value['@_xml:lang'] !== 'fr') return undefined;
  const text = value['#text'];
  return typeof text === 'string' || typeof text === 'number' ? String(text) : '';
};

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: false });
const concepts: Record<string, Partial<Concept>> = {};
for (const file of fs
  .readdirSync(skosDir)
  .filter((name) => name.endsWith('.rdf'))
  .sort()) {
  const rdf = parser.parse(fs.readFileSync(path.join(skosDir, file), 'utf8')) as Node;
  for (const description of list((rdf['rdf:RDF'] as Node)['rdf:Description'] as Node[])) {
    const uri = description['@_rdf:about'] as string;
    const concept = (concepts[uri] ??= {});
    for (const scheme of list(description['skos:inScheme']).map(resource))
      if (scheme.startsWith(SCHEME)) concept.v = scheme.slice(SCHEME.length);
    const pref = list(description['skos:prefLabel'])
      .map(frenchText)
      .find((label) => label);
    if (pref) concept.l = pref;
    const others = [
      ...list(description['skos:altLabel']),
      ...list(description['canope:labelEquivalentExact']),
      ...list(description['skos:hiddenLabel']),
    ]
      .map(frenchText)
      .filter((label): label is string => Boolean(label))
      .map((label) => label.toLowerCase());
    if (others.length > 0) concept.a = [...new Set([...(concept.a ?? []), ...others])];
    const broader = list(description['skos:broader']).map(resource);
    if (broader.length > 0) concept.b = [...new Set([...(concept.b ?? []), ...broader])];
    const status = list(description['isothes:status'])
      .map(frenchText)
      .find((label) => label);
    if (status && status !== 'Actuel') concept.s = status;
    const replacedBy = list(description['dcterms:isReplacedBy']).map(resource)[0];
    if (replacedBy) concept.r = replacedBy;
  }
}
const complete = Object.fromEntries(
  Object.entries(concepts)
    .filter(([, concept]) => concept.v !== undefined && concept.l !== undefined)
    .sort(([a], [b]) => a.localeCompare(b)),
);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, JSON.stringify(complete) + '\n');
console.log(`${Object.keys(complete).length} concepts written to ${path.relative(process.cwd(), target)}`);
