// XML written from plain objects by fast-xml-parser's builder: the documents we serve (OAI-PMH replies,
// ScoLOMfr notices). Building a libxml2 tree node by node cost the OAI-PMH provider twice as much CPU
// per record as the rest of its work; the builder writes the string directly.
//
// The object form: a key is an element (an array repeats it, in order; an empty array writes nothing),
// "@name" an attribute, "#text" the text beside attributes. Every text and attribute is escaped by the
// builder; characters XML 1.0 cannot carry at all (control characters) are dropped first, so that a
// stray one in the database never makes a reply that no harvester can parse.
import { XMLBuilder } from 'fast-xml-parser';

export type XmlValue = string | number | XmlObject | readonly XmlValue[];
export interface XmlObject {
  readonly [name: string]: XmlValue;
}

const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlCharactersOnly = (_name: string, value: unknown): unknown =>
  typeof value === 'string' ? value.replace(NOT_XML_CHARACTER, '') : value;

const options = {
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  suppressEmptyNode: false,
  suppressBooleanAttributes: false,
  processEntities: true,
  jPath: false,
  tagValueProcessor: xmlCharactersOnly,
  attributeValueProcessor: xmlCharactersOnly,
} as const;
const compact = new XMLBuilder(options);
const indented = new XMLBuilder({ ...options, format: true, indentBy: '  ' });

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** One document from its root element's object ({ rootName: content }). */
export function buildXml(root: XmlObject, { declaration = true, format = false } = {}): string {
  const xml: string = (format ? indented : compact).build(root);
  return declaration ? DECLARATION + xml.replace(/^\n+/, '') : xml;
}
