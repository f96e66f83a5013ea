// The OAI-PMH 2.0 provider: the six verbs, their argument rules and every error of the specification
// (section 3.6), over the catalogue's resources. Each request gets one reply, always HTTP 200 with an
// OAI-PMH envelope (oai-xml.ts); lists are read a page at a time after the key their signed resumption
// token carries (oai-token.ts), within a window fixed at the list's first request.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { clock } from '../../shared/clock.js';
import type { XmlObject } from '../../shared/xml-builder.js';
import { costs, disciplines, labelOf, levels } from '../catalogue/vocabulary.js';
import { LOM_NS } from '../notices/scolomfr-document.js';
import {
  countRecords,
  databaseNow,
  earliestModification,
  findRecord,
  listProducers,
  listRecordsAfter,
  listSources,
  loadTokenKey,
  type OaiRecordRow,
  type RecordFilter,
  type SetFilter,
} from './oai.repository.js';
import { readToken, signToken, type TokenState } from './oai-token.js';
import {
  datestampOf,
  header,
  OAI_DC_NS,
  oaiIdentifierDescription,
  oaiReply,
  record,
  type EchoedRequest,
  type OaiError,
  type RecordContext,
} from './oai-xml.js';

type Db = Kysely<Database>;

export interface OaiSettings {
  /** PUBLIC_URL without its trailing slash. */
  readonly publicUrl: string;
  /** Exactly `${PUBLIC_URL}/oai`. */
  readonly baseUrl: string;
  readonly adminEmail: string;
  /** The host of PUBLIC_URL: identifiers are oai:<host>:<resource identifier>. */
  readonly repositoryIdentifier: string;
  /** Records per ListRecords page and headers per ListIdentifiers page. */
  readonly pageSizes: { readonly records: number; readonly identifiers: number };
  /** How long a resumption token stays valid. */
  readonly tokenLifetimeMs: number;
}

export function oaiSettings(
  publicUrl: string,
  adminEmail = 'catalogue@example.org',
  overrides: Partial<Pick<OaiSettings, 'pageSizes' | 'tokenLifetimeMs'>> = {},
): OaiSettings {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    publicUrl: base,
    baseUrl: `${base}/oai`,
    adminEmail,
    repositoryIdentifier: new URL(base).hostname,
    pageSizes: overrides.pageSizes ?? { records: 200, identifiers: 500 },
    tokenLifetimeMs: overrides.tokenLifetimeMs ?? 60 * 60 * 1000,
  };
}

const VERBS = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: true },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: true },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: true },
} as const satisfies Record<
  string,
  { required: readonly string[]; optional: readonly string[]; exclusive?: true }
>;

type Verb = keyof typeof VERBS;
type Prefix = 'oai_dc' | 'scolomfr';

export const METADATA_FORMATS: readonly { prefix: Prefix; schema: string; namespace: string }[] = [
  { prefix: 'oai_dc', schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd', namespace: OAI_DC_NS },
  { prefix: 'scolomfr', schema: 'http://www.lom-fr.fr/xsd/SCOLOMFR/scolomfr.xsd', namespace: LOM_NS },
];

/** Characters XML 1.0 cannot carry: an argument holding one could not be echoed. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const PREFIX_PATTERN = /^[A-Za-z0-9\-_.!~*'()]+$/;
const SET_PATTERN = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/;
const URI_UNSAFE = /[\s"<>\\^`{|}]/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECOND = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

type Arguments = Readonly<Record<string, string | readonly string[] | undefined>>;

/** An OAI-PMH error reply (not an HTTP error: the reply is a 200 with the errors in it). */
class Refusal extends Error {
  constructor(
    readonly errors: OaiError[],
    /** badVerb and badArgument replies echo no argument (specification 3.2). */
    readonly echo: boolean,
  ) {
    super(errors.map((error) => error.code).join(', '));
  }
}

const refuse = (code: OaiError['code'], message: string, echo = true) =>
  new Refusal([{ code, message }], echo);

/** An instant as the repository's text (UTC, microseconds). */
function instant(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** A from / until argument: its granularity and the instants it bounds, or undefined when malformed. */
function parseDatestamp(
  value: string,
): { granularity: 'day' | 'second'; start: Date; next: Date } | undefined {
  const day = DAY.exec(value);
  const second = SECOND.exec(value);
  const parts = (day ?? second)?.slice(1).map(Number);
  if (!parts) return undefined;
  const [year = 0, month = 0, date = 0, hour = 0, minute = 0, sec = 0] = parts;
  const start = new Date(Date.UTC(year, month - 1, date, hour, minute, sec));
  if (
    start.getUTCFullYear() !== year ||
    start.getUTCMonth() !== month - 1 ||
    start.getUTCDate() !== date ||
    start.getUTCHours() !== hour ||
    start.getUTCMinutes() !== minute ||
    start.getUTCSeconds() !== sec ||
    year < 1000
  ) {
    return undefined;
  }
  const next = new Date(start.getTime() + (day ? 86_400_000 : 1_000));
  return { granularity: day ? 'day' : 'second', start, next };
}

/** The verb and its single-valued arguments, or the refusal (badVerb, badArgument). */
function checkArguments(args: Arguments): { verb: Verb; values: Record<string, string> } {
  const rawVerb = args.verb;
  if (rawVerb === undefined) throw refuse('badVerb', 'The verb argument is missing.', false);
  if (typeof rawVerb !== 'string') throw refuse('badVerb', 'The verb argument is repeated.', false);
  if (!Object.hasOwn(VERBS, rawVerb)) throw refuse('badVerb', 'The verb is not an OAI-PMH verb.', false);
  const verb = rawVerb as Verb;
  const rules: { required: readonly string[]; optional: readonly string[]; exclusive?: true } = VERBS[verb];
  const problems: string[] = [];
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(args)) {
    if (name === 'verb' || value === undefined) continue;
    const allowed =
      rules.required.includes(name) ||
      rules.optional.includes(name) ||
      (rules.exclusive === true && name === 'resumptionToken');
    if (!allowed)
      problems.push(`The argument ${JSON.stringify(name.slice(0, 40))} is not allowed with ${verb}.`);
    else if (typeof value !== 'string') problems.push(`The argument ${name} is repeated.`);
    else if (NOT_XML.test(value)) problems.push(`The argument ${name} holds characters XML cannot carry.`);
    else values[name] = value;
  }
  if (problems.length === 0) {
    const token = values.resumptionToken;
    if (token !== undefined) {
      if (Object.keys(values).length > 1) {
        problems.push('The resumptionToken argument is exclusive: no other argument may come with it.');
      }
    } else {
      for (const name of rules.required) {
        if (values[name] === undefined) problems.push(`The argument ${name} is required with ${verb}.`);
      }
    }
    const prefix = values.metadataPrefix;
    if (prefix !== undefined && !PREFIX_PATTERN.test(prefix))
      problems.push('The metadataPrefix is malformed.');
    if (values.set !== undefined && !SET_PATTERN.test(values.set)) problems.push('The set is not a setSpec.');
    if (values.identifier !== undefined && (values.identifier === '' || URI_UNSAFE.test(values.identifier))) {
      problems.push('The identifier is not a URI.');
    }
    const from = values.from === undefined ? undefined : parseDatestamp(values.from);
    const until = values.until === undefined ? undefined : parseDatestamp(values.until);
    if (values.from !== undefined && !from)
      problems.push('from is not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).');
    if (values.until !== undefined && !until)
      problems.push('until is not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ).');
    if (from && until) {
      if (from.granularity !== until.granularity)
        problems.push('from and until have different granularities.');
      else if (from.start > until.start) problems.push('from is later than until.');
    }
  }
  if (problems.length > 0) {
    throw new Refusal(
      problems.map((message) => ({ code: 'badArgument', message })),
      false,
    );
  }
  return { verb, values };
}

const tokenKeys = new WeakMap<Db, Promise<Buffer>>();

function tokenKey(db: Db): Promise<Buffer> {
  let key = tokenKeys.get(db);
  if (!key) {
    key = loadTokenKey(db);
    key.catch(() => tokenKeys.delete(db));
    tokenKeys.set(db, key);
  }
  return key;
}

/** The filter a set stands for, or null when no such set exists here. */
async function setFilterOf(db: Db, spec: string): Promise<SetFilter | null | 'all'> {
  const [kind, value, ...rest] = spec.split(':');
  if (rest.length > 0) return null;
  if (kind === 'discipline') {
    if (value === undefined) return { kind: 'discipline', codes: disciplines.map((d) => d.code) };
    return disciplines.some((d) => d.code === value) ? { kind: 'discipline', codes: [value] } : null;
  }
  if (kind === 'level') {
    if (value === undefined) return { kind: 'level', codes: levels.map((l) => l.code) };
    if (!levels.some((l) => l.code === value)) return null;
    return { kind: 'level', codes: [value, ...levels.filter((l) => l.parent === value).map((l) => l.code)] };
  }
  if (kind === 'cost') {
    if (value === undefined) return 'all';
    return costs.some((c) => c.code === value) ? { kind: 'cost', value } : null;
  }
  if (kind === 'source') {
    if (value === undefined) return { kind: 'source', id: null };
    if (!/^[1-9][0-9]{0,9}$/.test(value)) return null;
    const sources = await listSources(db);
    return sources.some((source) => source.id === Number(value))
      ? { kind: 'source', id: Number(value) }
      : null;
  }
  if (kind === 'producer') {
    if (value === undefined) return 'all';
    const producers = await listProducers(db);
    return producers.some((p) => p.code === value) ? { kind: 'producer', code: value } : null;
  }
  return null;
}

function recordContext(settings: OaiSettings): RecordContext {
  return { identifierPrefix: `oai:${settings.repositoryIdentifier}:`, publicUrl: settings.publicUrl };
}

/** The resource an oai identifier names, or idDoesNotExist. */
async function recordOf(db: Db, settings: OaiSettings, identifier: string): Promise<OaiRecordRow> {
  const prefix = recordContext(settings).identifierPrefix;
  const row = identifier.startsWith(prefix)
    ? await findRecord(db, identifier.slice(prefix.length))
    : undefined;
  if (!row) throw refuse('idDoesNotExist', 'No record has this identifier here.');
  return row;
}

function prefixOf(value: string): Prefix {
  if (value === 'oai_dc' || value === 'scolomfr') return value;
  throw refuse('cannotDisseminateFormat', 'Records are given as oai_dc or scolomfr only.');
}

/** The content of the verb's element. */
type Body = XmlObject;

async function identify(db: Db, settings: OaiSettings): Promise<Body> {
  const earliest = (await earliestModification(db)) ?? (await databaseNow(db));
  const host = settings.repositoryIdentifier;
  return {
    repositoryName: 'Catalogue chèque ressources',
    baseURL: settings.baseUrl,
    protocolVersion: '2.0',
    adminEmail: settings.adminEmail,
    earliestDatestamp: datestampOf(earliest),
    deletedRecord: 'persistent',
    granularity: 'YYYY-MM-DDThh:mm:ssZ',
    // The oai-identifier scheme wants a domain name: a local PUBLIC_URL (localhost) has none.
    description: /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/.test(host)
      ? [oaiIdentifierDescription(host, `oai:${host}:ccr-000001`)]
      : [],
  };
}

async function listMetadataFormats(db: Db, settings: OaiSettings, identifier?: string): Promise<Body> {
  if (identifier !== undefined) await recordOf(db, settings, identifier);
  return {
    metadataFormat: METADATA_FORMATS.map((format) => ({
      metadataPrefix: format.prefix,
      schema: format.schema,
      metadataNamespace: format.namespace,
    })),
  };
}

async function listSets(db: Db): Promise<Body> {
  const producers = await listProducers(db);
  const sources = await listSources(db);
  const sets: [string, string][] = [
    ['discipline', 'Disciplines'],
    ...disciplines.map((d): [string, string] => [`discipline:${d.code}`, `Discipline : ${d.label}`]),
    ['level', 'Niveaux'],
    ...levels.map((l): [string, string] => [`level:${l.code}`, `Niveau : ${l.label}`]),
    ['producer', 'Producteurs'],
    ...producers
      .filter((p) => SET_PATTERN.test(`producer:${p.code}`))
      .map((p): [string, string] => [`producer:${p.code}`, `Producteur : ${p.name}`]),
    ['cost', 'Coût'],
    ...costs.map((c): [string, string] => [`cost:${c.code}`, `Coût : ${labelOf(costs, c.code)}`]),
    ['source', 'Sources moissonnées'],
    ...sources.map((source): [string, string] => [`source:${source.id}`, `Source : ${source.name}`]),
  ];
  return { set: sets.map(([spec, name]) => ({ setSpec: spec, setName: name })) };
}

async function getRecord(
  db: Db,
  settings: OaiSettings,
  identifier: string,
  metadataPrefix: string,
): Promise<Body> {
  const prefix = prefixOf(metadataPrefix);
  const row = await recordOf(db, settings, identifier);
  return { record: record(row, prefix, recordContext(settings)) };
}

/** ListIdentifiers and ListRecords: the first page of a new list, or the next page of a token's. */
async function list(
  db: Db,
  settings: OaiSettings,
  verb: 'ListIdentifiers' | 'ListRecords',
  values: Record<string, string>,
): Promise<Body> {
  const key = await tokenKey(db);
  const now = clock.now().getTime();
  let state: TokenState;
  let filter: RecordFilter;
  if (values.resumptionToken !== undefined) {
    const reading = readToken(key, values.resumptionToken, now);
    if (!reading.ok) {
      throw refuse(
        'badResumptionToken',
        reading.reason === 'expired'
          ? 'The resumptionToken has expired.'
          : 'The resumptionToken is not valid.',
      );
    }
    if (reading.state.verb !== verb)
      throw refuse('badResumptionToken', `This resumptionToken pages ${reading.state.verb}.`);
    state = reading.state;
    const set = state.set === null ? null : await setFilterOf(db, state.set);
    if (set === null && state.set !== null)
      throw refuse('badResumptionToken', 'The set of this list is gone.');
    filter = { from: state.from, until: state.until, set: set === 'all' || set === null ? null : set };
  } else {
    const prefix = prefixOf(values.metadataPrefix ?? '');
    const set = values.set === undefined ? null : await setFilterOf(db, values.set);
    if (set === null && values.set !== undefined) throw refuse('noRecordsMatch', 'No such set here.');
    const from = values.from === undefined ? null : instant(parseDatestamp(values.from)!.start);
    // The list's window is fixed now: a record changed during the harvest is left for the next one.
    const harvestStart = await databaseNow(db);
    const asked = values.until === undefined ? undefined : instant(parseDatestamp(values.until)!.next);
    const until = asked !== undefined && asked < harvestStart ? asked : harvestStart;
    filter = { from, until, set: set === 'all' || set === null ? null : set };
    const completeListSize = from !== null && from >= until ? 0 : await countRecords(db, filter);
    if (completeListSize === 0) throw refuse('noRecordsMatch', 'No record matches these arguments.');
    state = {
      verb,
      prefix,
      set: values.set ?? null,
      from,
      until,
      afterModifiedAt: '',
      afterId: 0,
      cursor: 0,
      completeListSize,
      expiresAt: 0,
    };
  }
  const pageSize = verb === 'ListRecords' ? settings.pageSizes.records : settings.pageSizes.identifiers;
  const after =
    state.afterModifiedAt === '' ? null : { modifiedAt: state.afterModifiedAt, id: state.afterId };
  const rows = await listRecordsAfter(db, filter, after, pageSize + 1);
  if (rows.length === 0) throw refuse('noRecordsMatch', 'No record remains in this list.');
  const page = rows.slice(0, pageSize);
  const more = rows.length > pageSize;
  const last = page[page.length - 1]!;
  const sent = state.cursor + page.length;
  const expiresAt = now + settings.tokenLifetimeMs;
  const next: TokenState = {
    ...state,
    afterModifiedAt: last.modified_at,
    afterId: last.id,
    cursor: sent,
    // Records added to the window are none (it is closed); some may leave it (changed meanwhile).
    completeListSize: Math.max(state.completeListSize, sent + (more ? 1 : 0)),
    expiresAt,
  };
  const context = recordContext(settings);
  const items: XmlObject =
    verb === 'ListRecords'
      ? { record: page.map((row) => record(row, state.prefix, context)) }
      : { header: page.map((row) => header(row, context)) };
  if (!more && state.cursor === 0) return items; // the whole list in one reply: no token
  const token: XmlObject = {
    ...(more ? { '@expirationDate': `${new Date(expiresAt).toISOString().slice(0, 19)}Z` } : {}),
    '@completeListSize': String(more ? next.completeListSize : Math.max(state.completeListSize, sent)),
    '@cursor': String(state.cursor),
    // The last page's token is empty: the list is complete.
    '#text': more ? signToken(key, next) : '',
  };
  return { ...items, resumptionToken: token };
}

async function answer(
  db: Db,
  settings: OaiSettings,
  verb: Verb,
  values: Record<string, string>,
): Promise<Body> {
  switch (verb) {
    case 'Identify':
      return identify(db, settings);
    case 'ListMetadataFormats':
      return listMetadataFormats(db, settings, values.identifier);
    case 'ListSets':
      if (values.resumptionToken !== undefined) {
        throw refuse('badResumptionToken', 'ListSets is answered in one reply: it has no resumptionToken.');
      }
      return listSets(db);
    case 'GetRecord':
      return getRecord(db, settings, values.identifier ?? '', values.metadataPrefix ?? '');
    case 'ListIdentifiers':
    case 'ListRecords':
      return list(db, settings, verb, values);
  }
}

/** One OAI-PMH request (its arguments from the query string or the form body) → the XML reply. */
export async function handleOaiRequest(db: Db, settings: OaiSettings, args: Arguments): Promise<string> {
  const responseDate = `${clock.now().toISOString().slice(0, 19)}Z`;
  let echoed: EchoedRequest = null;
  try {
    const { verb, values } = checkArguments(args);
    echoed = { verb, ...values };
    const body = await answer(db, settings, verb, values);
    return oaiReply(responseDate, settings.baseUrl, echoed, { verb, content: body });
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return oaiReply(responseDate, settings.baseUrl, error.echo ? echoed : null, { errors: error.errors });
  }
}
