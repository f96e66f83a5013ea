// The OpenAPI document against the app itself. The document is generated from the zod schemas each
// route declares (src/shared/openapi.ts); this checks that every /api route Fastify registered is
// documented and nothing else is; that the document is structurally sound OpenAPI 3.0 (every $ref
// resolves, schema keywords are 3.0's, path parameters match their templates, every operation has an
// id, tags, security, a 2xx and a 4xx); and that real replies on the demo workspace match it.
import fs from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoWorkspace } from '../../src/demo/workspace.js';
import { rawSearchSchema } from '../../src/modules/catalogue/search-query.js';
import { makeUai } from '../../src/modules/funding/uai.js';
import { todayInFrance } from '../../src/shared/clock.js';
import { httpStatusByCode } from '../../src/shared/errors.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Json = Record<string, unknown>;
const httpMethods = ['get', 'put', 'post', 'delete', 'patch'] as const;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asObject = (value: unknown): Json => (isObject(value) ? value : {});

/** The generated document, as a client reads it (set once the app is up). */
let doc: Json = {};
let paths: Json = {};
let components: Json = {};
let operations: { path: string; method: string; operation: Json }[] = [];

/** Resolves a local JSON pointer (#/components/schemas/Order) in the document, or undefined. */
function resolvePointer(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

function deref(value: unknown): Json {
  const object = asObject(value);
  return typeof object.$ref === 'string' ? deref(resolvePointer(object.$ref)) : object;
}

// ---- The routes Fastify registered ----

/** Fastify path (/api/orders/:id) → OpenAPI template (/api/orders/{id}). */
const toTemplate = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * Every "METHOD /path" Fastify knows, read from printRoutes' tree (full segments per node with
 * commonPrefix: false); each one is then confirmed with app.hasRoute, so a misread tree fails loudly.
 */
function registeredRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    if (!match[3]) continue;
    for (const method of match[3].split(', ')) routes.push({ method, url: stack.join('') });
  }
  return routes;
}

let server: TestServer;
let apiRoutes: string[];

beforeAll(async () => {
  server = await startTestServer();
  doc = JSON.parse(JSON.stringify(server.app.swagger())) as Json;
  paths = asObject(doc.paths);
  components = asObject(doc.components);
  operations = Object.entries(paths).flatMap(([path, item]) =>
    httpMethods
      .filter((method) => method in asObject(item))
      .map((method) => ({ path, method, operation: asObject(asObject(item)[method]) })),
  );
  // HEAD is Fastify's automatic twin of every GET; only the JSON API is documented.
  const routes = registeredRoutes(server.app).filter(
    (route) => route.url.startsWith('/api') && route.method !== 'HEAD' && route.method !== 'OPTIONS',
  );
  for (const route of routes) {
    expect(server.app.hasRoute({ method: route.method, url: route.url }), route.url).toBe(true);
  }
  apiRoutes = routes.map((route) => `${route.method} ${toTemplate(route.url)}`).sort();
});
afterAll(async () => {
  await server?.close();
});

describe('the document covers the API', () => {
  it('documents every /api route Fastify registered, and only those', () => {
    // A known route in an encapsulated plugin proves the tree was read whole.
    expect(apiRoutes).toContain('POST /api/academies/{academyId}/establishments/import');
    expect(apiRoutes.length).toBeGreaterThan(30);
    const documented = operations
      .filter((entry) => entry.path.startsWith('/api'))
      .map((entry) => `${entry.method.toUpperCase()} ${entry.path}`)
      .sort();
    const missing = apiRoutes.filter((route) => !documented.includes(route));
    const stale = documented.filter((route) => !apiRoutes.includes(route));
    expect(missing, 'routes missing from the OpenAPI document').toEqual([]);
    expect(stale, 'documented routes that do not exist').toEqual([]);
    // The other way round without the tree: each documented operation is a route Fastify finds.
    for (const route of documented) {
      const [method, template] = route.split(' ') as [string, string];
      const url = template.replace(/\{([^}]+)\}/g, ':$1');
      expect(server.app.hasRoute({ method, url }), route).toBe(true);
    }
  });

  it('serves the generated document', async () => {
    const response = await server.app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(doc);
  });

  it('lists every search parameter the validator reads', () => {
    const parameters = asObject(paths['/api/resources']).get;
    const names = (asObject(parameters).parameters as Json[]).map((parameter) => parameter.name);
    expect(names.sort()).toEqual(Object.keys(rawSearchSchema.shape).sort());
  });
});

// ---- Structure ----

/** Keywords an OpenAPI 3.0 Schema Object may carry (not JSON Schema 2020-12's $defs, const, …). */
const schemaKeywords = new Set([
  '$ref',
  'type',
  'format',
  'enum',
  'nullable',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'title',
  'description',
  'default',
  'example',
  'readOnly',
  'writeOnly',
  'deprecated',
]);
const schemaTypes = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);

function schemaProblems(schema: unknown, where: string, problems: string[]): void {
  if (!isObject(schema)) {
    problems.push(`${where}: not a schema object`);
    return;
  }
  if ('$ref' in schema) {
    if (Object.keys(schema).length > 1)
      problems.push(`${where}: $ref with sibling keywords (ignored in 3.0)`);
    return;
  }
  for (const key of Object.keys(schema)) {
    if (!schemaKeywords.has(key)) problems.push(`${where}: keyword ${key} is not OpenAPI 3.0`);
  }
  if ('type' in schema && !schemaTypes.has(schema.type as string)) {
    problems.push(`${where}: type ${JSON.stringify(schema.type)}`);
  }
  if (schema.type === 'array' && !('items' in schema)) problems.push(`${where}: array without items`);
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum', 'nullable']) {
    if (key in schema && typeof schema[key] !== 'boolean')
      problems.push(`${where}: ${key} must be a boolean`);
  }
  if ('enum' in schema && (!Array.isArray(schema.enum) || schema.enum.length === 0)) {
    problems.push(`${where}: empty enum`);
  }
  if (typeof schema.pattern === 'string') {
    try {
      new RegExp(schema.pattern, 'u');
    } catch {
      problems.push(`${where}: pattern does not compile`);
    }
  }
  const properties = asObject(schema.properties);
  if (Array.isArray(schema.required)) {
    for (const name of schema.required as string[]) {
      if (!(name in properties)) problems.push(`${where}: required ${name} is not a property`);
    }
  }
  for (const [name, property] of Object.entries(properties)) {
    schemaProblems(property, `${where}.${name}`, problems);
  }
  if (isObject(schema.additionalProperties)) {
    schemaProblems(schema.additionalProperties, `${where}[*]`, problems);
  }
  if ('items' in schema) schemaProblems(schema.items, `${where}[]`, problems);
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(schema[key])) {
      (schema[key] as unknown[]).forEach((member, index) =>
        schemaProblems(member, `${where}.${key}[${index}]`, problems),
      );
    }
  }
}

/** Every {$ref} in a JSON tree, with where it sits. */
function refsIn(node: unknown, where: string, found: { ref: string; where: string }[] = []) {
  if (Array.isArray(node)) node.forEach((item, index) => refsIn(item, `${where}[${index}]`, found));
  else if (isObject(node)) {
    if (typeof node.$ref === 'string') found.push({ ref: node.$ref, where });
    for (const [key, value] of Object.entries(node)) refsIn(value, `${where}.${key}`, found);
  }
  return found;
}

describe('the document is sound OpenAPI 3.0', () => {
  it('has the header fields', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
    expect(asObject(doc.info).title).toEqual(expect.any(String));
    expect(asObject(doc.info).version).toEqual(expect.any(String));
    const license = asObject(asObject(doc.info).license);
    expect(typeof license.name).toBe('string');
    expect(license.url).toMatch(/^https:\/\//);
    const servers = doc.servers as Json[];
    expect(servers).toHaveLength(1);
    expect(servers[0]!.url).toMatch(/^https?:\/\//);
  });

  it('documents no page', () => {
    expect(Object.keys(paths).filter((path) => path !== '/health' && !path.startsWith('/api/'))).toEqual([]);
  });

  it('resolves every $ref', () => {
    const refs = refsIn(doc, '#');
    expect(refs.length).toBeGreaterThan(50);
    const broken = refs.filter(({ ref }) => resolvePointer(ref) === undefined);
    expect(broken).toEqual([]);
  });

  it('uses every component it declares', () => {
    const used = new Set(refsIn(doc, '#').map(({ ref }) => ref));
    const unused = ['schemas', 'responses', 'parameters'].flatMap((kind) =>
      Object.keys(asObject(components[kind]))
        .map((name) => `#/components/${kind}/${name}`)
        .filter((ref) => !used.has(ref)),
    );
    expect(unused).toEqual([]);
  });

  it('gives every operation an id, a tag, security and documented responses', () => {
    const problems: string[] = [];
    const ids = new Set<string>();
    const tags = new Set((doc.tags as Json[]).map((tag) => tag.name));
    const schemes = asObject(components.securitySchemes);
    for (const { path, method, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      const id = operation.operationId as string;
      if (!id || ids.has(id)) problems.push(`${where}: missing or duplicate operationId ${id}`);
      ids.add(id);
      if (!operation.summary) problems.push(`${where}: no summary`);
      const operationTags = operation.tags as string[] | undefined;
      if (!operationTags?.length || operationTags.some((tag) => !tags.has(tag))) {
        problems.push(`${where}: tags ${JSON.stringify(operationTags)} not declared`);
      }
      const security = operation.security as Json[] | undefined;
      if (!Array.isArray(security)) problems.push(`${where}: security not stated`);
      const schemeNames = (security ?? []).flatMap((requirement) => Object.keys(requirement));
      for (const name of schemeNames) {
        if (!(name in schemes)) problems.push(`${where}: unknown security scheme ${name}`);
      }
      // The session plugin checks the CSRF token on every write made with the session.
      if (method !== 'get' && schemeNames.includes('sessionCookie') && !schemeNames.includes('csrfToken')) {
        problems.push(`${where}: a write with the session must require the CSRF header`);
      }
      const responses = asObject(operation.responses);
      if (!Object.keys(responses).some((status) => /^2\d\d$/.test(status))) {
        problems.push(`${where}: no 2xx response`);
      }
      if (!Object.keys(responses).some((status) => /^4\d\d$/.test(status))) {
        problems.push(`${where}: no 4xx response`);
      }
      for (const [status, response] of Object.entries(responses)) {
        if (!/^([1-5]\d\d|default)$/.test(status)) problems.push(`${where}: status ${status}`);
        const resolved = deref(response);
        if (typeof resolved.description !== 'string' || !resolved.description) {
          problems.push(`${where} ${status}: no description`);
        }
        for (const [type, media] of Object.entries(asObject(resolved.content))) {
          schemaProblems(asObject(media).schema, `${where} ${status} ${type}`, problems);
        }
      }
      const body = asObject(operation.requestBody);
      for (const [type, media] of Object.entries(asObject(body.content))) {
        schemaProblems(asObject(media).schema, `${where} body ${type}`, problems);
      }
      // Path parameters: exactly the template's, each required; no (name, in) twice.
      const parameters = ((operation.parameters as unknown[] | undefined) ?? []).map(deref);
      const seen = new Set<string>();
      for (const parameter of parameters) {
        const key = `${String(parameter.in)} ${String(parameter.name)}`;
        if (seen.has(key)) problems.push(`${where}: parameter ${key} twice`);
        seen.add(key);
        if (!['path', 'query', 'header', 'cookie'].includes(parameter.in as string)) {
          problems.push(`${where}: parameter ${key} has no valid "in"`);
        }
        if (parameter.in === 'path' && parameter.required !== true) {
          problems.push(`${where}: path parameter ${key} must be required`);
        }
        schemaProblems(parameter.schema, `${where} parameter ${key}`, problems);
      }
      const declared = parameters
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => parameter.name as string)
        .sort();
      const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!).sort();
      if (JSON.stringify(declared) !== JSON.stringify(inTemplate)) {
        problems.push(`${where}: path parameters ${declared.join(',')} ≠ template ${inTemplate.join(',')}`);
      }
    }
    for (const [name, schema] of Object.entries(asObject(components.schemas))) {
      schemaProblems(schema, `#/components/schemas/${name}`, problems);
    }
    expect(problems).toEqual([]);
  });

  it('describes every error code of shared/errors.ts with its status', () => {
    const errorSchema = deref({ $ref: '#/components/schemas/Error' });
    const code = asObject(asObject(asObject(errorSchema.properties).error).properties).code;
    const documentedCodes = asObject(code).enum as string[];
    for (const [errorCode, status] of Object.entries(httpStatusByCode)) {
      expect(documentedCodes).toContain(errorCode);
      // Each 4xx code is in the description of the response of its status; 5xx in the default one.
      const holder = operations
        .flatMap(({ operation }) => Object.entries(asObject(operation.responses)))
        .find(([key]) => (status >= 500 ? key === 'default' : key === String(status)));
      expect(holder, `${errorCode} (${status}) is never answered`).toBeDefined();
      expect(deref(holder![1]).description as string).toContain(errorCode);
    }
  });
});

// ---- Real replies match the documented schemas ----

/** Checks a JSON value against a documented schema; unknown properties count as drift. */
function conformance(schema: unknown, value: unknown, where: string, problems: string[]): void {
  const s = deref(schema);
  if (value === null) {
    if (s.nullable !== true) problems.push(`${where}: null is not allowed`);
    return;
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[key])) {
      const fits = (s[key] as unknown[]).some((member) => {
        const own: string[] = [];
        conformance(member, value, where, own);
        return own.length === 0;
      });
      if (!fits) problems.push(`${where}: matches none of ${key}`);
      return;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.includes(value)) {
    problems.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  }
  switch (s.type) {
    case 'object': {
      if (!isObject(value)) {
        problems.push(`${where}: an object was expected`);
        return;
      }
      const properties = asObject(s.properties);
      for (const name of (s.required as string[] | undefined) ?? []) {
        if (!(name in value)) problems.push(`${where}: required ${name} is missing`);
      }
      for (const [name, item] of Object.entries(value)) {
        if (name in properties) conformance(properties[name], item, `${where}.${name}`, problems);
        else if (isObject(s.additionalProperties)) {
          conformance(s.additionalProperties, item, `${where}.${name}`, problems);
        } else if (s.additionalProperties === false || 'properties' in s) {
          problems.push(`${where}.${name}: not documented`);
        }
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) problems.push(`${where}: an array was expected`);
      else value.forEach((item, index) => conformance(s.items, item, `${where}[${index}]`, problems));
      return;
    case 'integer':
      if (!Number.isInteger(value)) problems.push(`${where}: ${JSON.stringify(value)} is not an integer`);
      return;
    case 'number':
      if (typeof value !== 'number') problems.push(`${where}: not a number`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${where}: not a boolean`);
      return;
    case 'string':
      if (typeof value !== 'string') problems.push(`${where}: ${JSON.stringify(value)} is not a string`);
      else if (s.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value))
        problems.push(`${where}: not a date`);
      else if (s.format === 'date-time' && Number.isNaN(Date.parse(value))) {
        problems.push(`${where}: not a date-time`);
      }
      return;
  }
}

const checked = new Set<string>();

/** Finds the documented response of this reply and checks the body against it. */
function expectDocumented(method: string, template: string, response: LightMyRequestResponse): void {
  const operation = asObject(asObject(paths[template])[method.toLowerCase()]);
  const where = `${method} ${template} → ${response.statusCode}`;
  expect(Object.keys(operation).length, `${method} ${template} is not documented`).toBeGreaterThan(0);
  const responses = asObject(operation.responses);
  const documented =
    responses[String(response.statusCode)] ?? (response.statusCode >= 500 && responses.default);
  expect(documented, `${where} is not a documented status: ${response.body}`).toBeTruthy();
  const content = asObject(deref(documented).content);
  if (Object.keys(content).length === 0) {
    expect(response.body, where).toBe('');
  } else if (content['application/xml'] && !content['application/json']) {
    // An XML reply (the ScoLOMfr export): the documented type, an XML document.
    expect(String(response.headers['content-type']), where).toMatch(/^application\/xml/);
    expect(response.body.startsWith('<?xml'), where).toBe(true);
  } else {
    const problems: string[] = [];
    conformance(asObject(content['application/json']).schema, response.json(), 'body', problems);
    expect(problems, `${where}\n${response.body.slice(0, 2000)}`).toEqual([]);
  }
  checked.add(`${method} ${template} ${response.statusCode}`);
}

interface Session {
  cookie: string;
  csrf: string;
}

async function call(
  session: Session | undefined,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  template: string,
  options: {
    params?: Record<string, string | number>;
    query?: string;
    payload?: unknown;
    headers?: Json;
  } = {},
): Promise<LightMyRequestResponse> {
  const url =
    template.replace(/\{([^}]+)\}/g, (_, name: string) =>
      encodeURIComponent(String(options.params?.[name])),
    ) + (options.query ? `?${options.query}` : '');
  const response = await server.app.inject({
    method,
    url,
    headers: {
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
      ...(options.headers as Record<string, string> | undefined),
    },
    ...(options.payload !== undefined ? { payload: options.payload as object | string } : {}),
  });
  expectDocumented(method, template, response);
  return response;
}

describe('replies match the documented schemas (demo workspace)', () => {
  const sessions = {} as Record<
    'teacher' | 'referent' | 'head' | 'academy' | 'national' | 'publisher' | 'expert',
    Session
  >;
  let academyId: number;
  let uai: string;

  beforeAll(async () => {
    await seedDemoWorkspace(server.database.db);
    for (const local of [
      'enseignant',
      'referent',
      'chef',
      'academie',
      'national',
      'editeur',
      'expert',
    ] as const) {
      const response = await call(undefined, 'POST', '/api/session', {
        payload: { email: `${local}@demo.ccr.example`, password: DEMO_PASSWORD },
      });
      expect(response.statusCode, response.body).toBe(200);
      const cookie = [response.headers['set-cookie']]
        .flat()
        .find((value) => value?.startsWith('ccr_session='))!
        .split(';')[0]!;
      const key = (
        {
          enseignant: 'teacher',
          referent: 'referent',
          chef: 'head',
          academie: 'academy',
          national: 'national',
          editeur: 'publisher',
          expert: 'expert',
        } as const
      )[local];
      sessions[key] = { cookie, csrf: response.json<{ csrfToken: string }>().csrfToken };
    }
    const me = await call(sessions.head, 'GET', '/api/me');
    uai = me.json<{ roles: { establishment?: { uai: string } }[] }>().roles[0]!.establishment!.uai;
    const staff = await call(sessions.academy, 'GET', '/api/me');
    academyId = staff.json<{ roles: { academy?: { id: number } }[] }>().roles[0]!.academy!.id;
  });

  it('service, catalogue and accounts', async () => {
    await call(undefined, 'GET', '/health');
    await call(undefined, 'GET', '/api/openapi.json');
    const search = await call(undefined, 'GET', '/api/resources', { query: 'q=énergie&pageSize=5' });
    const first = search.json<{ items: { id: string }[] }>().items[0]!;
    await call(undefined, 'GET', '/api/resources', { query: 'q=zzzyyyxxx&cost=no&priceMin=1' });
    expect((await call(undefined, 'GET', '/api/resources', { query: 'page=0' })).statusCode).toBe(400);
    expect(
      (await call(undefined, 'GET', '/api/resources/{id}', { params: { id: first.id } })).statusCode,
    ).toBe(200);
    expect((await call(undefined, 'GET', '/api/resources/{id}', { params: { id: 'nope' } })).statusCode).toBe(
      404,
    );
    expect(
      (await call(undefined, 'GET', '/api/resources/{id}/scolomfr', { params: { id: first.id } })).statusCode,
    ).toBe(200);
    expect(
      (await call(undefined, 'GET', '/api/resources/{id}/scolomfr', { params: { id: 'nope' } })).statusCode,
    ).toBe(404);
    expect((await call(undefined, 'GET', '/api/me')).statusCode).toBe(401);
    const wrong = await call(undefined, 'POST', '/api/session', {
      payload: { email: 'chef@demo.ccr.example', password: 'pas le bon' },
    });
    expect(wrong.statusCode).toBe(401);
    const forged = await call(sessions.teacher, 'DELETE', '/api/session', {
      headers: { 'x-csrf-token': 'x' },
    });
    expect(forged.statusCode).toBe(403);
  });

  it('funding', async () => {
    await call(undefined, 'GET', '/api/academies');
    const campaigns = await call(sessions.academy, 'GET', '/api/campaigns');
    const open = campaigns
      .json<{ items: { id: number; status: string }[] }>()
      .items.find((campaign) => campaign.status === 'open')!;
    await call(sessions.national, 'GET', '/api/campaigns/{id}', { params: { id: open.id } });
    const both = { id: open.id, academyId };
    const plan = await call(sessions.academy, 'GET', '/api/campaigns/{id}/academies/{academyId}/plan', {
      params: both,
      query: 'scale=true',
    });
    expect(plan.statusCode).toBe(200);
    const academyDashboard = await call(
      sessions.academy,
      'GET',
      '/api/campaigns/{id}/academies/{academyId}/dashboard',
      { params: both },
    );
    expect(academyDashboard.statusCode, academyDashboard.body).toBe(200);
    await call(sessions.national, 'GET', '/api/campaigns/{id}/dashboard', { params: { id: open.id } });
    await call(sessions.head, 'GET', '/api/establishments/{uai}/drawing-right', { params: { uai } });
    // The open campaign's deadline is ahead: closing and settling are refused (409), as documented.
    await call(sessions.national, 'POST', '/api/campaigns/{id}/close', { params: { id: open.id } });
    await call(sessions.national, 'POST', '/api/campaigns/{id}/settle', { params: { id: open.id } });
    await call(sessions.academy, 'POST', '/api/campaigns/{id}/academies/{academyId}/reallocations', {
      params: both,
      payload: {
        targetCampaignId: open.id,
        establishmentId: 1,
        amountEuros: '10',
        reason: 'Essai de réaffectation',
      },
    });

    // A new campaign for the academy whose deadline has passed, taken through its whole life.
    const created = await call(sessions.national, 'POST', '/api/campaigns', {
      payload: {
        name: 'Campagne du test OpenAPI',
        envelopeEuros: '100 000',
        academyIds: [academyId],
        orderingDeadline: '2020-06-30',
        remainderPolicy: 'return-to-academy',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const draft = { id: created.json<{ id: number }>().id, academyId };
    const academies = await call(sessions.national, 'PUT', '/api/campaigns/{id}/academies', {
      params: draft,
      payload: { academyIds: [academyId] },
    });
    expect(academies.statusCode, academies.body).toBe(200);
    const weights = { establishments: 50, pupils: 50 };
    await call(sessions.national, 'POST', '/api/campaigns/{id}/split/preview', {
      params: draft,
      payload: weights,
    });
    expect(
      (
        await call(sessions.national, 'POST', '/api/campaigns/{id}/split', {
          params: draft,
          payload: weights,
        })
      ).statusCode,
    ).toBe(200);
    await call(sessions.national, 'GET', '/api/campaigns/{id}', { params: draft });
    const draftPlan = await call(sessions.academy, 'GET', '/api/campaigns/{id}/academies/{academyId}/plan', {
      params: draft,
    });
    const ids = draftPlan
      .json<{ allocations: { establishment: { id: number }; eligible: boolean }[] }>()
      .allocations.filter((allocation) => allocation.eligible)
      .slice(0, 4)
      .map((allocation) => allocation.establishment.id);
    const base = '/api/campaigns/{id}/academies/{academyId}';
    const beneficiaries = await call(sessions.academy, 'PUT', `${base}/beneficiaries`, {
      params: draft,
      payload: { establishmentIds: ids },
    });
    expect(beneficiaries.statusCode, beneficiaries.body).toBe(204);
    const modulation = await call(sessions.academy, 'POST', `${base}/modulations`, {
      params: draft,
      payload: { establishmentId: ids[0], amountEuros: '1 500', reason: 'Effectifs en hausse' },
    });
    expect(modulation.statusCode, modulation.body).toBe(201);
    const pool = await call(sessions.academy, 'POST', `${base}/pools`, {
      params: draft,
      payload: { name: 'Réseau du test', establishmentIds: ids.slice(2, 4) },
    });
    expect(pool.statusCode, pool.body).toBe(201);
    const published = await call(sessions.academy, 'POST', `${base}/publish`, {
      params: draft,
      payload: { scaleToShare: true },
    });
    expect(published.statusCode, published.body).toBe(200);
    const closed = await call(sessions.national, 'POST', '/api/campaigns/{id}/close', { params: draft });
    expect(closed.statusCode, closed.body).toBe(200);
    const reallocated = await call(sessions.academy, 'POST', `${base}/reallocations`, {
      params: draft,
      payload: {
        targetCampaignId: open.id,
        establishmentId: ids[0],
        amountEuros: '100',
        reason: 'Reliquat redistribué',
      },
    });
    expect(reallocated.statusCode, reallocated.body).toBe(201);
    const settled = await call(sessions.national, 'POST', '/api/campaigns/{id}/settle', { params: draft });
    expect(settled.statusCode, settled.body).toBe(200);
    expect((await call(sessions.teacher, 'GET', '/api/campaigns')).statusCode).toBe(403);

    // The establishments import: one valid line, then a file with an error.
    const csvUai = makeUai('13', 9_876);
    const csv = `uai;nom;type;secteur;eleves;departement\n${csvUai};École du test;école;public;120;13\n`;
    const imported = await call(
      sessions.academy,
      'POST',
      '/api/academies/{academyId}/establishments/import',
      {
        params: { academyId },
        payload: csv,
        headers: { 'content-type': 'text/csv' },
      },
    );
    expect(imported.statusCode, imported.body).toBe(200);
    const refused = await call(sessions.academy, 'POST', '/api/academies/{academyId}/establishments/import', {
      params: { academyId },
      payload: 'uai;nom\n0000000A;Nulle part\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(refused.statusCode).toBe(400);
  });

  it('orders, fulfilment, cart and subscriptions', async () => {
    const db = server.database.db;
    const today = todayInFrance();
    const offers = await db
      .selectFrom('offers as o')
      .innerJoin('offer_resources as link', 'link.offer_id', 'o.id')
      .select(['o.id', 'link.resource_id'])
      .where('o.price_cents', '>', 0)
      .where('o.price_cents', '<=', 3_000)
      .where('o.valid_from', '<=', today)
      .where((eb) => eb.or([eb('o.valid_until', 'is', null), eb('o.valid_until', '>=', today)]))
      .where(sql<boolean>`cardinality(o.eligibility) = 0`)
      .orderBy('o.id')
      .limit(3)
      .execute();
    expect(offers.length).toBe(3);
    const line = (offer: { id: number }) => ({ offer: offer.id, seats: 1, quantity: 1 });

    const listed = await call(sessions.head, 'GET', '/api/orders', { query: `establishment=${uai}` });
    const orders = listed.json<{ items: { id: number }[] }>().items;
    expect(orders.length).toBeGreaterThan(3);
    for (const order of orders)
      await call(sessions.head, 'GET', '/api/orders/{id}', { params: { id: order.id } });
    await call(sessions.teacher, 'GET', '/api/orders/{id}', { params: { id: orders[0]!.id } });

    // The publisher acknowledges, delivers and rejects its own lines.
    const mine = await call(sessions.publisher, 'GET', '/api/publisher/orders');
    type Line = { id: number; status: { value: string } };
    const publisherOrders = mine.json<{ items: { id: number; status: { value: string }; lines: Line[] }[] }>()
      .items;
    for (const order of publisherOrders) {
      await call(sessions.publisher, 'GET', '/api/orders/{id}', { params: { id: order.id } });
    }
    const submitted = publisherOrders.find((order) => order.status.value === 'submitted');
    if (submitted) {
      await call(sessions.publisher, 'POST', '/api/orders/{id}/transmit', { params: { id: submitted.id } });
    }
    const pending = publisherOrders
      .filter((order) => ['submitted', 'transmitted', 'partly-delivered'].includes(order.status.value))
      .flatMap((order) =>
        order.lines.filter((l) => l.status.value === 'pending').map((l) => ({ id: order.id, lineId: l.id })),
      );
    expect(pending.length).toBeGreaterThan(0);
    await call(sessions.publisher, 'POST', '/api/orders/{id}/lines/{lineId}/deliver', {
      params: pending[0]!,
      payload: { accessUrl: 'https://editeur.example/acces', licenceKey: 'CLE-123', shipmentNumber: 'ENV-1' },
    });
    if (pending[1]) {
      await call(sessions.publisher, 'POST', '/api/orders/{id}/lines/{lineId}/reject', {
        params: pending[1],
        payload: { reason: 'Offre épuisée chez l’éditeur' },
      });
    }

    // Proposals and the cart.
    const proposal = { resource: offers[0]!.resource_id, note: 'Pour les 4e' };
    const params = { uai };
    expect(
      (
        await call(sessions.teacher, 'POST', '/api/establishments/{uai}/proposals', {
          params,
          payload: proposal,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await call(sessions.teacher, 'POST', '/api/establishments/{uai}/proposals', {
          params,
          payload: proposal,
        })
      ).statusCode,
    ).toBe(200);
    const added = await call(sessions.referent, 'POST', '/api/establishments/{uai}/cart/lines', {
      params,
      payload: line(offers[0]!),
    });
    expect(added.statusCode, added.body).toBe(201);
    const cart = await call(sessions.teacher, 'GET', '/api/establishments/{uai}/cart', { params });
    const lineId = cart.json<{ lines: { id: number }[] }>().lines[0]!.id;
    await call(sessions.referent, 'DELETE', '/api/establishments/{uai}/cart/lines/{lineId}', {
      params: { uai, lineId },
    });
    await call(sessions.referent, 'POST', '/api/establishments/{uai}/cart/lines', {
      params,
      payload: line(offers[1]!),
    });
    await call(sessions.head, 'POST', '/api/establishments/{uai}/cart/confirm-prices', { params });
    const cartKey = { 'idempotency-key': 'openapi-cart-1' };
    const fromCart = await call(sessions.head, 'POST', '/api/establishments/{uai}/cart/order', {
      params,
      payload: {},
      headers: cartKey,
    });
    expect(fromCart.statusCode, fromCart.body).toBe(201);
    const again = await call(sessions.head, 'POST', '/api/establishments/{uai}/cart/order', {
      params,
      payload: {},
      headers: cartKey,
    });
    expect(again.statusCode, again.body).toBe(200);

    // An order placed directly, replayed, then cancelled.
    const payload = { establishment: uai, lines: [line(offers[2]!)] };
    const headers = { 'idempotency-key': 'openapi-order-1' };
    const placed = await call(sessions.head, 'POST', '/api/orders', { payload, headers });
    expect(placed.statusCode, placed.body).toBe(201);
    expect((await call(sessions.head, 'POST', '/api/orders', { payload, headers })).statusCode).toBe(200);
    const id = placed.json<{ id: number }>().id;
    expect(
      (await call(sessions.head, 'POST', '/api/orders/{id}/cancel', { params: { id } })).statusCode,
    ).toBe(200);
    expect((await call(sessions.head, 'POST', '/api/orders', { payload })).statusCode).toBe(400);
    expect(
      (
        await call(sessions.head, 'POST', '/api/orders', {
          payload: { ...payload, establishment: 'x' },
          headers,
        })
      ).statusCode,
    ).toBe(400);

    const subscriptions = await call(sessions.head, 'GET', '/api/establishments/{uai}/subscriptions', {
      params,
    });
    const items = subscriptions.json<{ items: { id: number; renewable: boolean }[] }>().items;
    const renewable = items.find((item) => item.renewable);
    expect(renewable, 'the demo has a renewable subscription').toBeDefined();
    const renew = '/api/establishments/{uai}/subscriptions/{id}/renew';
    const renewKey = { 'idempotency-key': 'openapi-renew-1' };
    const renewed = await call(sessions.head, 'POST', renew, {
      params: { uai, id: renewable!.id },
      payload: {},
      headers: renewKey,
    });
    expect([201, 409], renewed.body).toContain(renewed.statusCode);
    await call(sessions.head, 'POST', renew, {
      params: { uai, id: renewable!.id },
      payload: {},
      headers: renewKey,
    });
    const unknown = await call(sessions.head, 'POST', renew, {
      params: { uai, id: 999_999 },
      headers: { 'idempotency-key': 'openapi-renew-2' },
    });
    expect(unknown.statusCode).toBe(404);

    expect((await call(sessions.teacher, 'DELETE', '/api/session')).statusCode).toBe(204);
  });

  it('notices and their statistics', async () => {
    const fixture = fs.readFileSync(new URL('../fixtures/scolomfr/volcans.xml', import.meta.url), 'utf8');
    const imported = await call(sessions.publisher, 'POST', '/api/notices/import', {
      payload: fixture.replace('978-2-01-000001-7', 'openapi-xml-1'),
      headers: { 'content-type': 'application/xml', 'x-file-name': 'volcans.xml' },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const submission = {
      identifier: 'openapi-json-1',
      title: 'Notice du document OpenAPI',
      levels: ['scolomfr-voc-022-num-018'],
      disciplines: ['scolomfr-voc-015-num-066'],
      types: ['scolomfr-voc-010-num-001'],
      cost: 'no',
    };
    const created = await call(sessions.publisher, 'POST', '/api/notices', { payload: submission });
    expect(created.statusCode, created.body).toBe(201);
    const refused = await call(sessions.publisher, 'POST', '/api/notices', {
      payload: { ...submission, levels: ['inconnu'] },
    });
    expect(refused.statusCode).toBe(422);
    const id = created.json<{ notice: number }>().notice;
    await call(sessions.expert, 'GET', '/api/notices', { query: 'status=submitted' });
    await call(sessions.expert, 'GET', '/api/notices/{id}', { params: { id } });
    expect(
      (
        await call(sessions.expert, 'POST', '/api/notices/{id}/assignment', {
          params: { id },
          payload: { expert: null },
        })
      ).statusCode,
    ).toBe(204);
    const decided = await call(sessions.expert, 'POST', '/api/notices/{id}/decision', {
      params: { id },
      payload: { decision: 'accept' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const withdrawn = await call(sessions.publisher, 'POST', '/api/notices/{id}/withdrawal', {
      params: { id },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    await call(undefined, 'GET', '/api/stats/notices', { query: 'by=level' });
    expect((await call(sessions.head, 'GET', '/api/notices')).statusCode).toBe(403);
  });

  it('reviews, appraisals and the public order statistics', async () => {
    await call(undefined, 'GET', '/api/stats/orders', { query: 'by=type' });
    expect((await call(undefined, 'GET', '/api/stats/orders', { query: 'by=nothing' })).statusCode).toBe(400);
    // A resource of the demo publisher's producer, so that the publisher may reply to its appraisal.
    const me = await call(sessions.publisher, 'GET', '/api/me');
    const producer = me.json<{ roles: { producer?: { code: string } }[] }>().roles.find((r) => r.producer)!
      .producer!.code;
    const found = await call(undefined, 'GET', '/api/resources', {
      query: `producer=${producer}&pageSize=1`,
    });
    const id = found.json<{ items: { id: string }[] }>().items[0]!.id;
    const review = await call(sessions.referent, 'POST', '/api/resources/{id}/reviews', {
      params: { id },
      payload: { rating: 4, body: 'Une ressource claire, utilisée avec deux classes de cinquième.' },
    });
    expect(review.statusCode, review.body).toBe(201);
    const reviewId = review.json<{ id: number }>().id;
    const again = await call(sessions.referent, 'POST', '/api/resources/{id}/reviews', {
      params: { id },
      payload: { rating: 4, body: 'Un second avis sur la même ressource, refusé.' },
    });
    expect(again.statusCode).toBe(409);
    await call(sessions.referent, 'PUT', '/api/reviews/{reviewId}', {
      params: { reviewId },
      payload: { rating: 5, body: 'Une ressource claire, utilisée avec trois classes de cinquième.' },
    });
    await call(sessions.head, 'POST', '/api/reviews/{reviewId}/helpful', { params: { reviewId } });
    await call(sessions.head, 'POST', '/api/reviews/{reviewId}/reports', {
      params: { reviewId },
      payload: { reason: 'Un test de signalement.' },
    });
    await call(undefined, 'GET', '/api/resources/{id}/reviews', { params: { id }, query: 'pageSize=5' });
    const appraisal = await call(sessions.expert, 'POST', '/api/resources/{id}/appraisals', {
      params: { id },
      payload: {
        strengths: 'Des exercices progressifs.',
        limits: 'Peu de différenciation.',
        recommendedUses: 'En autonomie, en salle informatique.',
        rip: true,
      },
    });
    expect(appraisal.statusCode, appraisal.body).toBe(201);
    const appraisalId = appraisal.json<{ id: number }>().id;
    await call(sessions.publisher, 'POST', '/api/appraisals/{appraisalId}/reply', {
      params: { appraisalId },
      payload: { body: 'Merci : une version différenciée paraît à la rentrée.' },
    });
    await call(undefined, 'GET', '/api/resources/{id}/appraisals', { params: { id } });
  });

  it('checked every operation against a real successful reply', () => {
    const succeeded = new Set(
      [...checked].filter((entry) => / 2\d\d$/.test(entry)).map((entry) => entry.replace(/ \d+$/, '')),
    );
    const unchecked = operations
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
      .filter((operation) => !succeeded.has(operation));
    expect(unchecked).toEqual([]);
  });
});
