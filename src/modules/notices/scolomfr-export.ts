// A catalogue resource as a ScoLOMfr 3.1 notice (strict: every vocabulary value a concept URI with its
// label), for partners' systems and the OAI-PMH provider. Built as fast-xml-parser's builder objects
// (xml-builder.ts escapes every text and attribute), and checked against the same XSD as the import in
// the tests. The OAI-PMH provider puts the same <lom> object in its replies.
import { buildXml, type XmlObject } from '../../shared/xml-builder.js';
import { LOMFR_NS, LOM_NS, SCOLOMFR_NS } from './scolomfr-document.js';
import { CONCEPT_BASE, conceptOf } from './scolomfr-vocabulary.js';

/** What the export needs of a resource (catalogue's resource row). */
export interface ExportedResource {
  identifier: string;
  title: string;
  description: string;
  keywords: readonly string[];
  languages: readonly string[];
  levels: readonly string[];
  disciplines: readonly string[];
  types: readonly string[];
  cost: string;
  demo_url: string | null;
  published_on: string | Date;
  producer_name: string;
}

const SOURCE = 'SCOLOMFRv3.1';

const langString = (value: string): XmlObject => ({ string: { '@language': 'fre', '#text': value } });

/** A vocabulary element's content (source, value, label) for a concept id or URI. */
function vocabulary(concept: string): XmlObject {
  const uri = concept.startsWith('http') ? concept : CONCEPT_BASE + concept;
  return { source: SOURCE, value: uri, label: conceptOf(uri)?.label ?? concept };
}

/** A vCard 3.0 naming an organisation (folded as RFC 2426 asks: commas and semicolons escaped). */
function organisationCard(name: string): string {
  const escaped = name.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
  return `BEGIN:VCARD\nVERSION:3.0\nFN:${escaped}\nORG:${escaped}\nEND:VCARD`;
}

function isoDay(day: string | Date): string {
  return typeof day === 'string' ? day.slice(0, 10) : day.toISOString().slice(0, 10);
}

/** The notice as a standalone document (indented, with its XML declaration). */
export function resourceToScolomfr(resource: ExportedResource): string {
  return buildXml({ lom: lomElement(resource) }, { declaration: true, format: true });
}

/**
 * The <lom> element: its namespaces declared on it, so that it stands alone inside another document (an
 * OAI-PMH <metadata>) as well as at the root of its own. Elements come in the XSD's order.
 */
export function lomElement(resource: ExportedResource): XmlObject {
  const types = resource.types.filter((type) => conceptOf(CONCEPT_BASE + type));
  // One path per concept: the catalogue keeps concepts, not the paths they were chosen from.
  const classification = (purpose: string, source: string, concepts: readonly string[]) => {
    const known = concepts.map((code) => conceptOf(CONCEPT_BASE + code)).filter((c) => c !== undefined);
    if (known.length === 0) return [];
    return [
      {
        purpose: vocabulary(purpose),
        taxonPath: known.map((concept) => ({
          source: langString(source),
          taxon: { id: concept.uri, entry: langString(concept.label) },
        })),
      },
    ];
  };
  return {
    '@xmlns': LOM_NS,
    '@xmlns:lomfr': LOMFR_NS,
    '@xmlns:scolomfr': SCOLOMFR_NS,
    general: {
      identifier: { catalog: 'CCR', entry: resource.identifier },
      title: langString(resource.title),
      language: resource.languages,
      description: resource.description ? [langString(resource.description)] : [],
      keyword: resource.keywords.map(langString),
    },
    lifeCycle: {
      contribute: {
        role: vocabulary('publisher'),
        entity: organisationCard(resource.producer_name),
        date: { dateTime: isoDay(resource.published_on) },
      },
    },
    metaMetadata: { metadataSchema: SOURCE, language: 'fre' },
    technical: resource.demo_url ? [{ location: resource.demo_url }] : [],
    educational: types.length > 0 ? [{ learningResourceType: types.map(vocabulary) }] : [],
    rights: { cost: vocabulary(resource.cost === 'yes' ? 'yes' : 'no') },
    classification: [
      ...classification('discipline', 'scolomfr-voc-015', resource.disciplines),
      ...classification('educational_level', 'scolomfr-voc-022', resource.levels),
    ],
  };
}
