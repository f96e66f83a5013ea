// Request and reply schemas of the notices API: they validate, type the handlers and make the OpenAPI
// document. The notice's own fields are noticeFieldsSchema (notice-fields.ts).
import { z } from 'zod';
import { criteria } from './notice-checklist.js';
import { noticeFieldsSchema } from './notice-fields.js';

const dateTime = z.iso.datetime();
const id = z.number().int().positive();
const statuses = ['submitted', 'accepted', 'refused', 'changes_requested', 'withdrawn'] as const;

export const noticeIdParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive('Identifiant de notice attendu (un nombre).')
    .max(2_147_483_647)
    .describe('Notice id.'),
});

export const listNoticesQuery = z.object({
  status: z.enum(statuses).optional().describe('Only notices in this status.'),
  publisher: z.string().trim().min(1).max(300).optional().describe('A producer, by code or name.'),
  type: z
    .string()
    .trim()
    .max(300)
    .optional()
    .describe('A resource type concept URI the current version carries.'),
  level: z.string().trim().max(300).optional().describe('An educational level concept URI.'),
  discipline: z.string().trim().max(300).optional().describe('A discipline concept URI.'),
  assigned: z
    .union([z.enum(['me', 'none']), z.coerce.number().int().positive()])
    .optional()
    .describe('Assigned to me, to nobody, or to this expert (user id).'),
  waiting: z.coerce.number().int().min(0).max(3650).optional().describe('Waiting at least this many days.'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** A JSON submission: the notice's fields, and the producer when the account holds several. */
export const submitNoticeBody = noticeFieldsSchema
  .omit({ publisherName: true, schemas: true })
  .extend({
    producer: z.number().int().positive().optional().describe('Producer id, when you hold several.'),
  })
  .meta({ id: 'NoticeSubmission' });

export const assignmentBody = z.object({
  expert: id.nullable().describe('The expert’s user id, or null to unassign.'),
});

export const importQuery = z.object({
  producer: z.coerce.number().int().positive().optional().describe('Producer id, when you hold several.'),
});

const issue = z.object({
  path: z.string().describe('Element path (/lom/general/title) or JSON pointer (/offers/0/priceCents).'),
  line: z.number().int().describe('Line in the XML (0 when not from XML).'),
  rule: z.string().describe('The rule broken: xsd.order, vocabulary.label, schema…'),
  message: z.string().describe('In French.'),
});

export const importResultSchema = z
  .object({
    file: z.string(),
    status: z.enum(['accepted', 'warning', 'rejected']),
    notice: id.optional(),
    errors: z.array(issue),
    warnings: z.array(issue),
  })
  .meta({ id: 'NoticeImportResult' });

export const importReplySchema = z.object({
  results: z.array(importResultSchema),
  summary: z.object({
    summary: z.literal(true),
    notices: z.number().int(),
    accepted: z.number().int(),
    warning: z.number().int(),
    rejected: z.number().int(),
    seconds: z.number(),
  }),
});

const noticeSummary = z.object({
  id,
  identifier: z.string(),
  title: z.string(),
  status: z.enum(statuses),
  statusLabel: z.string(),
  version: id,
  producerId: id,
  producerName: z.string(),
  submittedAt: dateTime,
  decidedAt: dateTime.nullable(),
  assignedTo: id.nullable(),
  assignedName: z.string().nullable(),
  resourceId: id.nullable(),
  types: z.array(z.string()),
  levels: z.array(z.string()),
  disciplines: z.array(z.string()),
  possibleDuplicates: z.number().int().describe('Other notices with the same identifier or title.'),
});

export const noticeListSchema = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  notices: z.array(noticeSummary),
});

export const noticeDetailSchema = z.object({
  id,
  identifier: z.string(),
  title: z.string(),
  status: z.enum(statuses),
  statusLabel: z.string(),
  version: id,
  producer: z.object({ id, code: z.string(), name: z.string() }),
  submittedAt: dateTime,
  decidedAt: dateTime.nullable(),
  assignedTo: id.nullable(),
  resourceId: id.nullable(),
  fields: z.record(z.string(), z.unknown()).describe('The current version’s fields (NoticeSubmission).'),
  warnings: z.array(issue),
  checklist: z.array(
    z.object({ criterion: z.enum(criteria), label: z.string(), passed: z.boolean(), detail: z.string() }),
  ),
  changes: z.array(
    z.object({
      field: z.string(),
      label: z.string(),
      before: z.string(),
      after: z.string(),
      added: z.array(z.string()),
      removed: z.array(z.string()),
    }),
  ),
  versions: z.array(z.object({ version: id, sourceFormat: z.string(), submittedAt: dateTime })),
  decisions: z.array(
    z.object({
      version: id,
      decision: z.enum(['accept', 'refuse', 'request-changes']),
      reasons: z.array(z.object({ criterion: z.string(), message: z.string() })),
      decidedAt: dateTime,
      expertName: z.string(),
    }),
  ),
  duplicates: z.array(
    z.object({
      id,
      identifier: z.string(),
      title: z.string(),
      status: z.enum(statuses),
      producerName: z.string(),
      reason: z.enum(['identifier', 'title-and-level']),
    }),
  ),
});

export const decisionReplySchema = z.object({
  id,
  status: z.enum(statuses),
  statusLabel: z.string(),
  resourceId: id.nullable(),
});

export const workflowStatsQuery = z.object({
  by: z.enum(['producer', 'type', 'level']).default('producer'),
  format: z.enum(['json', 'csv']).default('json'),
});

export const workflowStatsSchema = z.object({
  by: z.enum(['producer', 'type', 'level']),
  rows: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      submitted: z.number().int().describe('Pending a decision.'),
      accepted: z.number().int(),
      refused: z.number().int(),
      changes_requested: z.number().int(),
      withdrawn: z.number().int(),
      total: z.number().int(),
      median_hours: z.number().nullable().describe('Median time from submission to decision, hours.'),
      p90_hours: z.number().nullable().describe('90th percentile of that time, hours.'),
    }),
  ),
});
