// Response schemas of the funding API (zod): the JSON each route sends, declared once. They serialize
// the replies (unknown properties are dropped, a wrong shape is a 500 rather than a silent drift), type
// the handlers and become the OpenAPI document; shapes with an id are its components.
import { z } from 'zod';
import { campaignRulesSchema, establishmentTypes } from './campaign-rules.js';
import { campaignStatusLabels, type CampaignStatus } from './campaign.workflow.js';
import { createCampaignSchema } from './funding.schema.js';

/** Integer cents (money is never a float here). */
const cents = (description?: string) => (description ? z.int().describe(description) : z.int());
const count = z.int();
const date = z.iso.date();

const campaignStatus = z.enum(Object.keys(campaignStatusLabels) as [CampaignStatus, ...CampaignStatus[]]);

export const academyResponse = z
  .object({ id: count, code: z.string(), name: z.string() })
  .meta({ id: 'Academy' });

export const academiesResponse = z.object({ items: z.array(academyResponse) });

// The rules as stored (validated when the campaign was written): the shape, without its refinements.
export const campaignRulesResponse = z.object(campaignRulesSchema.shape).meta({
  id: 'CampaignRules',
  description: 'As stored (campaign-rules.ts): amounts in cents, bands matched in order.',
});

// funding.routes.ts presentCampaign
const campaignShape = {
  id: count,
  name: z.string(),
  status: campaignStatus,
  envelopeCents: cents(),
  orderingDeadline: date,
  remainderPolicy: createCampaignSchema.shape.remainderPolicy,
  rules: campaignRulesResponse,
};

export const campaignResponse = z.object(campaignShape).meta({ id: 'Campaign' });
export const campaignsResponse = z.object({ items: z.array(campaignResponse) });

export const campaignDetailResponse = z
  .object({
    ...campaignShape,
    academies: z.array(
      z.object({
        id: count,
        code: z.string(),
        name: z.string(),
        shareCents: cents('0 until the split is written.'),
        split: z
          .object({
            weights: z.object({ establishments: count, pupils: count }),
            text: z.string(),
            exactCents: z.number(),
          })
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'CampaignDetail' });

/** The campaign row as the dashboards return it (createdAt as an ISO string). */
export const campaignRecordResponse = z
  .object({ ...campaignShape, createdAt: z.iso.datetime() })
  .meta({ id: 'CampaignRecord' });

// split.ts AcademyShare
export const academyShareResponse = z
  .object({
    academyId: count,
    code: z.string(),
    name: z.string(),
    establishments: count,
    pupils: count,
    shareCents: cents('Rounded share; the shares add up exactly to the envelope.'),
    exactCents: z.number().describe('Exact share before rounding, in cents.'),
    establishmentRatio: z.number(),
    pupilRatio: z.number(),
    explanation: z.string().describe('How the share was computed, in French.'),
  })
  .meta({ id: 'AcademyShare' });

export const splitResultResponse = z
  .object({ academies: z.array(academyShareResponse) })
  .meta({ id: 'SplitResult' });

export const closeCampaignResponse = z.object({
  closedRights: count,
  returnedCents: cents('Returned to the academies.'),
});

export const settleCampaignResponse = z.object({
  carriedCents: cents(),
  nextCampaignId: z.int().nullable(),
});

// funding.routes.ts presentPlan
export const academyPlanResponse = z
  .object({
    campaign: campaignResponse,
    academy: academyResponse,
    shareCents: cents(),
    published: z.boolean(),
    totalCents: cents(),
    leftCents: cents('Positive: left of the share; negative: by how much the plan exceeds it.'),
    scaled: z.boolean(),
    pools: z.array(z.object({ name: z.string(), memberIds: z.array(count), amountCents: cents() })),
    allocations: z.array(
      z.object({
        establishment: z.object({
          id: count,
          uai: z.string(),
          name: z.string(),
          type: z.enum(establishmentTypes),
        }),
        eligible: z.boolean(),
        selected: z.boolean(),
        ruleCents: cents(),
        finalCents: cents('After scaling (when asked) and modulation.'),
        ruleReason: z.string(),
        modulation: z.object({ amountCents: cents(), reason: z.string() }).nullable(),
        pool: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'AcademyPlan' });

export const modulationResponse = z.object({ deltaCents: cents('New amount minus the rule amount.') });
export const poolCreatedResponse = z.object({ created: z.literal(true) });
export const reallocationResponse = z.object({ drawingRightId: count });

export const publishResultResponse = z
  .object({
    rights: count,
    pools: count,
    totalCents: cents(),
    notified: z.int().describe('Heads notified.'),
    invited: z.int().describe('Heads invited to create their account.'),
  })
  .meta({ id: 'PublishResult' });

export const consumptionRowResponse = z
  .object({
    key: z.string().describe('UAI, pool-<id>, establishment type or academy code.'),
    label: z.string(),
    allocatedCents: cents(),
    consumedCents: cents(
      'What orders took from the public drawing right (net of credits; top-ups, net of their refunds to the co-funders, excluded).',
    ),
    rate: z.number().describe('consumed / allocated, 0 when nothing was allocated.'),
  })
  .meta({ id: 'ConsumptionRow' });

export const timePointResponse = z
  .object({ day: date, consumedCents: cents('Cumulative.') })
  .meta({ id: 'TimePoint' });
const timeSeries = z.array(timePointResponse);

export const academyDashboardResponse = z
  .object({
    campaign: campaignRecordResponse,
    shareCents: cents()
      .nullable()
      .describe(
        'The academy’s dotation: its share of the national envelope. null when it does not take part.',
      ),
    establishments: z.array(consumptionRowResponse),
    types: z.array(consumptionRowResponse),
    overTime: timeSeries,
    remainder: z
      .object({ receivedCents: cents(), movedOutCents: cents(), availableCents: cents() })
      .nullable()
      .describe(
        'The academy remainder of this campaign: received (returned at closing, later credits, carried from the previous campaign), moved out (reallocated or carried to the next campaign), available. null before closing.',
      ),
  })
  .meta({ id: 'AcademyDashboard' });

export const nationalDashboardResponse = z
  .object({
    campaign: campaignRecordResponse,
    academies: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        shareCents: cents(),
        allocatedCents: cents(),
        consumedCents: cents(),
        rate: z.number(),
      }),
    ),
    overTime: timeSeries,
    overTimeByAcademy: z
      .record(z.string(), timeSeries)
      .describe('Academy code → cumulative consumption by day.'),
  })
  .meta({ id: 'NationalDashboard' });

// drawing-right.service.ts DrawingRightSummary
export const drawingRightsResponse = z
  .object({
    campaigns: z.array(
      z.object({
        campaign: z.object({
          id: count,
          name: z.string(),
          status: campaignStatus,
          orderingDeadline: date,
        }),
        drawingRightId: count,
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
        pooled: z.boolean(),
        poolName: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'DrawingRights' });

export const importResultResponse = z
  .object({ encoding: z.enum(['utf-8', 'windows-1252']), created: count, updated: count })
  .meta({ id: 'ImportResult' });
