// The second kind of harvest source: schema.org LearningResource JSON-LD read from a sitemap, the way
// OERSI-style catalogues publish. The sitemap (or a sitemap index, one level deep) lists the pages with
// their lastmod; each page carries its resource as JSON-LD, either in <script type="application/ld+json">
// of an HTML page or as the page itself (application/ld+json). A record here is a page: its identifier is
// the page's address, its datestamp the sitemap's lastmod.
//
// Safety as for OAI-PMH: everything is fetched through BoundedHttp (timeout, size limit, redirects to
// allowed hosts, back-off), the sitemap is parsed by libxml2 with a DOCTYPE refused before parsing (no XXE,
// no billion laughs) and nothing loaded from the network; HTML is tokenized by htmlparser2, never run.
// A resource's JSON-LD is mapped to the notice fields, then checked by the same schema and vocabulary
// rules as a publisher's JSON notice.
import { Parser } from 'htmlparser2';
import { XmlElement } from 'libxml2-wasm';
import type { NoticeFields } from '../notices/notice-fields.js';
import { noticeFieldsSchema, normalizeVocabularies, schemaIssues } from '../notices/notice-fields.js';
import type { NoticeIssue } from '../notices/scolomfr-document.js';
import { languagesOf, licenceOf } from '../notices/scolomfr-notice.js';
import { conceptsLabelled } from '../notices/scolomfr-vocabulary.js';
import { BoundedHttp, type BoundedHttpOptions } from './bounded-http.js';
import { OaiError } from './harvest-errors.js';
import { parseSourceXml } from './source-xml.js';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
/** The sitemaps protocol's own limit per file; an index is followed one level, this many files at most. */
const MAX_URLS_PER_SITEMAP = 50_000;
const MAX_CHILD_SITEMAPS = 100;

export interface SitemapEntry {
  loc: string;
  /** W3C datetime as the sitemap gives it (a day or a full timestamp), or null. */
  lastmod: string | null;
}

/** What one page gave: its resources' JSON-LD nodes, or gone (404/410: withdrawn at the source). */
export type SitemapPage = { gone: false; resources: Record<string, unknown>[] } | { gone: true };

/** What a record reads as: the notice fields, or the errors that refuse it, with warnings. */
export interface RecordReading {
  fields?: NoticeFields;
  errors: NoticeIssue[];
  warnings: NoticeIssue[];
}

export class SitemapReader {
  private readonly http: BoundedHttp;
  private readonly sitemapUrl: URL;

  constructor(sitemapUrl: string, options: BoundedHttpOptions = {}) {
    this.sitemapUrl = new URL(sitemapUrl);
    if (this.sitemapUrl.protocol !== 'http:' && this.sitemapUrl.protocol !== 'https:') {
      throw new OaiError('http', `L’adresse ${sitemapUrl} n’est pas une adresse http(s).`);
    }
    this.http = new BoundedHttp(this.sitemapUrl, options, 'du sitemap ou de la page attendue');
  }

  /** Every page the sitemap lists (an index's sitemaps read in turn), in the sitemap's order. */
  async entries(): Promise<SitemapEntry[]> {
    const { bytes, contentType } = await this.http.get(this.sitemapUrl, 'application/xml, text/xml');
    const first = readSitemap(bytes, contentType);
    if (first.sitemaps.length === 0) return first.entries;
    if (first.sitemaps.length > MAX_CHILD_SITEMAPS) {
      throw new OaiError(
        'not-oai',
        `L’index de sitemaps liste ${first.sitemaps.length} sitemaps : au plus ${MAX_CHILD_SITEMAPS} sont lus.`,
      );
    }
    const entries = [...first.entries];
    for (const loc of first.sitemaps) {
      const child = await this.http.get(new URL(loc), 'application/xml, text/xml');
      const read = readSitemap(child.bytes, child.contentType);
      if (read.sitemaps.length > 0) {
        throw new OaiError('not-oai', `Le sitemap ${loc} est lui-même un index : un seul niveau est suivi.`);
      }
      entries.push(...read.entries);
    }
    return entries;
  }

  /** One page's LearningResource nodes. A 404 or 410 means the resource is gone from the source. */
  async page(loc: string): Promise<SitemapPage> {
    try {
      const { bytes, contentType } = await this.http.get(
        new URL(loc),
        'text/html, application/ld+json;q=0.9, application/json;q=0.8',
      );
      return { gone: false, resources: learningResourcesIn(bytes.toString('utf8'), contentType) };
    } catch (failure) {
      if (
        failure instanceof OaiError &&
        failure.status !== undefined &&
        [404, 410].includes(failure.status)
      ) {
        return { gone: true };
      }
      throw failure;
    }
  }
}

/** A sitemap's pages, or an index's sitemaps. Throws OaiError on anything else. */
export function readSitemap(
  bytes: Buffer,
  contentType = '',
): { entries: SitemapEntry[]; sitemaps: string[] } {
  const document = parseSourceXml(bytes, contentType, {
    expected: 'un sitemap XML : vérifiez son adresse',
    subject: 'Le sitemap',
  });
  try {
    const root = document.root;
    if (root.namespaceUri !== SITEMAP_NS || (root.name !== 'urlset' && root.name !== 'sitemapindex')) {
      throw new OaiError(
        'not-oai',
        `Le document n’est pas un sitemap (élément racine « ${root.name} », espace de noms ${root.namespaceUri || 'aucun'}).`,
      );
    }
    const items = elements(root, root.name === 'urlset' ? 'url' : 'sitemap');
    if (items.length > MAX_URLS_PER_SITEMAP) {
      throw new OaiError(
        'too-large',
        `Le sitemap liste ${items.length} adresses : le protocole en permet ${MAX_URLS_PER_SITEMAP} par fichier.`,
      );
    }
    const read = items.flatMap((item) => {
      const loc = elements(item, 'loc')[0]?.content.trim();
      if (!loc || !/^https?:\/\//i.test(loc)) return [];
      const lastmod = elements(item, 'lastmod')[0]?.content.trim() || null;
      return [{ loc, lastmod }];
    });
    return root.name === 'urlset'
      ? { entries: read, sitemaps: [] }
      : { entries: [], sitemaps: read.map((entry) => entry.loc) };
  } finally {
    document.dispose();
  }
}

function elements(parent: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (let node = parent.firstChild; node; node = node.next) {
    if (node instanceof XmlElement && node.name === name && node.namespaceUri === SITEMAP_NS)
      found.push(node);
  }
  return found;
}

/**
 * The LearningResource nodes of a page: its JSON-LD scripts when it is HTML, the page itself when it is
 * JSON. Arrays and @graph are flattened. A script that is not valid JSON is skipped, as browsers and
 * search engines do; a page with no LearningResource gives an empty list.
 */
export function learningResourcesIn(body: string, contentType = ''): Record<string, unknown>[] {
  const documents: unknown[] = [];
  if (/json/i.test(contentType) || /^\s*[[{]/.test(body)) {
    documents.push(parseJson(body));
  } else {
    const scripts: string[] = [];
    let current: string[] | null = null;
    const parser = new Parser({
      onopentag(name, attributes) {
        if (name === 'script' && /^application\/ld\+json\b/i.test(attributes.type ?? '')) current = [];
      },
      ontext(text) {
        current?.push(text);
      },
      onclosetag(name) {
        if (name === 'script' && current) {
          scripts.push(current.join(''));
          current = null;
        }
      },
    });
    parser.write(body);
    parser.end();
    documents.push(...scripts.map(parseJson));
  }
  const nodes: Record<string, unknown>[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 3) return;
    if (Array.isArray(value)) return value.forEach((item) => visit(item, depth + 1));
    if (!isObject(value)) return;
    if (typesOf(value).some((type) => /(^|[/:])LearningResource$/.test(type))) nodes.push(value);
    if ('@graph' in value) visit(value['@graph'], depth + 1);
  };
  documents.forEach((document) => visit(document, 0));
  return nodes;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(node: Record<string, unknown>): string[] {
  const type = node['@type'] ?? node.type;
  return (Array.isArray(type) ? type : [type]).filter((item): item is string => typeof item === 'string');
}

/** A list whatever the JSON-LD gives: one value, an array, or nothing. */
function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Text in French when the JSON-LD offers a choice: a string, a language map ({"fr": "…"}), a value object
 * ({"@value": "…", "@language": "fr"}) or a list of those.
 */
function textOf(value: unknown): string | undefined {
  const candidates = listOf(value).flatMap((item): { text: string; language: string }[] => {
    if (typeof item === 'string') return [{ text: item, language: '' }];
    if (!isObject(item)) return [];
    if (typeof item['@value'] === 'string') {
      const language = item['@language'];
      return [{ text: item['@value'], language: typeof language === 'string' ? language : '' }];
    }
    return Object.entries(item)
      .filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && /^[a-z]{2}$/.test(entry[0]),
      )
      .map(([language, text]) => ({ text, language }));
  });
  const chosen =
    candidates.find((candidate) => candidate.language.startsWith('fr')) ??
    candidates.find((candidate) => candidate.language === '') ??
    candidates[0];
  const text = chosen?.text.trim();
  return text ? text : undefined;
}

/** A term (DefinedTerm or plain value): its identifier when it has one, and its label. */
function termsOf(value: unknown): { id?: string; label?: string }[] {
  return listOf(value).flatMap((item): { id?: string; label?: string }[] => {
    if (typeof item === 'string') {
      return /^https?:\/\//.test(item) ? [{ id: item }] : [{ label: item.trim() }];
    }
    if (!isObject(item)) return [];
    const id = [item['@id'], item.id, item.url].find(
      (candidate): candidate is string => typeof candidate === 'string',
    );
    const label = textOf(item.prefLabel) ?? textOf(item.name);
    return id || label ? [{ id, label }] : [];
  });
}

function urlOf(value: unknown): string | undefined {
  for (const item of listOf(value)) {
    if (typeof item === 'string' && /^https?:\/\//.test(item)) return item;
    if (isObject(item)) {
      const id = item['@id'] ?? item.id ?? item.url;
      if (typeof id === 'string' && /^https?:\/\//.test(id)) return id;
    }
  }
  return undefined;
}

const vocabularyOfField = { levels: '022', disciplines: '015', types: '010' } as const;

/**
 * Terms → the field's values the vocabularies know (concept URI, catalogue code, or a ScoLOMfr label),
 * and the others as keywords, so nothing the source says is lost and nothing unknown is invented.
 */
function splitTerms(
  field: keyof typeof vocabularyOfField,
  terms: { id?: string; label?: string }[],
): { known: string[]; keywords: string[] } {
  const known: string[] = [];
  const keywords: string[] = [];
  for (const term of terms) {
    const candidates = [
      term.id,
      term.label,
      ...(term.label ? conceptsLabelled(term.label, vocabularyOfField[field]).map((c) => c.uri) : []),
    ].filter((value): value is string => Boolean(value));
    const accepted = candidates.find((value) => isKnown(field, value));
    if (accepted) known.push(accepted);
    else if (term.label) keywords.push(term.label);
  }
  return { known, keywords };
}

function isKnown(field: keyof typeof vocabularyOfField, value: string): boolean {
  const probe = noticeFieldsSchema.safeParse({ identifier: 'x', title: 'x', [field]: [value] });
  return probe.success && normalizeVocabularies(probe.data).errors.length === 0;
}

/** One LearningResource node → the notice fields, through the JSON notice's schema and vocabulary checks. */
export function fieldsOfLearningResource(node: Record<string, unknown>, pageUrl: string): RecordReading {
  const levels = splitTerms('levels', termsOf(node.educationalLevel));
  const disciplines = splitTerms('disciplines', [...termsOf(node.about), ...termsOf(node.teaches)]);
  const types = splitTerms('types', termsOf(node.learningResourceType));
  const keywords = listOf(node.keywords).flatMap((value) =>
    typeof value === 'string'
      ? value.split(',').map((keyword) => keyword.trim())
      : termsOf(value).map((term) => term.label ?? ''),
  );
  const licence = urlOf(node.license) ?? textOf(node.license) ?? '';
  const free = node.isAccessibleForFree;
  const date = [node.dateModified, node.datePublished, node.dateCreated]
    .map((value) => (typeof value === 'string' ? value.slice(0, 10) : ''))
    .find((value) => /^\d{4}-\d{2}-\d{2}$/.test(value));
  const publisher = listOf(node.publisher).map((item) =>
    isObject(item) ? textOf(item.name) : textOf(item),
  )[0];
  const url = urlOf(node.url) ?? urlOf(node['@id']) ?? pageUrl;
  const languages = listOf(node.inLanguage).filter((value): value is string => typeof value === 'string');
  const parsed = noticeFieldsSchema.safeParse({
    identifier: urlOf(node['@id']) ?? urlOf(node.id) ?? url,
    title: textOf(node.name) ?? '',
    description: textOf(node.description) ?? '',
    keywords: [
      ...new Set(
        [...keywords, ...levels.keywords, ...disciplines.keywords, ...types.keywords].filter(
          (keyword) => keyword.length > 0 && keyword.length <= 200,
        ),
      ),
    ].slice(0, 50),
    languages: languagesOf(languages),
    levels: levels.known,
    disciplines: disciplines.known,
    types: types.known,
    licence: licenceOf(licence),
    ...(free === true ? { cost: 'no' } : free === false ? { cost: 'yes' } : {}),
    ...(date ? { updatedOn: date } : {}),
    demoUrl: url,
    ...(publisher ? { publisherName: publisher } : {}),
    schemas: ['schema.org LearningResource'],
  });
  if (!parsed.success) return { errors: schemaIssues(parsed.error), warnings: [] };
  const normalized = normalizeVocabularies(parsed.data);
  if (normalized.errors.length > 0) return { errors: normalized.errors, warnings: normalized.warnings };
  return { fields: normalized.fields, errors: [], warnings: normalized.warnings };
}
