// GET /api/resources/:id/scolomfr: a demo resource as a ScoLOMfr 3.1 notice the official XSD accepts
// (libxml2), read back to the same identifier and title; an unknown resource is a 404 in JSON. And the
// product page embeds the resource as schema.org LearningResource JSON-LD.
import type { FastifyInstance } from 'fastify';
import { XmlDocument } from 'libxml2-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createAppContext } from '../../src/app-context.js';
import { checkStructure } from '../../src/modules/notices/scolomfr-document.js';
import { readNotice } from '../../src/modules/notices/scolomfr-notice.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp(createAppContext(database), { logLevel: 'silent' });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /api/resources/:id/scolomfr', () => {
  it('exports demo resources as valid ScoLOMfr 3.1 notices', async () => {
    const resources = await database.db
      .selectFrom('resources')
      .select(['id', 'identifier', 'title'])
      .orderBy('id')
      .limit(25)
      .execute();
    for (const resource of resources) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/resources/${resource.identifier}/scolomfr`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
      const document = XmlDocument.fromString(response.body);
      try {
        expect(checkStructure(document)).toEqual([]);
      } finally {
        document.dispose();
      }
      const reading = readNotice(response.body);
      expect(reading.errors).toEqual([]);
      expect(reading.fields).toMatchObject({ identifier: resource.identifier, title: resource.title });
    }
    const byId = await app.inject({ method: 'GET', url: `/api/resources/${resources[0]!.id}/scolomfr` });
    expect(byId.body).toContain(`<entry>${resources[0]!.identifier}</entry>`);
  });

  it('answers 404 in JSON for an unknown resource', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/resources/ccr-inexistante/scolomfr' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('the product page', () => {
  it('embeds the resource as schema.org LearningResource JSON-LD', async () => {
    const paid = await database.db
      .selectFrom('resources')
      .select(['identifier', 'title'])
      .where('cost', '=', 'yes')
      .where('lowest_price_cents', '>', 0)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const page = await app.inject({ method: 'GET', url: `/ressources/${paid.identifier}` });
    expect(page.statusCode).toBe(200);
    const block = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(page.body);
    expect(block).not.toBeNull();
    const data = JSON.parse(block![1]!) as Record<string, unknown> & {
      offers: { price: string; priceCurrency: string }[];
      educationalLevel: { '@type': string; url?: string }[];
    };
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'LearningResource',
      identifier: paid.identifier,
      name: paid.title,
      isAccessibleForFree: false,
    });
    expect(data.offers.length).toBeGreaterThan(0);
    for (const offer of data.offers) {
      expect(offer.price).toMatch(/^\d+\.\d{2}$/);
      expect(offer.priceCurrency).toBe('EUR');
    }
    expect(data.educationalLevel.length).toBeGreaterThan(0);
    for (const level of data.educationalLevel) {
      expect(level['@type']).toBe('DefinedTerm');
      expect(level.url).toMatch(
        /^http:\/\/data\.education\.fr\/voc\/scolomfr\/concept\/scolomfr-voc-022-num-/,
      );
    }
  });
});
