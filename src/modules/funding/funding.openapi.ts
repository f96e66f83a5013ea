// The funding part of the OpenAPI document (assembled by src/openapi.ts): academies, campaigns, the
// national split, academy allocation plans, dashboards, drawing rights and the establishments import.
// Request bodies and parameters are the zod schemas funding.schema.ts validates with.
import {
  errors,
  fromZod,
  jsonBody,
  jsonResponse,
  object,
  operationsTagged,
  pathParameter,
  publicAccess,
  schemaRef,
  sessionWrite,
  type OpenApiPart,
  type OperationObject,
  type ParameterObject,
  type SchemaObject,
} from '../../shared/openapi.js';
import { campaignRulesSchema, establishmentTypes } from './campaign-rules.js';
import { campaignStatusLabels } from './campaign.workflow.js';
import {
  beneficiariesSchema,
  campaignAcademiesSchema,
  createCampaignSchema,
  idSchema,
  modulationSchema,
  poolSchema,
  publishSchema,
  reallocationSchema,
  splitWeightsSchema,
  uaiParamSchema,
} from './funding.schema.js';

const integer = { type: 'integer' } as const;
const cents = (description?: string): SchemaObject => ({
  type: 'integer',
  ...(description ? { description } : {}),
});
const date = { type: 'string', format: 'date' } as const;

const campaignId = pathParameter('id', fromZod(idSchema), 'Campaign id.');
const academyId = pathParameter('academyId', fromZod(idSchema), 'Academy id.');
const uai = pathParameter(
  'uai',
  (fromZod(uaiParamSchema).properties as Record<string, SchemaObject>).uai!,
  'UAI of the establishment: 7 digits and a check letter (lower case is accepted).',
);

const national = 'National administration only.';
const academyStaff = 'Academy staff of that academy, or the national administration.';

/** Operation defaults of this module; each route states what differs. */
const operation = operationsTagged('funding');

function plan(operationId: string, summary: string, extra: Partial<OperationObject>): OperationObject {
  return operation({
    operationId,
    summary,
    parameters: [campaignId, academyId],
    responses: {},
    ...extra,
  });
}

const scaleParameter: ParameterObject = {
  name: 'scale',
  in: 'query',
  description: 'true: show the 2012 rule amounts scaled to fit the academy share exactly.',
  schema: { type: 'string', enum: ['true', 'false'], default: 'false' },
};

// split.ts AcademyShare
const academyShare = object({
  academyId: integer,
  code: { type: 'string' },
  name: { type: 'string' },
  establishments: integer,
  pupils: integer,
  shareCents: cents('Rounded share; the shares add up exactly to the envelope.'),
  exactCents: { type: 'number', description: 'Exact share before rounding, in cents.' },
  establishmentRatio: { type: 'number' },
  pupilRatio: { type: 'number' },
  explanation: { type: 'string', description: 'How the share was computed, in French.' },
});

// funding.routes.ts presentCampaign
const campaignProperties = {
  id: integer,
  name: { type: 'string' },
  status: { type: 'string', enum: Object.keys(campaignStatusLabels) },
  envelopeCents: cents(),
  orderingDeadline: date,
  remainderPolicy: { type: 'string', enum: [...createCampaignSchema.shape.remainderPolicy.options] },
  rules: schemaRef('CampaignRules'),
};

const consumptionRow = object({
  key: { type: 'string', description: 'UAI, pool-<id>, establishment type or academy code.' },
  label: { type: 'string' },
  allocatedCents: cents(),
  consumedCents: cents(
    'What orders took from the public drawing right (net of credits; top-ups, net of their refunds to the co-funders, excluded).',
  ),
  rate: { type: 'number', description: 'consumed / allocated, 0 when nothing was allocated.' },
});

const timeSeries = { type: 'array', items: schemaRef('TimePoint') };

export const fundingOpenApi: OpenApiPart = {
  tag: {
    name: 'funding',
    description:
      'Campaigns (draft → open → closed → settled), the national split of the envelope, academy allocation plans, drawing rights, dashboards. Money is in integer cents; amounts a person types are euros ("1 500,50" or a number).',
  },
  paths: {
    '/api/academies': {
      get: operation({
        operationId: 'listAcademies',
        summary: 'The 30 academies',
        security: publicAccess,
        responses: {
          '200': jsonResponse(
            'Every academy, by code.',
            object({ items: { type: 'array', items: schemaRef('Academy') } }),
          ),
        },
      }),
    },
    '/api/academies/{academyId}/establishments/import': {
      post: operation({
        operationId: 'importEstablishments',
        summary: 'Import the candidate establishments of an academy from a CSV file',
        description: `${academyStaff} The whole file is checked first and nothing is written unless every line is valid (errors come back in details.errors with their line numbers). UTF-8 or Windows-1252, ";" or "," separated, with a header row: uai, nom, type, secteur, eleves, departement, reseau (French or English names). 10 MB at most.`,
        security: sessionWrite,
        parameters: [academyId],
        requestBody: {
          required: true,
          description: 'The raw file.',
          content: {
            'text/csv': { schema: { type: 'string', format: 'binary' } },
            'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
          },
        },
        responses: {
          '200': jsonResponse('Every line was written.', schemaRef('ImportResult')),
          ...errors(400, 401, 403, 404),
        },
      }),
    },
    '/api/campaigns': {
      get: operation({
        operationId: 'listCampaigns',
        summary: 'Campaigns, newest first',
        description: 'Academy staff and the national administration.',
        responses: {
          '200': jsonResponse(
            'The campaigns.',
            object({ items: { type: 'array', items: schemaRef('Campaign') } }),
          ),
          ...errors(401, 403),
        },
      }),
      post: operation({
        operationId: 'createCampaign',
        summary: 'Create a draft campaign',
        description: `${national} Rules left out take the 2012 values (500 € per école, 1,000 to 2,500 € per EPLE by bands).`,
        security: sessionWrite,
        requestBody: jsonBody(fromZod(createCampaignSchema)),
        responses: {
          '201': jsonResponse('The draft campaign.', schemaRef('Campaign')),
          ...errors(400, 401, 403),
        },
      }),
    },
    '/api/campaigns/{id}': {
      get: operation({
        operationId: 'getCampaign',
        summary: 'One campaign with the share of each academy',
        description: 'Academy staff and the national administration.',
        parameters: [campaignId],
        responses: {
          '200': jsonResponse('The campaign.', schemaRef('CampaignDetail')),
          ...errors(400, 401, 403, 404),
        },
      }),
    },
    '/api/campaigns/{id}/academies': {
      put: operation({
        operationId: 'setCampaignAcademies',
        summary: 'Choose the academies taking part in a draft campaign',
        description: `${national} Draft campaigns only (409 INVALID_TRANSITION otherwise); any change voids the split, which must be written again.`,
        security: sessionWrite,
        parameters: [campaignId],
        requestBody: jsonBody(fromZod(campaignAcademiesSchema)),
        responses: {
          '200': jsonResponse('The campaign with its academies.', schemaRef('CampaignDetail')),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/campaigns/{id}/split/preview': {
      post: operation({
        operationId: 'previewSplit',
        summary: 'Preview the split of the envelope between academies (writes nothing)',
        description: `${national} Weights are percent points of the establishment count and of the pupil count; they add up to 100.`,
        security: sessionWrite,
        parameters: [campaignId],
        requestBody: jsonBody(fromZod(splitWeightsSchema)),
        responses: {
          '200': jsonResponse('The share of each academy and how it was computed.', schemaRef('SplitResult')),
          ...errors(400, 401, 403, 404),
        },
      }),
    },
    '/api/campaigns/{id}/split': {
      post: operation({
        operationId: 'commitSplit',
        summary: 'Write the split of the envelope (draft campaigns only)',
        description: national,
        security: sessionWrite,
        parameters: [campaignId],
        requestBody: jsonBody(fromZod(splitWeightsSchema)),
        responses: {
          '200': jsonResponse(
            'The shares written; they add up exactly to the envelope.',
            schemaRef('SplitResult'),
          ),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/campaigns/{id}/close': {
      post: operation({
        operationId: 'closeCampaign',
        summary: 'Close a campaign after its ordering deadline',
        description: `${national} Every unspent drawing right closes and its balance returns to the academy remainder; orders already placed keep their debits.`,
        security: sessionWrite,
        parameters: [campaignId],
        responses: {
          '200': jsonResponse(
            'The campaign is closed.',
            object({ closedRights: integer, returnedCents: cents('Returned to the academies.') }),
          ),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/campaigns/{id}/settle': {
      post: operation({
        operationId: 'settleCampaign',
        summary: 'Settle a closed campaign',
        description: `${national} With the carry-to-next-campaign policy, each academy remainder moves to the next campaign of that academy.`,
        security: sessionWrite,
        parameters: [campaignId],
        responses: {
          '200': jsonResponse(
            'The campaign is settled.',
            object({
              carriedCents: cents(),
              nextCampaignId: { type: 'integer', nullable: true },
            }),
          ),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/campaigns/{id}/dashboard': {
      get: operation({
        operationId: 'getNationalDashboard',
        summary: 'National consumption of a campaign, by academy and over time',
        description: national,
        parameters: [campaignId],
        responses: {
          '200': jsonResponse('Figures from the ledger alone.', schemaRef('NationalDashboard')),
          ...errors(400, 401, 403, 404),
        },
      }),
    },
    '/api/campaigns/{id}/academies/{academyId}/plan': {
      get: plan('getAcademyPlan', 'The allocation plan of an academy', {
        description: `${academyStaff} Every establishment with its 2012 rule amount, its modulation and its pool.`,
        parameters: [campaignId, academyId, scaleParameter],
        responses: {
          '200': jsonResponse('The plan.', schemaRef('AcademyPlan')),
          ...errors(400, 401, 403, 404),
        },
      }),
    },
    '/api/campaigns/{id}/academies/{academyId}/beneficiaries': {
      put: plan('setBeneficiaries', 'Choose the beneficiary establishments of the plan', {
        description: `${academyStaff} Replaces the list; refused once the plan is published.`,
        security: sessionWrite,
        requestBody: jsonBody(fromZod(beneficiariesSchema)),
        responses: { '204': { description: 'Saved.' }, ...errors(400, 401, 403, 404, 409) },
      }),
    },
    '/api/campaigns/{id}/academies/{academyId}/modulations': {
      post: plan('modulateAllocation', 'Set the amount of one establishment, with a reason', {
        description: `${academyStaff} Before publication the plan keeps it; after, an adjustment moves the drawing right at once and can never take it below zero (BUDGET_EXCEEDED). The reason is audited.`,
        security: sessionWrite,
        requestBody: jsonBody(fromZod(modulationSchema)),
        responses: {
          '201': jsonResponse(
            'The modulation is recorded.',
            object({ deltaCents: cents('New amount minus the rule amount.') }),
          ),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/campaigns/{id}/academies/{academyId}/pools': {
      post: plan('createPool', 'Group establishments into a pool sharing one drawing right', {
        description: `${academyStaff} The pool's right is the sum of the allocations of its beneficiary members.`,
        security: sessionWrite,
        requestBody: jsonBody(fromZod(poolSchema)),
        responses: {
          '201': jsonResponse('The pool is created.', object({ created: { type: 'boolean', enum: [true] } })),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/campaigns/{id}/academies/{academyId}/publish': {
      post: plan('publishAllocations', 'Publish the plan: one drawing right per beneficiary or pool', {
        description: `${academyStaff} Refused with BUDGET_EXCEEDED when the plan exceeds the academy share, unless scaleToShare. Heads are notified, and invited when they have no account.`,
        security: sessionWrite,
        requestBody: jsonBody(fromZod(publishSchema), 'Optional.', false),
        responses: {
          '200': jsonResponse('Published.', schemaRef('PublishResult')),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/campaigns/{id}/academies/{academyId}/reallocations': {
      post: plan('reallocateRemainder', 'Give part of the academy remainder to an establishment', {
        description: `${academyStaff} Moves money from the academy remainder of this closed campaign to the establishment's right in an open campaign of the same academy.`,
        security: sessionWrite,
        requestBody: jsonBody(fromZod(reallocationSchema)),
        responses: {
          '201': jsonResponse('The amount was moved.', object({ drawingRightId: integer })),
          ...errors(400, 401, 403, 404, 409),
        },
      }),
    },
    '/api/campaigns/{id}/academies/{academyId}/dashboard': {
      get: plan('getAcademyDashboard', 'Consumption of an academy, by establishment, type and over time', {
        description: academyStaff,
        responses: {
          '200': jsonResponse('Figures from the ledger alone.', schemaRef('AcademyDashboard')),
          ...errors(400, 401, 403, 404),
        },
      }),
    },
    '/api/establishments/{uai}/drawing-right': {
      get: operation({
        operationId: 'getDrawingRight',
        summary: 'What an establishment can still spend, per open campaign',
        description:
          'The establishment team (head, referent, librarian, teachers), its academy staff and the national administration. remaining = allocation + adjustments + reallocations + top-ups − spent − committed.',
        parameters: [uai],
        responses: {
          '200': jsonResponse('One entry per open campaign.', schemaRef('DrawingRights')),
          ...errors(400, 401, 403, 404),
        },
      }),
    },
  },
  schemas: {
    Academy: object({ id: integer, code: { type: 'string' }, name: { type: 'string' } }),
    CampaignRules: {
      ...fromZod(campaignRulesSchema, 'output'),
      description: 'As stored (campaign-rules.ts): amounts in cents, bands matched in order.',
    },
    Campaign: object(campaignProperties),
    CampaignDetail: object({
      ...campaignProperties,
      academies: {
        type: 'array',
        items: object({
          id: integer,
          code: { type: 'string' },
          name: { type: 'string' },
          shareCents: cents('0 until the split is written.'),
          split: {
            ...object({
              weights: object({ establishments: integer, pupils: integer }),
              text: { type: 'string' },
              exactCents: { type: 'number' },
            }),
            nullable: true,
          },
        }),
      },
    }),
    // The campaign row as the dashboards return it.
    CampaignRecord: object({ ...campaignProperties, createdAt: { type: 'string', format: 'date-time' } }),
    AcademyShare: academyShare,
    SplitResult: object({ academies: { type: 'array', items: schemaRef('AcademyShare') } }),
    // funding.routes.ts presentPlan
    AcademyPlan: object({
      campaign: schemaRef('Campaign'),
      academy: schemaRef('Academy'),
      shareCents: cents(),
      published: { type: 'boolean' },
      totalCents: cents(),
      leftCents: cents('Positive: left of the share; negative: by how much the plan exceeds it.'),
      scaled: { type: 'boolean' },
      pools: {
        type: 'array',
        items: object({
          name: { type: 'string' },
          memberIds: { type: 'array', items: integer },
          amountCents: cents(),
        }),
      },
      allocations: {
        type: 'array',
        items: object({
          establishment: object({
            id: integer,
            uai: { type: 'string' },
            name: { type: 'string' },
            type: { type: 'string', enum: [...establishmentTypes] },
          }),
          eligible: { type: 'boolean' },
          selected: { type: 'boolean' },
          ruleCents: cents(),
          finalCents: cents('After scaling (when asked) and modulation.'),
          ruleReason: { type: 'string' },
          modulation: { ...object({ amountCents: cents(), reason: { type: 'string' } }), nullable: true },
          pool: { type: 'string', nullable: true },
        }),
      },
    }),
    PublishResult: object({
      rights: integer,
      pools: integer,
      totalCents: cents(),
      notified: { type: 'integer', description: 'Heads notified.' },
      invited: { type: 'integer', description: 'Heads invited to create their account.' },
    }),
    ConsumptionRow: consumptionRow,
    TimePoint: object({ day: date, consumedCents: cents('Cumulative.') }),
    AcademyDashboard: object({
      campaign: schemaRef('CampaignRecord'),
      establishments: { type: 'array', items: schemaRef('ConsumptionRow') },
      types: { type: 'array', items: schemaRef('ConsumptionRow') },
      overTime: timeSeries,
      remainder: {
        ...object({ receivedCents: cents(), movedOutCents: cents(), availableCents: cents() }),
        nullable: true,
        description:
          'The academy remainder of this campaign: received (returned at closing, later credits, carried from the previous campaign), moved out (reallocated or carried to the next campaign), available. null before closing.',
      },
    }),
    NationalDashboard: object({
      campaign: schemaRef('CampaignRecord'),
      academies: {
        type: 'array',
        items: object({
          key: { type: 'string' },
          label: { type: 'string' },
          shareCents: cents(),
          allocatedCents: cents(),
          consumedCents: cents(),
          rate: { type: 'number' },
        }),
      },
      overTime: timeSeries,
      overTimeByAcademy: {
        type: 'object',
        description: 'Academy code → cumulative consumption by day.',
        additionalProperties: timeSeries,
      },
    }),
    // drawing-right.service.ts DrawingRightSummary
    DrawingRights: object({
      campaigns: {
        type: 'array',
        items: object({
          campaign: object({
            id: integer,
            name: { type: 'string' },
            status: { type: 'string', enum: Object.keys(campaignStatusLabels) },
            orderingDeadline: date,
          }),
          drawingRightId: integer,
          allocationCents: cents(),
          adjustmentsCents: cents(),
          reallocationsCents: cents(),
          topUpsCents: cents('Top-ups from co-funders, net of what was given back to them.'),
          topUpRefundsCents: cents(
            'Given back to co-funders when cancellations or rejections shrank a co-funded order below its top-up, for information: already netted from topUpsCents.',
          ),
          spentCents: cents('Delivered orders, net of credits.'),
          committedCents: cents('Orders not delivered yet, net of credits.'),
          creditsCents: cents('Cancellation and rejection credits, for information.'),
          remainingCents: cents(),
          pooled: { type: 'boolean' },
          poolName: { type: 'string', nullable: true },
        }),
      },
    }),
    ImportResult: object({
      encoding: { type: 'string', enum: ['utf-8', 'windows-1252'] },
      created: integer,
      updated: integer,
    }),
  },
};
