// A catalogue resource as a ScoLOMfr 3.1 notice (strict: every vocabulary value a concept URI with its
// label), for partners' systems and the OAI-PMH provider. Built with libxml2's tree, which escapes
// every text, and checked against the same XSD as the import in the tests.
import { XmlDocument, type XmlElement } from 'libxml2-wasm';
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

function text(parent: XmlElement, name: string, value: string): XmlElement {
  const element = parent.addElement(name);
  element.addText(value);
  return element;
}

function langString(parent: XmlElement, name: string, value: string): XmlElement {
  const element = parent.addElement(name);
  text(element, 'string', value).setAttr('language', 'fre');
  return element;
}

/** A vocabulary element (source, value, label) for a concept id or URI. */
function vocabulary(parent: XmlElement, name: string, concept: string): void {
  const uri = concept.startsWith('http') ? concept : CONCEPT_BASE + concept;
  const element = parent.addElement(name);
  text(element, 'source', SOURCE);
  text(element, 'value', uri);
  text(element, 'label', conceptOf(uri)?.label ?? concept);
}

/** A vCard 3.0 naming an organisation (folded as RFC 2426 asks: commas and semicolons escaped). */
function organisationCard(name: string): string {
  const escaped = name.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
  return `BEGIN:VCARD\nVERSION:3.0\nFN:${escaped}\nORG:${escaped}\nEND:VCARD`;
}

function isoDay(day: string | Date): string {
  return typeof day === 'string' ? day.slice(0, 10) : day.toISOString().slice(0, 10);
}

export function resourceToScolomfr(resource: ExportedResource): string {
  const document = XmlDocument.create();
  try {
    const lom = document.createRoot('lom', LOM_NS);
    lom.addNsDeclaration(LOMFR_NS, 'lomfr');
    lom.addNsDeclaration(SCOLOMFR_NS, 'scolomfr');
    writeLom(lom, resource);
    return document.toString({ format: true });
  } finally {
    document.dispose();
  }
}

/** The notice's <lom> element appended to `parent` of another document (an OAI-PMH <metadata>). */
export function appendScolomfr(parent: XmlElement, resource: ExportedResource): XmlElement {
  const lom = parent.addElement('lom');
  lom.addNsDeclaration(LOM_NS);
  // The default namespace just declared, not the parent's (libxml2-wasm types the prefix as a string,
  // and null is how it names the default namespace).
  (lom as unknown as { namespacePrefix: string | null }).namespacePrefix = null;
  lom.addNsDeclaration(LOMFR_NS, 'lomfr');
  lom.addNsDeclaration(SCOLOMFR_NS, 'scolomfr');
  writeLom(lom, resource);
  return lom;
}

function writeLom(lom: XmlElement, resource: ExportedResource): void {
  const general = lom.addElement('general');
  const identifier = general.addElement('identifier');
  text(identifier, 'catalog', 'CCR');
  text(identifier, 'entry', resource.identifier);
  langString(general, 'title', resource.title);
  for (const language of resource.languages) text(general, 'language', language);
  if (resource.description) langString(general, 'description', resource.description);
  for (const keyword of resource.keywords) langString(general, 'keyword', keyword);

  const lifeCycle = lom.addElement('lifeCycle');
  const contribute = lifeCycle.addElement('contribute');
  vocabulary(contribute, 'role', 'publisher');
  text(contribute, 'entity', organisationCard(resource.producer_name));
  text(contribute.addElement('date'), 'dateTime', isoDay(resource.published_on));

  const metaMetadata = lom.addElement('metaMetadata');
  text(metaMetadata, 'metadataSchema', SOURCE);
  text(metaMetadata, 'language', 'fre');

  if (resource.demo_url) text(lom.addElement('technical'), 'location', resource.demo_url);

  const types = resource.types.filter((type) => conceptOf(CONCEPT_BASE + type));
  if (types.length > 0) {
    const educational = lom.addElement('educational');
    for (const type of types) vocabulary(educational, 'learningResourceType', type);
  }

  vocabulary(lom.addElement('rights'), 'cost', resource.cost === 'yes' ? 'yes' : 'no');

  const classification = (purpose: string, source: string, concepts: readonly string[]) => {
    const known = concepts.map((code) => conceptOf(CONCEPT_BASE + code)).filter((c) => c !== undefined);
    if (known.length === 0) return;
    const element = lom.addElement('classification');
    vocabulary(element, 'purpose', purpose);
    // One path per concept: the catalogue keeps concepts, not the paths they were chosen from.
    for (const concept of known) {
      const taxonPath = element.addElement('taxonPath');
      langString(taxonPath, 'source', source);
      const taxon = taxonPath.addElement('taxon');
      text(taxon, 'id', concept.uri);
      langString(taxon, 'entry', concept.label);
    }
  };
  classification('discipline', 'scolomfr-voc-015', resource.disciplines);
  classification('educational_level', 'scolomfr-voc-022', resource.levels);
}
