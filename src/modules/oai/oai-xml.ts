// OAI-PMH 2.0 replies as builder objects (src/shared/xml-builder.ts escapes every text and attribute,
// nothing is concatenated): the envelope, headers, oai_dc and ScoLOMfr records, resumption tokens, errors.
import { buildXml, type XmlObject } from '../../shared/xml-builder.js';
import { disciplines, expandLevels, labelOf, licences, resourceTypes } from '../catalogue/vocabulary.js';
import { lomElement } from '../notices/scolomfr-export.js';
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

/** What fills the reply after <request>: the verb's element, or the errors. */
export type ReplyBody = { verb: string; content: XmlObject } | { errors: readonly OaiError[] };

const schemaLocation = (namespace: string, xsd: string): XmlObject => ({
  '@xmlns:xsi': XSI_NS,
  '@xsi:schemaLocation': `${namespace} ${xsd}`,
});

/** Builds one reply. */
export function oaiReply(
  responseDate: string,
  baseUrl: string,
  request: EchoedRequest,
  body: ReplyBody,
): string {
  const echoed: Record<string, string> = {};
  for (const [name, value] of Object.entries(request ?? {})) echoed[`@${name}`] = value;
  return buildXml({
    'OAI-PMH': {
      '@xmlns': OAI_NS,
      ...schemaLocation(OAI_NS, 'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd'),
      responseDate,
      request: { ...echoed, '#text': baseUrl },
      ...('errors' in body
        ? { error: body.errors.map((error) => ({ '@code': error.code, '#text': error.message })) }
        : { [body.verb]: body.content }),
    },
  });
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

export function header(row: OaiRecordRow, context: RecordContext): XmlObject {
  return {
    ...(row.withdrawn ? { '@status': 'deleted' } : {}),
    identifier: context.identifierPrefix + row.identifier,
    datestamp: datestampOf(row.modified_at),
    setSpec: setSpecsOf(row),
  };
}

export function record(row: OaiRecordRow, prefix: 'oai_dc' | 'scolomfr', context: RecordContext): XmlObject {
  if (row.withdrawn) return { header: header(row, context) };
  return {
    header: header(row, context),
    metadata: prefix === 'scolomfr' ? { lom: lomElement(row) } : { 'oai_dc:dc': oaiDc(row, context) },
  };
}

function oaiDc(row: OaiRecordRow, context: RecordContext): XmlObject {
  const fields: Record<string, string[]> = {};
  const field = (name: string, value: string) => {
    if (value.trim() !== '') (fields[`dc:${name}`] ??= []).push(value);
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
  return {
    '@xmlns:oai_dc': OAI_DC_NS,
    '@xmlns:dc': DC_NS,
    ...schemaLocation(OAI_DC_NS, 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd'),
    ...fields,
  };
}

export function oaiIdentifierDescription(host: string, sample: string): XmlObject {
  return {
    'oai-identifier': {
      '@xmlns': OAI_IDENTIFIER_NS,
      ...schemaLocation(OAI_IDENTIFIER_NS, 'http://www.openarchives.org/OAI/2.0/oai-identifier.xsd'),
      scheme: 'oai',
      repositoryIdentifier: host,
      delimiter: ':',
      sampleIdentifier: sample,
    },
  };
}
