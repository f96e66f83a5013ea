// JSON API of reviews and appraisals: the two public lists of a resource, paginated, and the writes
// (review, edit, helpful, report, appraisal, the publisher's reply), each with the session and its
// CSRF header. Authorization happens in the use cases (reviews.policy.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.js';
import { errorResponses, jsonReply, publicAccess, sessionWrite } from '../../shared/openapi.js';
import { requireActor } from '../accounts/actor.js';
import { resourceIdParamsSchema } from '../catalogue/catalogue.schema.js';
import { publishAppraisal, replyToAppraisal } from './appraisals.service.js';
import { listResourceAppraisals, listResourceReviews } from './infomediation.service.js';
import { presentAppraisal, presentReview } from './reviews.presenter.js';
import {
  appraisalIdParams,
  appraisalInputSchema,
  appraisalListSchema,
  appraisalSchema,
  helpfulReplySchema,
  pageQuerySchema,
  replyInputSchema,
  replyReplySchema,
  reportInputSchema,
  reportReplySchema,
  reviewIdParams,
  reviewInputSchema,
  reviewListSchema,
  reviewSchema,
} from './reviews.schema.js';
import { editReview, markReviewHelpful, reportReview, writeReview } from './reviews.service.js';

// Filed under the catalogue: reviews and appraisals are read with the resource they are about.
const tags = ['catalogue'];
const reviewers = 'Teachers and the other school roles (teacher, digital referent, librarian, head).';

export function reviewsApiRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/resources/:id/reviews',
    {
      schema: {
        operationId: 'listResourceReviews',
        tags,
        summary: 'Teachers’ published reviews of a resource, most helpful first, with the average rating',
        security: publicAccess,
        params: resourceIdParamsSchema,
        querystring: pageQuerySchema,
        response: {
          200: jsonReply('One page of reviews.', reviewListSchema),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) => listResourceReviews(db, request.params.id, request.query.page, request.query.pageSize),
  );

  api.get(
    '/api/resources/:id/appraisals',
    {
      schema: {
        operationId: 'listResourceAppraisals',
        tags,
        summary: 'Institutional appraisals of a resource, newest first, with its RIP label',
        security: publicAccess,
        params: resourceIdParamsSchema,
        querystring: pageQuerySchema,
        response: {
          200: jsonReply('One page of appraisals.', appraisalListSchema),
          ...errorResponses(400, 404),
        },
      },
    },
    async (request) =>
      listResourceAppraisals(db, request.params.id, request.query.page, request.query.pageSize),
  );

  api.post(
    '/api/resources/:id/reviews',
    {
      schema: {
        operationId: 'createReview',
        tags,
        summary: 'Rate (1 to 5) and review a resource: one review per person and resource',
        description: `${reviewers} At most 5 reviews written or edited per hour (429 with Retry-After); a text of 20 to 2,000 characters with at most 2 links. A review with a link, mostly capitals or a watched word waits for a moderator's look but is published.`,
        security: sessionWrite,
        params: resourceIdParamsSchema,
        body: reviewInputSchema,
        response: {
          201: jsonReply('The review as published.', reviewSchema),
          ...errorResponses(400, 401, 403, 404, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const review = await writeReview(db, requireActor(request), request.params.id, request.body);
      return reply.status(201).send(presentReview(review));
    },
  );

  api.put(
    '/api/reviews/:reviewId',
    {
      schema: {
        operationId: 'editReview',
        tags,
        summary: 'Change one’s own review (the edit is dated)',
        description: 'Its author only; a review hidden by the moderators cannot be changed.',
        security: sessionWrite,
        params: reviewIdParams,
        body: reviewInputSchema,
        response: {
          200: jsonReply('The review as changed.', reviewSchema),
          ...errorResponses(400, 401, 403, 404, 409, 429),
        },
      },
    },
    async (request) =>
      presentReview(await editReview(db, requireActor(request), request.params.reviewId, request.body)),
  );

  api.post(
    '/api/reviews/:reviewId/helpful',
    {
      schema: {
        operationId: 'markReviewHelpful',
        tags,
        summary: 'Mark someone else’s review helpful, once',
        security: sessionWrite,
        params: reviewIdParams,
        response: {
          200: jsonReply('The review’s helpful count.', helpfulReplySchema),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const result = await markReviewHelpful(db, requireActor(request), request.params.reviewId);
      return { reviewId: result.reviewId, helpfulCount: result.helpfulCount };
    },
  );

  api.post(
    '/api/reviews/:reviewId/reports',
    {
      schema: {
        operationId: 'reportReview',
        tags,
        summary: 'Report someone else’s review to the moderators, with a reason, once',
        security: sessionWrite,
        params: reviewIdParams,
        body: reportInputSchema,
        response: {
          201: jsonReply('Reported: the moderators will look at it.', reportReplySchema),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await reportReview(db, actor, request.params.reviewId, request.body.reason);
      return reply.status(201).send({ reviewId: request.params.reviewId, reported: true as const });
    },
  );

  api.post(
    '/api/resources/:id/appraisals',
    {
      schema: {
        operationId: 'publishAppraisal',
        tags,
        summary: 'Publish a signed institutional appraisal, and award the RIP label if asked',
        description: 'Inspectors and experts; one appraisal per author and resource.',
        security: sessionWrite,
        params: resourceIdParamsSchema,
        body: appraisalInputSchema,
        response: {
          201: jsonReply('The appraisal as published.', appraisalSchema),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const appraisal = await publishAppraisal(db, requireActor(request), request.params.id, request.body);
      return reply.status(201).send(presentAppraisal(appraisal));
    },
  );

  api.post(
    '/api/appraisals/:appraisalId/reply',
    {
      schema: {
        operationId: 'replyToAppraisal',
        tags,
        summary: 'The publisher’s public right of reply to an appraisal, once',
        description: 'A publisher of the resource’s producer.',
        security: sessionWrite,
        params: appraisalIdParams,
        body: replyInputSchema,
        response: {
          201: jsonReply('The reply as published.', replyReplySchema),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const appraisal = await replyToAppraisal(
        db,
        requireActor(request),
        request.params.appraisalId,
        request.body.body,
      );
      const presented = presentAppraisal(appraisal);
      return reply.status(201).send({ appraisalId: appraisal.id, ...presented.reply! });
    },
  );
}
