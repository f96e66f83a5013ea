// One ScoLOMfr notice read into what the catalogue keeps, with every problem located: structure (the
// XSD), vocabularies (the SKOS concepts) and the fields a notice must have. Older notices are accepted:
// LOMv1.0 values and label-only values become concept URIs where the label is known, deprecated
// concepts become their replacements (unless the catalogue curates them), and each such change is a
// warning. Notices of a profile newer
// than 3.x are read for the elements we know; what the 3.1 schema does not know is a warning.
import { XmlElement } from 'libxml2-wasm';
import { LOM_NS, checkStructure, parseNotice, type NoticeIssue } from './scolomfr-document.js';
import {
  CONCEPT_BASE,
  conceptOf,
  conceptsLabelled,
  isUnder,
  isVocabulary,
  purposeVocabularies,
  vocabularyOfSource,
  vocabularyOfUri,
} from './scolomfr-vocabulary.js';
import { isCalendarDay } from '../../shared/clock.js';
import { disciplines as curatedDisciplines, levels as curatedLevels } from '../catalogue/vocabulary.js';
import { noticeFieldsSchema, type NoticeFields } from './notice-fields.js';

/** The classification concepts the catalogue's facets are made of. */
const curatedUris = new Set(
  [...curatedDisciplines, ...curatedLevels].flatMap((concept) => (concept.uri ? [concept.uri] : [])),
);

export interface NoticeReading {
  fields?: NoticeFields;
  errors: NoticeIssue[];
  warnings: NoticeIssue[];
}

/**
 * The notice's elements as the reading walks them, taken from libxml2's tree once. The reading asks for
 * some forty paths per notice; answering each with an XPath query (a context, a namespace, a node set,
 * a wrapper per node) cost half of reading a notice, more than the XSD check.
 */
interface Node {
  element: XmlElement;
  /** Local name. */
  name: string;
  /** In the LOM namespace (the only one the paths name). */
  lom: boolean;
  parent: Node | undefined;
  children: Node[];
}

/**
 * The node above the <lom> element (the document, or where the element stands), for absolute paths,
 * with the answers to absolute paths and to "//name" gathered by the walk, in document order: the
 * reading's forty questions are then lookups.
 */
interface Tree extends Node {
  /** LOM elements under LOM elements only, by their names from the root: "lom/general/title/string". */
  byPath: Map<string, Node[]>;
  /** LOM elements by local name, wherever they are. */
  byName: Map<string, Node[]>;
}

function treeOf(root: XmlElement): Tree {
  const byPath = new Map<string, Node[]>();
  const byName = new Map<string, Node[]>();
  const add = (map: Map<string, Node[]>, key: string, node: Node) => {
    const list = map.get(key);
    if (list) list.push(node);
    else map.set(key, [node]);
  };
  const walk = (element: XmlElement, parent: Node, path: string | undefined): Node => {
    const node: Node = {
      element,
      name: element.name,
      lom: element.namespaceUri === LOM_NS,
      parent,
      children: [],
    };
    // The path only runs on while every step is in the LOM namespace, as the paths asked are.
    const own =
      node.lom && path !== undefined ? (path === '' ? node.name : `${path}/${node.name}`) : undefined;
    if (own !== undefined) add(byPath, own, node);
    if (node.lom) add(byName, node.name, node);
    for (let child = element.firstChild; child; child = child.next) {
      if (child instanceof XmlElement) node.children.push(walk(child, node, own));
    }
    return node;
  };
  const top: Tree = { element: root, name: '', lom: false, parent: undefined, children: [], byPath, byName };
  top.children.push(walk(root, top, ''));
  return top;
}

const parsedPaths = new Map<string, { descendants: boolean; steps: string[] }>();

/**
 * The elements a path selects, in document order, as XPath would: "a/b" (children, from the context),
 * "/a/b" (from the document), "//a" (every descendant of the document); every step in the LOM
 * namespace ("lom:a").
 */
function select(context: Node, path: string): Node[] {
  let parsed = parsedPaths.get(path);
  if (!parsed) {
    parsed = {
      descendants: path.startsWith('//'),
      steps: path
        .replace(/^\/+/, '')
        .split('/')
        .map((step) => step.replace(/^lom:/, '')),
    };
    parsedPaths.set(path, parsed);
  }
  const { descendants, steps } = parsed;
  if ('byPath' in context) {
    const tree = context as Tree;
    return (descendants ? tree.byName.get(steps[0]!) : tree.byPath.get(steps.join('/'))) ?? [];
  }
  if (descendants) {
    const found: Node[] = [];
    const visit = (node: Node) => {
      if (node.lom && node.name === steps[0]) found.push(node);
      node.children.forEach(visit);
    };
    context.children.forEach(visit);
    return found;
  }
  let nodes = [context];
  for (const step of steps) {
    nodes = nodes.flatMap((node) => node.children.filter((child) => child.lom && child.name === step));
  }
  return nodes;
}

/** The element path of a node, e.g. /lom/general/title/string. */
function pathOf(node: Node): string {
  const names: string[] = [];
  for (let at: Node | undefined = node; at?.parent; at = at.parent) names.unshift(at.name);
  return '/' + names.join('/');
}

function texts(context: Node, path: string): string[] {
  return select(context, path)
    .map((node) => node.element.content.trim())
    .filter((text) => text.length > 0);
}

function elements(context: Node, path: string): Node[] {
  return select(context, path);
}

/** Sets an element's text (a value converted to its concept URI). */
function setText(element: XmlElement, text: string): void {
  const child = element.firstChild;
  if (child && 'content' in child) (child as unknown as { content: string }).content = text;
}

/** Reads one notice. Never throws on bad input: every problem is an error or a warning. */
export function readNotice(xml: Buffer | string): NoticeReading {
  const parsed = parseNotice(xml);
  if (!('document' in parsed)) return { errors: parsed.issues, warnings: [] };
  const { document } = parsed;
  try {
    return readLom(document.root);
  } finally {
    document.dispose();
  }
}

/**
 * Reads a <lom> element where it stands: the root of its own document, or a record's metadata inside
 * a harvested OAI-PMH page (read in place: no copy of the record, no second parse). Lines are the
 * document's, or counted from `firstLine` (the record's). Converting legacy values changes its texts.
 */
export function readLom(root: XmlElement, firstLine = 1): NoticeReading {
  const errors: NoticeIssue[] = [];
  const warnings: NoticeIssue[] = [];
  const tree = treeOf(root);
  const lineOf = (element: XmlElement) => element.line - firstLine + 1;
  const located = (node: Node, rule: string, message: string): NoticeIssue => ({
    path: pathOf(node),
    line: lineOf(node.element),
    rule,
    message,
  });

  // Vocabulary values of LOM elements (source + value): legacy and label-only values become URIs.
  for (const value of elements(tree, '//lom:value')) {
    const text = value.element.content.trim();
    if (text.startsWith('http://') || text.startsWith('https://')) continue;
    const named = conceptOf(CONCEPT_BASE + text.replace(/\s+/g, '_'));
    const labelled = conceptsLabelled(text);
    const concept = named ?? (labelled.length === 1 ? labelled[0] : undefined);
    if (concept) {
      setText(value.element, concept.uri);
      warnings.push(
        located(
          value,
          'vocabulary.legacy',
          `La valeur « ${text} » a été convertie en concept ScoLOMfr ${concept.uri}.`,
        ),
      );
    }
  }

  const schemas = texts(tree, '/lom:lom/lom:metaMetadata/lom:metadataSchema');
  const newest = Math.max(
    0,
    ...schemas.map((schema) => Number(/SCOLOMFRv(\d+)/i.exec(schema)?.[1] ?? 0)).filter(Number.isFinite),
  );
  // A profile newer than 3.x: elements the 3.1 schema does not know are warned about, not refused.
  for (const issue of checkStructure(root, firstLine)) {
    if (newest > 3 && /^xsd\.(order|unexpected)$/.test(issue.rule)) warnings.push(issue);
    else errors.push(issue);
  }

  // Classifications: source vocabulary, purpose, taxons and their hierarchy, labels.
  const levels: string[] = [];
  const disciplines: string[] = [];
  for (const classification of elements(tree, '/lom:lom/lom:classification')) {
    const purpose = elements(classification, 'lom:purpose/lom:value')[0];
    const purposeUri = purpose?.element.content.trim();
    if (!purpose) {
      warnings.push(
        located(
          classification,
          'classification.purpose',
          'Cette classification n’a pas d’objectif (purpose).',
        ),
      );
    }
    for (const taxonPath of elements(classification, 'lom:taxonPath')) {
      const source = texts(taxonPath, 'lom:source/lom:string')[0] ?? '';
      const vocabulary = vocabularyOfSource(source);
      if (!vocabulary || !isVocabulary(vocabulary)) {
        errors.push(
          located(
            taxonPath,
            'classification.source',
            `« ${source} » n’est pas un vocabulaire ScoLOMfr (attendu : scolomfr-voc-NNN).`,
          ),
        );
        continue;
      }
      const allowed = purposeUri ? purposeVocabularies[purposeUri] : undefined;
      if (allowed && !allowed.includes(vocabulary)) {
        errors.push(
          located(
            taxonPath,
            'classification.purpose-vocabulary',
            `L’objectif « ${conceptOf(purposeUri!)?.label ?? purposeUri} » attend le vocabulaire scolomfr-voc-${allowed.join(' ou ')}, pas scolomfr-voc-${vocabulary}.`,
          ),
        );
      }
      let previous: string | undefined;
      for (const taxon of elements(taxonPath, 'lom:taxon')) {
        const idElement = elements(taxon, 'lom:id')[0];
        let uri = idElement?.element.content.trim() ?? '';
        const label = texts(taxon, 'lom:entry/lom:string')[0];
        if (!uri.startsWith('http') && uri) uri = CONCEPT_BASE + uri;
        let concept = conceptOf(uri);
        if (!concept && !uri && label) {
          const labelled = conceptsLabelled(label, vocabulary);
          if (labelled.length === 1) {
            concept = labelled[0]!;
            warnings.push(
              located(
                taxon,
                'vocabulary.legacy',
                `Le libellé « ${label} » a été rattaché au concept ${concept.uri}.`,
              ),
            );
          }
        }
        if (!concept) {
          if (uri && vocabularyOfUri(uri) === vocabulary) {
            warnings.push(
              located(
                taxon,
                'vocabulary.unknown-concept',
                `Le concept ${uri} est inconnu du vocabulaire scolomfr-voc-${vocabulary} (SKOS 3.2).`,
              ),
            );
          } else {
            errors.push(
              located(
                taxon,
                'vocabulary.taxon',
                `Le taxon « ${uri || label || '?'} » n’appartient pas au vocabulaire scolomfr-voc-${vocabulary}.`,
              ),
            );
          }
          previous = undefined;
          continue;
        }
        if (concept.vocabulary !== vocabulary) {
          errors.push(
            located(
              taxon,
              'vocabulary.taxon',
              `Le concept « ${concept.label} » appartient au vocabulaire scolomfr-voc-${concept.vocabulary}, pas à scolomfr-voc-${vocabulary}.`,
            ),
          );
          continue;
        }
        if (
          label &&
          label.toLowerCase() !== concept.label.toLowerCase() &&
          !concept.otherLabels.includes(label.toLowerCase())
        ) {
          errors.push(
            located(
              taxon,
              'vocabulary.label',
              `Le libellé « ${label} » ne correspond pas au concept ${concept.uri} (« ${concept.label} »).`,
            ),
          );
        }
        // A deprecated concept the catalogue still curates (most of its disciplines: "anglais" has been
        // replaced by "anglais (LV)") is kept, so the notice stays under the catalogue's facet; any
        // other is replaced.
        if (concept.replacedBy && !curatedUris.has(concept.uri)) {
          const replacement = conceptOf(concept.replacedBy);
          warnings.push(
            located(
              taxon,
              'vocabulary.deprecated',
              `Le concept « ${concept.label} » (${concept.status ?? 'remplacé'}) est remplacé par « ${replacement?.label ?? concept.replacedBy} ».`,
            ),
          );
          if (replacement) concept = replacement;
        }
        if (previous && !isUnder(concept, previous)) {
          errors.push(
            located(
              taxon,
              'vocabulary.hierarchy',
              `Le taxon « ${concept.label} » ne dépend pas du taxon qui le précède dans ce chemin.`,
            ),
          );
        }
        previous = concept.uri;
        if (vocabulary === '022') levels.push(concept.uri);
        if (vocabulary === '015') disciplines.push(concept.uri);
      }
    }
  }

  // vCards of contributors must be vCard 3 or 4.
  for (const entity of elements(tree, '/lom:lom/lom:lifeCycle/lom:contribute/lom:entity')) {
    const card = entity.element.content.trim();
    if (
      !/^BEGIN:VCARD\r?\n[\s\S]*\r?\nEND:VCARD$/i.test(card) ||
      !/\nVERSION:(3\.0|4\.0)\r?\n/i.test(card) ||
      !/\nFN[;:]/i.test(card)
    ) {
      errors.push(
        located(
          entity,
          'vcard',
          'Le contributeur doit être une vCard 3.0 ou 4.0 complète (BEGIN, VERSION, FN, END).',
        ),
      );
    }
  }

  // The fields every notice needs.
  const identifier = texts(tree, '/lom:lom/lom:general/lom:identifier/lom:entry')[0];
  const title = texts(tree, '/lom:lom/lom:general/lom:title/lom:string')[0];
  if (!identifier)
    errors.push({
      path: '/lom/general/identifier/entry',
      line: 1,
      rule: 'required',
      message: 'La notice doit avoir un identifiant (general/identifier/entry).',
    });
  if (!title)
    errors.push({
      path: '/lom/general/title/string',
      line: 1,
      rule: 'required',
      message: 'La notice doit avoir un titre (general/title/string).',
    });

  const publisherCard = elements(tree, '/lom:lom/lom:lifeCycle/lom:contribute')
    .filter((contribute) =>
      texts(contribute, 'lom:role/lom:value').some((role) => role.endsWith('/publisher')),
    )
    .flatMap((contribute) => texts(contribute, 'lom:entity'))[0];
  // vCard text values escape commas, semicolons and backslashes (RFC 2426, 3.4).
  const publisherName =
    publisherCard &&
    /\n(?:ORG|FN)[^:\n]*:([^\r\n]+)/i
      .exec(publisherCard)?.[1]
      ?.trim()
      .replace(/\\([\\,;])/g, '$1');
  const costValue = texts(tree, '/lom:lom/lom:rights/lom:cost/lom:value')[0];
  // The product's last update: the latest date of its life cycle.
  const updatedOn = texts(tree, '/lom:lom/lom:lifeCycle/lom:contribute/lom:date/lom:dateTime')
    .map((date) => date.slice(0, 10))
    .filter(isCalendarDay)
    .sort()
    .at(-1);
  // Dates must exist in the calendar: the schema checks their shape only (2026-02-30 passes it).
  for (const date of elements(tree, '//lom:dateTime')) {
    const day = date.element.content.trim().slice(0, 10);
    if (/^\d{4}-\d{2}-\d{2}$/.test(day) && !isCalendarDay(day)) {
      errors.push(located(date, 'date', `La date « ${day} » n’existe pas.`));
    }
  }
  const location = texts(tree, '/lom:lom/lom:technical/lom:location').find((url) => /^https?:\/\//.test(url));
  const rightsText = texts(tree, '/lom:lom/lom:rights/lom:description/lom:string').join(' ');

  if (errors.length > 0 || !identifier || !title) return { errors, warnings };
  // The same limits as a notice posted as JSON (lengths, dates, URLs), located at their elements.
  const checked = noticeFieldsSchema.safeParse({
    identifier,
    title,
    description: texts(tree, '/lom:lom/lom:general/lom:description/lom:string')[0] ?? '',
    keywords: texts(tree, '/lom:lom/lom:general/lom:keyword/lom:string'),
    levels: [...new Set(levels)],
    disciplines: [...new Set(disciplines)],
    languages: languagesOf(texts(tree, '/lom:lom/lom:general/lom:language')),
    types: texts(tree, '/lom:lom/lom:educational/lom:learningResourceType/lom:value'),
    formats: [],
    devices: [],
    cost: costValue?.endsWith('/yes') ? 'yes' : costValue?.endsWith('/no') ? 'no' : undefined,
    licence: licenceOf(rightsText),
    ...(updatedOn ? { updatedOn } : {}),
    technicalRequirements: texts(
      tree,
      '/lom:lom/lom:technical/lom:otherPlatformRequirements/lom:string',
    ).join(' '),
    ...(location ? { demoUrl: location } : {}),
    offers: [],
    ...(publisherName ? { publisherName } : {}),
    schemas,
  });
  if (!checked.success) {
    return {
      errors: checked.error.issues.map((problem) => ({
        path: elementOfField[String(problem.path[0])] ?? '/lom',
        line: 0,
        rule: 'schema',
        message: problem.message,
      })),
      warnings,
    };
  }
  return { fields: checked.data, errors, warnings };
}

/** Where each field of a notice is read from, for the limits' messages. */
const elementOfField: Record<string, string> = {
  identifier: '/lom/general/identifier/entry',
  title: '/lom/general/title/string',
  description: '/lom/general/description/string',
  keywords: '/lom/general/keyword/string',
  languages: '/lom/general/language',
  types: '/lom/educational/learningResourceType/value',
  updatedOn: '/lom/lifeCycle/contribute/date/dateTime',
  technicalRequirements: '/lom/technical/otherPlatformRequirements/string',
  demoUrl: '/lom/technical/location',
  publisherName: '/lom/lifeCycle/contribute/entity',
  schemas: '/lom/metaMetadata/metadataSchema',
};

/** ISO 639-2 codes as LOM writes them ("fre") → the two-letter codes the catalogue keeps. */
const twoLetterLanguages: Record<string, string> = {
  fre: 'fr',
  fra: 'fr',
  eng: 'en',
  ger: 'de',
  deu: 'de',
  spa: 'es',
  ita: 'it',
};

export function languagesOf(values: readonly string[]): string[] {
  const codes = values.map((value) => {
    const lower = value.toLowerCase().split('-')[0]!;
    return twoLetterLanguages[lower] ?? lower;
  });
  const valid = [...new Set(codes)].filter((code) => /^[a-z]{2,3}$/.test(code));
  return valid.length > 0 ? valid : ['fr'];
}

/** The licence named in rights/description: Creative Commons or Etalab by URL or name. */
export function licenceOf(rights: string): NoticeFields['licence'] {
  const lower = rights.toLowerCase();
  if (/etalab|licence ouverte/.test(lower)) return 'etalab-2.0';
  if (/by-nc-sa/.test(lower)) return 'cc-by-nc-sa';
  if (/by-sa/.test(lower)) return 'cc-by-sa';
  if (/creativecommons\.org\/licenses\/by\/|cc[ -]by\b/.test(lower)) return 'cc-by';
  if (/tous droits réservés|all rights reserved|©/.test(lower)) return 'proprietary';
  return undefined;
}
