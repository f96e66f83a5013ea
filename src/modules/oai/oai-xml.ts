// OAI-PMH 2.0 replies built with libxml2's tree (every text and attribute escaped by libxml2, never
// concatenated): the envelope, headers, oai_dc and ScoLOMfr records, resumption tokens, errors.
import { XmlDocument, type XmlElement } from 'libxml2-wasm';
import { disciplines, expandLevels, labelOf, licences, resourceTypes } from '../catalogue/vocabulary.js';
import { appendScolomfr } from '../notices/scolomfr-export.js';
import type { OaiRecordRow } from './oai.repository.js';

export const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
export const OAI_DC_NS = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
export const DC_NS = 'http://purl.org/dc/elements/1.1/';
export const OAI_IDENTIFIER_NS = 'http://www.openarchives.org/OAI/2.0/oai-identifier';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export type OaiErrorCode =
  | 'badArgument'
  | 'badResumptionToken'
  | 'badVerb'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

export interface OaiError {
  code: OaiErrorCode;
  message: string;
}

/** The request echoed in the reply: the verb and arguments, or none after badVerb / badArgument. */
export type EchoedRequest = Readonly<Record<string, string>> | null;

export function text(parent: XmlElement, name: string, value: string, prefix?: string): XmlElement {
  const element = parent.addElement(name, prefix);
  element.addText(value);
  return element;
}

/** A new element in its own default namespace, beneath a parent of another namespace. */
function elementInNamespace(parent: XmlElement, name: string, namespace: string): XmlElement {
  const element = parent.addElement(name);
  element.addNsDeclaration(namespace);
  // libxml2-wasm types the prefix as a string; null is how it names the default namespace.
  (element as unknown as { namespacePrefix: string | null }).namespacePrefix = null;
  return element;
}

function schemaLocation(element: XmlElement, value: string): void {
  element.addNsDeclaration(XSI_NS, 'xsi');
  element.setAttr('schemaLocation', value, 'xsi');
}

/** Builds one reply; `body` fills the verb's element (or the envelope with errors). */
export function oaiReply(
  responseDate: string,
  baseUrl: string,
  request: EchoedRequest,
  body: (root: XmlElement) => void,
): string {
  const document = XmlDocument.create();
  try {
    const root = document.createRoot('OAI-PMH', OAI_NS);
    schemaLocation(root, `${OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd`);
    text(root, 'responseDate', responseDate);
    const echoed = text(root, 'request', baseUrl);
    for (const [name, value] of Object.entries(request ?? {})) echoed.setAttr(name, value);
    body(root);
    return document.toString({ format: false });
  } finally {
    document.dispose();
  }
}

export function writeErrors(root: XmlElement, errors: readonly OaiError[]): void {
  for (const error of errors) text(root, 'error', error.message).setAttr('code', error.code);
}

/** The second-granularity datestamp of an instant with microseconds. */
export function datestampOf(instant: string): string {
  return `${instant.slice(0, 19)}Z`;
}

export interface RecordContext {
  /** oai:<host>: */
  identifierPrefix: string;
  publicUrl: string;
}

export function setSpecsOf(row: OaiRecordRow): string[] {
  return [
    ...row.disciplines.map((code) => `discipline:${code}`),
    ...expandLevels(row.levels).map((code) => `level:${code}`),
    `producer:${row.producer_code}`,
    `cost:${row.cost}`,
    ...(row.source_id === null ? [] : [`source:${row.source_id}`]),
  ].filter((spec) => /^([A-Za-z0-9\-_.!~*'()])+(:[A-Za-z0-9\-_.!~*'()]+)*$/.test(spec));
}

export function writeHeader(parent: XmlElement, row: OaiRecordRow, context: RecordContext): void {
  const header = parent.addElement('header');
  if (row.withdrawn) header.setAttr('status', 'deleted');
  text(header, 'identifier', context.identifierPrefix + row.identifier);
  text(header, 'datestamp', datestampOf(row.modified_at));
  for (const spec of setSpecsOf(row)) text(header, 'setSpec', spec);
}

export function writeRecord(
  parent: XmlElement,
  row: OaiRecordRow,
  prefix: 'oai_dc' | 'scolomfr',
  context: RecordContext,
): void {
  const record = parent.addElement('record');
  writeHeader(record, row, context);
  if (row.withdrawn) return;
  const metadata = record.addElement('metadata');
  if (prefix === 'scolomfr') appendScolomfr(metadata, row);
  else writeOaiDc(metadata, row, context);
}

function writeOaiDc(parent: XmlElement, row: OaiRecordRow, context: RecordContext): void {
  const dc = parent.addElement('dc');
  dc.addNsDeclaration(OAI_DC_NS, 'oai_dc');
  dc.namespacePrefix = 'oai_dc';
  dc.addNsDeclaration(DC_NS, 'dc');
  schemaLocation(dc, `${OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd`);
  const field = (name: string, value: string) => {
    if (value.trim() !== '') text(dc, name, value, 'dc');
  };
  field('title', row.title);
  field('description', row.description);
  for (const code of row.disciplines) field('subject', labelOf(disciplines, code));
  for (const keyword of row.keywords) field('subject', keyword);
  for (const code of row.types) field('type', labelOf(resourceTypes, code));
  field('publisher', row.producer_name);
  field('date', row.published_on.slice(0, 10));
  field('identifier', `${context.publicUrl}/ressources/${row.id}`);
  for (const language of row.languages) field('language', language);
  field('rights', labelOf(licences, row.licence));
}

export function writeOaiIdentifier(parent: XmlElement, host: string, sample: string): void {
  const description = parent.addElement('description');
  const identifier = elementInNamespace(description, 'oai-identifier', OAI_IDENTIFIER_NS);
  schemaLocation(identifier, `${OAI_IDENTIFIER_NS} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd`);
  text(identifier, 'scheme', 'oai');
  text(identifier, 'repositoryIdentifier', host);
  text(identifier, 'delimiter', ':');
  text(identifier, 'sampleIdentifier', sample);
}
