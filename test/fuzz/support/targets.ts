// What the fuzz suite walks, read from the app itself so the list cannot drift: every operation of the
// generated OpenAPI document, and every page form, i.e. every state-changing route of Fastify's route
// table that the document does not describe (the POST routes of src/web/pages/**/*-pages.routes.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/** A JSON schema node of the OpenAPI 3.0 document. */
export type SchemaNode = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: SchemaNode;
}

export interface Target {
  kind: 'api' | 'page';
  method: string;
  /** Fastify's pattern: /api/orders/:id */
  route: string;
  params: Parameter[];
  /** Media types of the request body the operation declares, with their schema. */
  body: Record<string, SchemaNode>;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: SchemaNode }> } }
    >
  >;
  components?: { schemas?: Record<string, SchemaNode> };
}

export function apiTargets(document: OpenApiDocument): Target[] {
  const targets: Target[] = [];
  for (const [openApiPath, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const body: Record<string, SchemaNode> = {};
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {}))
        body[type] = media.schema ?? {};
      targets.push({
        kind: 'api',
        method: method.toUpperCase(),
        route: openApiPath.replace(/\{(\w+)\}/g, ':$1'),
        params: operation.parameters ?? [],
        body,
      });
    }
  }
  return targets;
}

/** Every route of the table with its methods, parsed from printRoutes' tree (Fastify has no list). */
export function routeTable(app: FastifyInstance): { route: string; methods: string[] }[] {
  const stack: string[] = [];
  const routes: { route: string; methods: string[] }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const route = (stack[depth - 1] ?? '') + match[2]!;
    stack.push(route);
    if (match[3]) routes.push({ route: route.replace(/^\/\//, '/'), methods: match[3].split(', ') });
  }
  return routes;
}

export function pageFormTargets(app: FastifyInstance, document: OpenApiDocument): Target[] {
  const described = new Set(apiTargets(document).map((target) => `${target.method} ${target.route}`));
  return routeTable(app).flatMap(({ route, methods }) =>
    methods
      .filter((method) => !['GET', 'HEAD', 'OPTIONS'].includes(method))
      .filter((method) => !route.startsWith('/api/') && !described.has(`${method} ${route}`))
      .map((method) => ({
        kind: 'page' as const,
        method,
        route,
        params: [...route.matchAll(/:(\w+)/g)].map((match) => ({
          name: match[1]!,
          in: 'path' as const,
          required: true,
          schema: { type: 'string' },
        })),
        body: {},
      })),
  );
}

/**
 * Names of form fields, read from the page sources (name="…", text(form, '…'), formText/formList)
 * and from the API bodies' properties (page forms parse the same schemas): no list to keep by hand.
 */
export function formFieldNames(document: OpenApiDocument): string[] {
  const names = new Set<string>();
  const root = path.resolve(import.meta.dirname, '../../../src/web');
  for (const file of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    for (const match of source.matchAll(
      /\bname="([\w.-]+)"|\b(?:text|formText|formList)\(\s*\w+,\s*'([\w.-]+)'/g,
    ))
      names.add(match[1] ?? match[2]!);
  }
  const walk = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 4) return;
    const properties = (node as SchemaNode).properties;
    if (properties && typeof properties === 'object')
      for (const key of Object.keys(properties)) names.add(key);
    for (const value of Object.values(node)) walk(value, depth + 1);
  };
  for (const item of Object.values(document.paths))
    for (const operation of Object.values(item)) walk(operation.requestBody, 0);
  // Head tags and the catalogue's definition lists use name= too; they are harmless extra fields.
  return [...names].sort();
}
