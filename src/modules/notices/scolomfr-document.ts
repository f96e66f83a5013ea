// Reads one ScoLOMfr notice: parses it safely, checks its structure against the ScoLOMfr 3.1 XSD (with
// libxml2, a real XSD validator), and returns the document for the vocabulary checks and the reading.
//
// Safety first: a notice with a DOCTYPE is refused before parsing (no DTD, hence no external entity and
// no entity expansion: XXE and "billion laughs" cannot start), libxml2 never loads anything from the
// network or the disk while parsing, and a notice larger than MAX_NOTICE_BYTES is refused unread.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ParseOption, XmlDocument, XmlParseError, XsdValidator, XmlValidateError } from 'libxml2-wasm';
import type { XmlElement } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';
import type { ErrorDetail } from 'libxml2-wasm';

export const LOM_NS = 'http://ltsc.ieee.org/xsd/LOM';
export const SCOLOMFR_NS = 'http://www.lom-fr.fr/xsd/SCOLOMFR';
export const LOMFR_NS = 'http://www.lom-fr.fr/xsd/LOMFR';

/** One notice's XML is a few kilobytes; a megabyte is already absurd, and never parsed. */
export const MAX_NOTICE_BYTES = 1_000_000;

const XSD_PATH = fileURLToPath(new URL('../../../vendor/scolomfr/xsd-3.1/scolomfr.xsd', import.meta.url));

/** A problem with a notice, located: the element path and line, the rule broken, a French message. */
export interface NoticeIssue {
  path: string;
  line: number;
  rule: string;
  message: string;
}

let validator: XsdValidator | undefined;

/** The ScoLOMfr 3.1 schema, compiled once (about a second) and kept. */
function schema(): XsdValidator {
  if (!validator) {
    // The schema's own xs:include / xs:import are local files of the vendored folder.
    xmlRegisterFsInputProviders();
    const source = XmlDocument.fromBuffer(fs.readFileSync(XSD_PATH), { url: XSD_PATH });
    validator = XsdValidator.fromDoc(source);
    source.dispose();
  }
  return validator;
}

/** Parse options: no entity substitution, no DTD loading, nothing from the network, no external entity. */
const SAFE_PARSING = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

export type ParsedNotice = { document: XmlDocument } | { issues: NoticeIssue[] };

/** Parses one notice safely. On success the caller owns `document` and must dispose of it. */
export function parseNotice(xml: Buffer | string): ParsedNotice {
  const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
  if (bytes.length > MAX_NOTICE_BYTES) {
    return {
      issues: [
        issue('/', 0, 'size', `La notice dépasse ${MAX_NOTICE_BYTES / 1_000_000} Mo : elle n’est pas lue.`),
      ],
    };
  }
  const text = bytes.toString('latin1');
  const doctype = text.search(/<!DOCTYPE/i);
  if (doctype >= 0) {
    return {
      issues: [
        issue(
          '/',
          lineOf(text, doctype),
          'xml.doctype',
          'Les déclarations DOCTYPE (DTD, entités) sont refusées : une notice ScoLOMfr n’en a pas besoin.',
        ),
      ],
    };
  }
  let document: XmlDocument;
  try {
    document = XmlDocument.fromBuffer(bytes, { option: SAFE_PARSING });
  } catch (error) {
    if (error instanceof XmlParseError) {
      return { issues: error.details.slice(0, 5).map((detail) => fromLibxml(detail, 'xml.well-formed')) };
    }
    throw error;
  }
  const root = document.root;
  if (root.namespaceUri !== LOM_NS || root.name !== 'lom') {
    // Named before the document is freed: its strings live in the document's memory.
    const found = root.namespaceUri ? `{${root.namespaceUri}}${root.name}` : root.name;
    const { line, name } = root;
    document.dispose();
    return {
      issues: [
        issue(
          `/${name}`,
          line,
          'scolomfr.root',
          `L’élément racine doit être « lom » dans l’espace de noms ${LOM_NS} ; trouvé : « ${found} ».`,
        ),
      ],
    };
  }
  return { document };
}

/**
 * The departures from the ScoLOMfr 3.1 XSD (the first 20) of a notice: a document, or a <lom> element
 * validated where it stands (a record of an OAI-PMH page), its lines counted from `firstLine`.
 */
export function checkStructure(notice: XmlDocument | XmlElement, firstLine = 1): NoticeIssue[] {
  try {
    // validate() has one overload per kind (a document, an element in place), not one for the union.
    if (notice instanceof XmlDocument) schema().validate(notice);
    else schema().validate(notice);
    return [];
  } catch (error) {
    if (!(error instanceof XmlValidateError)) throw error;
    return error.details.slice(0, 20).map((detail) => {
      const issue = fromLibxml(detail, 'xsd');
      return { ...issue, line: Math.max(0, issue.line - firstLine + 1) };
    });
  }
}

function issue(pathName: string, line: number, rule: string, message: string): NoticeIssue {
  return { path: pathName, line, rule, message };
}

function lineOf(text: string, offset: number): number {
  return offset < 0 ? 0 : text.slice(0, offset).split('\n').length;
}

/**
 * A libxml2 diagnostic in French. Schema errors name the element as "Element '{ns}name': ..."; the
 * common cases get a French sentence, the others keep libxml2's English after a French lead.
 */
function fromLibxml(detail: ErrorDetail, rule: string): NoticeIssue {
  const message = detail.message.trim();
  const element = /Element '(?:\{[^}]*\})?([^']+)'/.exec(message)?.[1];
  const pathName = element ? `//${element}` : '/';
  const local = (names: string) => names.replace(/\{[^}]*\}/g, '').trim();
  let french: string;
  let match: RegExpExecArray | null;
  if ((match = /This element is not expected\. Expected is(?: one of)? \( ([^)]*) \)/.exec(message))) {
    french = `L’élément « ${element} » n’est pas attendu à cet endroit ; attendu : ${local(match[1]!)}.`;
    rule = 'xsd.order';
  } else if (/Duplicate key-sequence/.test(message)) {
    french = `L’élément « ${element} » ne peut figurer qu’une fois à cet endroit.`;
    rule = 'xsd.unique';
  } else if (/This element is not expected/.test(message)) {
    french = `L’élément « ${element} » n’est pas attendu à cet endroit.`;
    rule = 'xsd.unexpected';
  } else if ((match = /Missing child element\(s\)\. Expected is(?: one of)? \( ([^)]*) \)/.exec(message))) {
    french = `Il manque dans « ${element} » un élément obligatoire : ${local(match[1]!)}.`;
    rule = 'xsd.missing';
  } else if ((match = /\[facet 'pattern'\] The value '([^']*)' is not accepted/.exec(message))) {
    const expected = element === 'dateTime' ? ' (une date ISO 8601, par exemple 2025-09-01)' : '';
    french = `La valeur « ${match[1]} » de « ${element} » n’a pas le format attendu${expected}.`;
    rule = 'xsd.type';
  } else if (
    /is not a valid value of the atomic type|is not a valid value of the local atomic type/.test(message)
  ) {
    french = `La valeur de « ${element} » n’a pas le type attendu par le schéma (${message}).`;
    rule = 'xsd.type';
  } else if (/No matching global declaration available for the validation root/.test(message)) {
    french = 'L’élément racine n’est pas une notice LOM / ScoLOMfr.';
    rule = 'xsd.root';
  } else if (rule === 'xml.well-formed') {
    french = `Le XML est mal formé : ${message}`;
  } else {
    french = `Structure non conforme au schéma ScoLOMfr : ${message}`;
  }
  return issue(pathName, detail.line, rule, french);
}
