// The experts' notice pages (/expertise/notices) and the workflow statistics. Being written.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app-context.js';

export function expertNoticePages(_app: FastifyInstance, _context: AppContext): void {}
