// A remote source's XML (an OAI-PMH reply, a sitemap) parsed safely, with the same refusals for both:
// an HTML page is named as such; a DOCTYPE is refused before parsing (no XXE, no entity bomb); libxml2
// parses with nothing loaded from the network; malformed XML says its first error and line. The caller
// checks the root element and disposes of the document.
import { ParseOption, XmlDocument, XmlParseError } from 'libxml2-wasm';
import { OaiError } from './harvest-errors.js';

const SAFE_PARSING = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

export interface SourceXmlWording {
  /** What was expected instead of an HTML page, with advice: "une réponse OAI-PMH : vérifiez…". */
  expected: string;
  /** The document as a subject: "La réponse de la source", "Le sitemap". */
  subject: string;
}

export function parseSourceXml(bytes: Buffer, contentType: string, wording: SourceXmlWording): XmlDocument {
  const head = bytes.subarray(0, 1024).toString('latin1').trimStart().toLowerCase();
  if (/text\/html/i.test(contentType) || head.startsWith('<!doctype html') || head.startsWith('<html')) {
    throw new OaiError('html', `La source a répondu une page HTML, pas ${wording.expected}.`);
  }
  if (bytes.includes('<!DOCTYPE') || bytes.includes('<!doctype')) {
    throw new OaiError(
      'doctype',
      `${wording.subject} contient une déclaration DOCTYPE (DTD, entités) : le document est refusé sans être lu (protection XXE et « billion laughs »).`,
    );
  }
  try {
    return XmlDocument.fromBuffer(bytes, { option: SAFE_PARSING });
  } catch (error) {
    if (error instanceof XmlParseError) {
      const first = error.details[0];
      throw new OaiError(
        'malformed',
        `${wording.subject} est un XML mal formé${first ? ` (ligne ${first.line} : ${first.message.trim()})` : ''}.`,
      );
    }
    throw error;
  }
}
