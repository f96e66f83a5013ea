// The OAI-PMH provider at /oai, by GET (query string) and POST (application/x-www-form-urlencoded, parsed
// by @fastify/formbody). Public: no session. Every request is answered 200 with an OAI-PMH envelope,
// errors included (OAI-PMH reports them inside the XML). Outside the OpenAPI document, which covers
// /api only.
import type { FastifyCompressRouteOptions } from '@fastify/compress';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { handleOaiRequest } from './oai-provider.service.js';

// Harvesters take whole catalogues page after page: gzip at its fastest level, which every OAI-PMH
// harvester reads, rather than the pages' brotli (measured with bench:harvest: brotli cost both sides
// 0.22 ms of CPU a record, more than the provider's whole XML writing).
const OAI_COMPRESSION: FastifyCompressRouteOptions['compress'] = {
  encodings: ['gzip', 'deflate'],
  zlibOptions: { level: 1 },
};

type Arguments = Record<string, string | string[] | undefined>;

function argumentsOf(value: unknown): Arguments {
  if (value === null || typeof value !== 'object') return {};
  const result: Arguments = {};
  for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry === 'string') result[name] = entry;
    else if (Array.isArray(entry)) result[name] = entry.map(String);
  }
  return result;
}

export function oaiRoutes(app: FastifyInstance, context: AppContext): void {
  const send = async (reply: FastifyReply, args: Arguments) => {
    const xml = await handleOaiRequest(context.db, context.oai, args);
    return reply
      .type('text/xml; charset=utf-8')
      .serializer((payload) => payload as string)
      .send(xml);
  };
  app.get('/oai', { compress: OAI_COMPRESSION }, (request: FastifyRequest, reply) =>
    send(reply, argumentsOf(request.query)),
  );
  app.post('/oai', { compress: OAI_COMPRESSION }, (request: FastifyRequest, reply) =>
    send(reply, argumentsOf(request.body)),
  );
}
