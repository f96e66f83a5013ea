// JSON API of notices, so far the export: a resource as a ScoLOMfr 3.1 notice (XML).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { errorResponses, publicAccess } from '../../shared/openapi.js';
import { resourceIdParamsSchema } from '../catalogue/catalogue.schema.js';
import { getResource } from '../catalogue/catalogue.service.js';
import { resourceToScolomfr } from './scolomfr-export.js';

export function noticesApiRoutes(app: FastifyInstance, context: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/resources/:id/scolomfr',
    {
      schema: {
        operationId: 'getResourceScolomfr',
        tags: ['catalogue'],
        summary: 'One resource as a ScoLOMfr 3.1 notice',
        description:
          'The resource as a ScoLOMfr 3.1 XML notice (strict: every vocabulary value is a concept URI with its label), valid against the official XSD.',
        security: publicAccess,
        params: resourceIdParamsSchema,
        response: {
          200: {
            description: 'The ScoLOMfr notice.',
            content: { 'application/xml': { schema: z.string() } },
          },
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => {
      const resource = await getResource(context.db, request.params.id);
      // XML, sent as built: not through the JSON serializer.
      return reply
        .type('application/xml; charset=utf-8')
        .serializer((payload) => payload as string)
        .send(resourceToScolomfr(resource));
    },
  );
}
