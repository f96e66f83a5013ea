import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app-context.js';

export function teacherResourcesPageRoutes(_app: FastifyInstance, _context: AppContext): void {}
