// Page routes of notices: the publishers' side (/editeur/notices: submit with the form, import ScoLOMfr,
// follow, edit and resubmit, withdraw), the experts' side (/expertise/notices: the queue, the review and
// the decision) and the workflow's public statistics (/statistiques/notices).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { expertNoticePages } from './expert-notices-pages.js';
import { publisherNoticePages } from './publisher-notices-pages.js';

export function noticesPageRoutes(app: FastifyInstance, context: AppContext): void {
  publisherNoticePages(app, context);
  expertNoticePages(app, context);
}
