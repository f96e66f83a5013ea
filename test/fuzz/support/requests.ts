// Generated requests: for one target (an API operation or a page form), an actor and hostile or
// plausible values for each path parameter, query parameter, declared header and body field, in a
// body that is sometimes not even the right media type. A request is plain data, so fast-check prints
// it whole when a case fails.
import fc from 'fast-check';
import {
  encodeUrlPart,
  headerValue,
  hostileJson,
  hostileKey,
  hostileNumber,
  hostileString,
  mix,
  urlValue,
} from './hostile.js';
import type { OpenApiDocument, SchemaNode, Target } from './targets.js';
import type { FuzzWorld } from './world.js';

export interface FuzzRequest {
  actor: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  remoteAddress: string;
}

type Plausible = FuzzWorld['plausible'];

/** Values that fit a field of this name, taken from what exists in the database. */
function plausibleText(name: string, plausible: Plausible): fc.Arbitrary<string> {
  if (/uai|establishment$/i.test(name)) return fc.constantFrom(...plausible.uais);
  if (/id$|^id|offer|resource|campaign|academy|line/i.test(name)) return fc.constantFrom(...plausible.ids);
  if (/email|username/i.test(name)) return fc.constantFrom(...plausible.emails);
  if (/key|token/i.test(name)) return fc.uuid();
  if (/amount|envelope|euros|price/i.test(name)) return fc.constantFrom('12,50', '100', '1 000', '0', '-5');
  if (/deadline|date/i.test(name)) return fc.constantFrom('2099-07-10', '2026-09-01', '2020-01-01');
  return fc.oneof(
    fc.constantFrom(...plausible.ids, ...plausible.uais, ...plausible.strings),
    fc.integer({ min: 1, max: 100 }).map(String),
  );
}

/** JSON values for a schema node: mostly conforming (so deeper checks run), sometimes hostile. */
export function schemaValues(document: OpenApiDocument, plausible: Plausible, hostility: number) {
  const resolve = (node: SchemaNode): SchemaNode => {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    return resolve(document.components?.schemas?.[ref.replace('#/components/schemas/', '')] ?? {});
  };
  const numbers = plausible.ids.map(Number);
  const conforming = (raw: SchemaNode, name: string, depth: number): fc.Arbitrary<unknown> => {
    const node = resolve(raw);
    const inner = (): fc.Arbitrary<unknown> => {
      if (Array.isArray(node.enum) && node.enum.length > 0)
        return fc.constantFrom(...(node.enum as unknown[]));
      const union = (node.anyOf ?? node.oneOf) as SchemaNode[] | undefined;
      if (union?.length) return fc.oneof(...union.map((sub) => value(sub, name, depth)));
      const all = node.allOf as SchemaNode[] | undefined;
      if (all?.length) return value(Object.assign({}, ...all.map(resolve)) as SchemaNode, name, depth);
      switch (node.type) {
        case 'object': {
          if (depth > 4) return fc.constant({});
          const properties = (node.properties ?? {}) as Record<string, SchemaNode>;
          const required = new Set((node.required ?? []) as string[]);
          const record = fc.record(
            Object.fromEntries(
              Object.entries(properties).map(([key, sub]) => [
                key,
                // A required field is left out now and then; an optional one half the time.
                fc.option(value(sub, key, depth + 1), { freq: required.has(key) ? 8 : 2, nil: undefined }),
              ]),
            ),
          );
          const extra =
            hostility === 0
              ? fc.constant(undefined)
              : fc.option(fc.dictionary(hostileKey, hostileJson, { minKeys: 1, maxKeys: 2 }), {
                  freq: 6,
                  nil: undefined,
                });
          return fc.tuple(record, extra).map(([fields, unknown]) => {
            const out: Record<string, unknown> = {};
            for (const [key, field] of Object.entries(fields)) if (field !== undefined) out[key] = field;
            // defineProperty: an unknown "__proto__" key must travel as a key, not set a prototype.
            for (const [key, field] of Object.entries(unknown ?? {}))
              Object.defineProperty(out, key, {
                value: field,
                enumerable: true,
                writable: true,
                configurable: true,
              });
            return out;
          });
        }
        case 'array':
          return fc.array(value((node.items ?? {}) as SchemaNode, name, depth + 1), { maxLength: 3 });
        case 'integer':
        case 'number': {
          // Within the declared bounds: the hostile mix supplies what lies outside.
          const min = typeof node.minimum === 'number' ? node.minimum : 0;
          const max = typeof node.maximum === 'number' ? node.maximum : 2_000_000;
          const inside = [...numbers, 1, 2, 10, 100, 5_000].filter((n) => n >= min && n <= max);
          return fc.oneof(
            inside.length ? fc.constantFrom(...inside) : fc.constant(min),
            fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, 2 ** 31 - 1)) }),
          );
        }
        case 'boolean':
          return fc.boolean();
        case 'string':
          if (node.format === 'date') return fc.constantFrom('2099-07-10', '2026-09-01', '2020-01-01');
          if (node.format === 'date-time')
            return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
          if (node.format === 'uuid') return fc.uuid();
          return plausibleText(name, plausible);
        default:
          return hostileJson;
      }
    };
    const arbitrary = inner();
    return node.nullable ? fc.option(arbitrary, { freq: 6 }) : arbitrary;
  };
  const value = (node: SchemaNode, name: string, depth: number): fc.Arbitrary<unknown> =>
    mix(conforming(node, name, depth), hostileJson, hostility);
  return { value, conforming, resolve };
}

/** A body as it travels: the media type and the bytes. */
interface Body {
  type?: string;
  payload?: string | Buffer;
}

const brokenJson = fc.constantFrom<string>(
  '',
  '{',
  '{"a":',
  'nul',
  '[',
  '\uFEFF{}',
  '{"a":"\u0000"}',
  '{"a":1,"a":2}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '1e99999',
  '['.repeat(100_000) + ']'.repeat(100_000),
  '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
);

/** Invalid UTF-8: a lone continuation byte, an overlong NUL, a surrogate's bytes, 0xFF. */
const badBytes = fc.constantFrom(
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d]),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0x80, 0x22, 0x7d]),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
  Buffer.from([0xff, 0xfe, 0x00, 0x00]),
);

/** Form encoding of an object's fields (arrays as repeated keys), with hostile strings kept as WTF-8. */
function formEncode(fields: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, field] of Object.entries(fields)) {
    for (const one of Array.isArray(field) ? field : [field]) {
      const text = typeof one === 'string' ? one : (JSON.stringify(one) ?? '');
      parts.push(`${encodeUrlPart(key)}=${encodeUrlPart(text)}`);
    }
  }
  return parts.join('&');
}

function multipart(fields: Record<string, unknown>, file?: string): string {
  const boundary = 'fuzzboundary';
  const parts = Object.entries(fields).map(
    ([key, field]) =>
      `--${boundary}\r\ncontent-disposition: form-data; name="${key.replace(/["\r\n]/g, '')}"\r\n\r\n${
        typeof field === 'string' ? field : JSON.stringify(field)
      }\r\n`,
  );
  if (file !== undefined)
    parts.push(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="etablissements.csv"\r\ncontent-type: text/csv\r\n\r\n${file}\r\n`,
    );
  return `${parts.join('')}--${boundary}--\r\n`;
}

/** A CSV of establishments: a plausible header, then rows of plausible or hostile cells. */
function csvText(plausible: Plausible): fc.Arbitrary<string> {
  const cell = fc.oneof(
    fc.constantFrom(...plausible.uais, 'Collège Test', 'college', 'public', '450', '13', ''),
    hostileString.map((text) => text.slice(0, 300)),
  );
  return fc
    .tuple(
      fc.constantFrom('uai;nom;type;secteur;eleves;departement', 'uai,nom', '', 'a;b;c'),
      fc.array(fc.array(cell, { minLength: 1, maxLength: 7 }), { maxLength: 4 }),
      fc.constantFrom(';', ',', '\t'),
    )
    .map(([header, rows, separator]) => [header, ...rows.map((row) => row.join(separator))].join('\r\n'));
}

/** Bodies for a JSON (or CSV) operation: the generated object, or something else entirely. */
function bodyFor(
  target: Target,
  fields: fc.Arbitrary<unknown>,
  plausible: Plausible,
  hostility: number,
): fc.Arbitrary<Body> {
  const asObject = fields.map((value) =>
    value && typeof value === 'object' ? (value as Record<string, unknown>) : { value },
  );
  const wrong: fc.Arbitrary<Body>[] = [
    fc.constant<Body>({}),
    fc.constant<Body>({ type: 'application/json' }),
    hostileJson.map((value) => ({ type: 'application/json', payload: JSON.stringify(value) ?? 'null' })),
    brokenJson.map((payload) => ({ type: 'application/json', payload })),
    badBytes.map((payload) => ({ type: 'application/json', payload })),
    asObject.map((value) => ({ type: 'application/x-www-form-urlencoded', payload: formEncode(value) })),
    asObject.map((value) => ({
      type: 'multipart/form-data; boundary=fuzzboundary',
      payload: multipart(value),
    })),
    fields.map((value) => ({ type: 'text/plain', payload: JSON.stringify(value) ?? '' })),
    fc.constantFrom<Body>(
      {
        type: 'application/xml',
        payload: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
      },
      { type: 'application/json; charset=utf-16', payload: '{}' },
      { type: 'multipart/form-data', payload: '--x\r\n' },
      {
        type: 'multipart/form-data; boundary=fuzzboundary',
        payload: '--fuzzboundary\r\ncontent-disposition: form-data; name="file"; filename="a"\r\n\r\n\u0000',
      },
      { type: '\u00e9/\u00e9', payload: 'x' },
      { type: 'application/json', payload: `{"a":"${'x'.repeat(1_100_000)}"}` },
    ),
  ];
  const types = Object.keys(target.body);
  const right: fc.Arbitrary<Body>[] = [];
  if (types.some((type) => type.includes('json')) || target.kind === 'api')
    right.push(
      fields.map((value) => ({ type: 'application/json', payload: JSON.stringify(value) ?? 'null' })),
    );
  if (types.some((type) => type.includes('csv') || type.includes('octet-stream')))
    right.push(
      fc.tuple(csvText(plausible), fc.constantFrom(...types)).map(([payload, type]) => ({ type, payload })),
      badBytes.map((payload) => ({ type: 'text/csv', payload })),
    );
  if (target.kind === 'page') {
    right.push(
      asObject.map((value) => ({ type: 'application/x-www-form-urlencoded', payload: formEncode(value) })),
    );
    right.push(
      fc.tuple(asObject, fc.option(csvText(plausible), { nil: undefined })).map(([value, file]) => ({
        type: 'multipart/form-data; boundary=fuzzboundary',
        payload: multipart(value, file),
      })),
    );
  }
  return mix(fc.oneof(...right), fc.oneof(...wrong), Math.min(hostility, 3));
}

type CsrfMode = 'right' | 'missing' | 'wrong';

/**
 * Every request the suite may send to this target: plausible everywhere (a fifth of the cases, so
 * state moves on and the deeper checks run), hostile here and there, or hostile almost everywhere.
 */
export function requestsFor(
  target: Target,
  world: FuzzWorld,
  document: OpenApiDocument,
  formFields: string[],
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 2, arbitrary: requestsWith(0, target, world, document, formFields) },
    { weight: 3, arbitrary: requestsWith(1, target, world, document, formFields) },
    { weight: 5, arbitrary: requestsWith(12, target, world, document, formFields) },
  );
}

function requestsWith(
  hostility: number,
  target: Target,
  world: FuzzWorld,
  document: OpenApiDocument,
  formFields: string[],
): fc.Arbitrary<FuzzRequest> {
  const { value } = schemaValues(document, world.plausible, hostility);
  const actor = fc.constantFrom(...world.actors.map((one) => one.name));
  const pathParams = target.params.filter((param) => param.in === 'path');
  const path = fc
    .tuple(...pathParams.map((param) => urlValue(plausibleText(param.name, world.plausible), hostility)))
    .map((values) => {
      let url = target.route;
      pathParams.forEach((param, index) => (url = url.replace(`:${param.name}`, values[index] || '%20')));
      return url;
    });
  const queryParams = target.params.filter((param) => param.in === 'query');
  const queryValue = (name: string, schema: SchemaNode) =>
    urlValue(
      value(schema, name, 0).map((one) => (typeof one === 'string' ? one : (JSON.stringify(one) ?? ''))),
      hostility,
    );
  /** Only the hostile modes add what no schema declares: unknown keys, odd cookies, a wrong token. */
  const sometimes = <T>(arbitrary: fc.Arbitrary<T>, freq: number) =>
    hostility === 0 ? fc.constant(undefined) : fc.option(arbitrary, { freq, nil: undefined });
  const query = fc
    .tuple(
      fc.tuple(
        ...queryParams.map((param) =>
          fc.oneof(
            // An optional parameter is sent now and then (a search has 16 of them), more in hostile mode.
            { weight: param.required ? 0 : hostility >= 12 ? 2 : 7, arbitrary: fc.constant(undefined) },
            {
              weight: 1,
              arbitrary: fc.oneof(
                { weight: 5, arbitrary: queryValue(param.name, param.schema).map((one) => [one]) },
                {
                  weight: hostility === 0 ? 0 : 1,
                  arbitrary: fc.array(queryValue(param.name, param.schema), { minLength: 2, maxLength: 3 }),
                },
              ),
            },
          ),
        ),
      ),
      sometimes(
        fc.dictionary(hostileKey.map(encodeUrlPart), urlValue(fc.constant('1'), hostility), { maxKeys: 2 }),
        5,
      ),
      sometimes(fc.constantFrom('ok=ligne', 'ok=%00', '&&=&', 'a[b]=1&a[c]=2', 'a=%', '%=1'), 8),
    )
    .map(([declared, unknown, raw]) => {
      const parts: string[] = [];
      queryParams.forEach((param, index) => {
        for (const one of declared[index] ?? []) parts.push(`${param.name}=${one}`);
      });
      for (const [key, one] of Object.entries(unknown ?? {})) parts.push(`${key}=${one}`);
      if (raw) parts.push(raw);
      return parts.length ? `?${parts.join('&')}` : '';
    });
  const headerParams = target.params.filter((param) => param.in === 'header');
  const headers = fc.tuple(
    ...headerParams.map((param) =>
      fc.option(headerValue(plausibleText(param.name, world.plausible), hostility), {
        freq: param.required ? 8 : 3,
        nil: undefined,
      }),
    ),
  );
  // Page forms: a subset of every known field name, plus the CSRF field decided below.
  const formBody: fc.Arbitrary<unknown> = fc
    .tuple(
      fc.subarray(formFields, { maxLength: 8 }),
      fc.infiniteStream(
        mix<unknown>(
          fc.constantFrom(...world.plausible.ids, ...world.plausible.uais, '1', '2', '12,50'),
          fc.oneof(
            { weight: 4, arbitrary: hostileString },
            { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 3 }) },
            { weight: 1, arbitrary: hostileNumber },
          ),
          hostility,
        ),
      ),
    )
    .map(([names, values]) => Object.fromEntries(names.map((name) => [name, values.next().value])));
  const bodyTypes = Object.values(target.body);
  const fields =
    target.kind === 'page'
      ? formBody
      : bodyTypes.length > 0
        ? value(
            bodyTypes.find((schema) => schema.type === 'object' || schema.$ref) ?? bodyTypes[0]!,
            'body',
            0,
          )
        : hostileJson;
  const hasBody = target.kind === 'page' || bodyTypes.length > 0;
  const body: fc.Arbitrary<Body> = hasBody
    ? bodyFor(target, fields, world.plausible, hostility)
    : fc.oneof(
        { weight: 6, arbitrary: fc.constant<Body>({}) },
        { weight: hostility === 0 ? 0 : 1, arbitrary: bodyFor(target, fields, world.plausible, hostility) },
      );
  const csrf =
    hostility === 0
      ? fc.constant<CsrfMode>('right')
      : fc.constantFrom<CsrfMode>('right', 'right', 'missing', 'wrong');
  const cookie = sometimes(
    fc.constantFrom(
      'ccr_session=%00',
      'ccr_session=\u00e9',
      'ccr_session=' + 'a'.repeat(5000),
      'ccr_session=1; ccr_session=2',
      '=;;=',
    ),
    10,
  );
  const remoteAddress = fc.ipV4();
  return fc
    .record({ actor, path, query, headers, body, csrf, cookie, remoteAddress })
    .map(
      ({
        actor: name,
        path: url,
        query: search,
        headers: values,
        body: sent,
        csrf: mode,
        cookie: extraCookie,
        remoteAddress: address,
      }) => {
        const user = world.actors.find((one) => one.name === name)!.user;
        const out: Record<string, string> = {};
        headerParams.forEach((param, index) => {
          if (values[index] !== undefined) out[param.name] = values[index];
        });
        if (user) out.cookie = user.cookie;
        if (extraCookie) out.cookie = out.cookie ? `${out.cookie}; ${extraCookie}` : extraCookie;
        let payload = sent.payload;
        if (user && mode !== 'missing') {
          const token = mode === 'right' ? user.csrf : 'x'.repeat(user.csrf.length);
          if (target.kind === 'api') out['x-csrf-token'] = token;
          else if (typeof payload === 'string' && sent.type?.startsWith('application/x-www-form-urlencoded'))
            payload = `_csrf=${token}${payload ? '&' : ''}${payload}`;
          else if (
            typeof payload === 'string' &&
            sent.type?.startsWith('multipart/form-data; boundary=fuzzboundary')
          )
            payload = `--fuzzboundary\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n${payload}`;
          else out['x-csrf-token'] = token;
        }
        if (sent.type) out['content-type'] = sent.type;
        return {
          actor: name,
          method: target.method,
          url: url + search,
          headers: out,
          ...(payload !== undefined ? { payload } : {}),
          remoteAddress: address,
        };
      },
    );
}
