// The publishers' notice pages (/editeur/notices). Being written.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app-context.js';

export function publisherNoticePages(_app: FastifyInstance, _context: AppContext): void {}
