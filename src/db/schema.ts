// Row types of every table, as Kysely sees them. Each module documents its own tables here.
import type { ColumnType, Generated } from 'kysely';

/** 'YYYY-MM-DD' calendar dates: the pg driver is told not to turn them into Date objects. */
type CalendarDate = string;

export interface ProducerTable {
  id: Generated<number>;
  /** Stable slug, used as the producer facet value. */
  code: string;
  name: string;
  /** publisher | platform | public | collaborative | teacher */
  kind: string;
  website: string | null;
}

export interface ResourceTable {
  id: Generated<number>;
  /** Stable identifier, also the ScoLOMfr general.identifier entry (catalog "CCR"). */
  identifier: string;
  title: string;
  description: string;
  keywords: string[];
  producer_id: number;
  authors: string[];
  languages: string[];
  /** Level concept codes as tagged, before cycle expansion. */
  levels: string[];
  disciplines: string[];
  themes: string[];
  types: string[];
  formats: string[];
  devices: string[];
  /** ScoLOMfr voc 026 code: 'no' (free) or 'yes' (paid). */
  cost: string;
  licence: string;
  accessibility: string;
  demo_url: string | null;
  published_on: CalendarDate;
  updated_on: CalendarDate;
  /** publisher | harvested | teacher */
  origin: string;
  /** Lowest price among the resource's own offers (0 when free): drives price sort and band. */
  lowest_price_cents: number;
  licence_kinds: string[];
  /** Labels of producer, disciplines, themes and types: searched with the keywords. */
  indexed_terms: string;
  /** Every facet value of the resource as ids of facet_values, for filters and counts. */
  facet_ids: number[];
  /** Maintained by a trigger from title, keywords, indexed_terms and description. */
  search: ColumnType<string, never, never>;
  /** Set when the resource is withdrawn: out of search, still there for the orders that name it. */
  withdrawn_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The OAI-PMH datestamp: when the row last really changed (a trigger; withdrawal included). */
  modified_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** A harvested resource: its source, the record's OAI identifier and where the record is read. */
  source_id: number | null;
  source_record_id: string | null;
  source_record_url: string | null;
}

export interface OfferTable {
  id: Generated<number>;
  /** Raised by a trigger on every change: orders check the versions they were decided on. */
  version: Generated<number>;
  producer_id: number;
  label: string;
  price_cents: number;
  /** normal | adopter */
  tariff: string;
  /** single-seat | multi-seat | class | establishment | open */
  licence_kind: string;
  /** Seats covered, for multi-seat licences; null otherwise. */
  seats: number | null;
  /** Subscription length in months; null means perpetual. */
  duration_months: number | null;
  /** access-url | licence-key | shipment */
  delivery: string;
  /** Establishment types or level codes the offer is reserved to; empty means everyone. */
  eligibility: string[];
  valid_from: CalendarDate;
  valid_until: CalendarDate | null;
}

/** Which resources an offer covers: one row for a plain offer, several for a bundle. */
export interface OfferResourceTable {
  offer_id: number;
  resource_id: number;
}

/** Dictionary of facet values: resources store their ids, the API speaks codes and labels. */
export interface FacetValueTable {
  id: Generated<number>;
  facet: string;
  code: string;
  label: string;
}

/** Distinct words of the catalogue, for typo tolerance and spelling suggestions. */
export interface SearchTermTable {
  term: string;
  documents: number;
}

/** The catalogue's change log (row triggers): a resource written, or (resource_id null) a reload. */
export interface CatalogueChangeTable {
  seq: Generated<string>;
  resource_id: number | null;
  kind: string;
  changed_at: Generated<Date>;
}

// ---- Publishers' notices (migration 2026-12-05T0900) ----

export type NoticeStatus = 'submitted' | 'accepted' | 'refused' | 'changes_requested' | 'withdrawn';

export interface NoticeTable {
  id: Generated<number>;
  producer_id: number;
  /** The publisher's identifier of the product (general/identifier/entry). */
  identifier: string;
  title: string;
  status: ColumnType<NoticeStatus, NoticeStatus | undefined, NoticeStatus>;
  current_version: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** The resource the notice became when first accepted (migration 2026-12-05T1000). */
  resource_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The expert the notice is assigned to, if any. */
  assigned_to: ColumnType<number | null, number | null | undefined, number | null>;
  /** When the current version was submitted: the time a notice has been waiting counts from here. */
  submitted_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** When the last decision was taken. */
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type NoticeDecision = 'accept' | 'refuse' | 'request-changes';

/** An expert's decision on one version of a notice, with a reason per failed criterion. */
export interface NoticeDecisionTable {
  id: Generated<number>;
  notice_id: number;
  version: number;
  expert_id: number;
  decision: NoticeDecision;
  reasons: ColumnType<unknown, string | undefined, string>;
  decided_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Every submission of a notice, kept: the source as received, the fields read, the warnings. */
export interface NoticeVersionTable {
  notice_id: number;
  version: number;
  source_format: 'scolomfr' | 'json' | 'form';
  source: string;
  fields: ColumnType<unknown, string, string>;
  warnings: ColumnType<unknown, string | undefined, string>;
  submitted_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

// ---- Drawing rights, accounts and orders (migration 2026-11-22T2300) ----

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in by default (now()). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AcademyTable {
  id: Generated<number>;
  code: string;
  name: string;
}

export interface DepartmentTable {
  code: string;
  name: string;
  academy_id: number;
}

export interface EstablishmentTable {
  id: Generated<number>;
  /** National identifier: 7 digits and a check letter. */
  uai: string;
  name: string;
  /** ecole | college | lgt | lp | lpo | erea */
  type: string;
  /** public | private-contract */
  sector: string;
  pupils: number;
  department_code: string;
  academy_id: number;
  network: string | null;
  /** Postal address on one line (street, postcode, town), for the publishers' invoices; optional. */
  address: ColumnType<string | null, string | null | undefined, string | null>;
  /** The establishment's contact for orders (its office address, ce.UAI@ac-…), optional. */
  contact_email: ColumnType<string | null, string | null | undefined, string | null>;
  contact_phone: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  /** argon2 hash; null until the invitation is accepted. */
  password_hash: string | null;
  created_at: DefaultTimestamp;
  disabled_at: Timestamp | null;
}

export interface RoleAssignmentTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  establishment_id: number | null;
  academy_id: number | null;
  producer_id: number | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie value: a leaked table does not leak sessions. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
}

export interface AuthTokenTable {
  token_hash: string;
  user_id: number;
  purpose: 'invitation' | 'password-reset';
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: boolean;
  at: DefaultTimestamp;
}

export interface CampaignTable {
  id: Generated<number>;
  name: string;
  status: Generated<'draft' | 'open' | 'closed' | 'settled'>;
  envelope_cents: number;
  /** Allocation rules (see funding/campaign-rules.ts), validated with zod before they are written. */
  rules: unknown;
  ordering_deadline: CalendarDate;
  remainder_policy: 'return-to-academy' | 'carry-to-next-campaign';
  created_at: DefaultTimestamp;
}

export interface CampaignAcademyTable {
  campaign_id: number;
  academy_id: number;
  share_cents: number;
  explanation: unknown;
}

export interface DrawingRightTable {
  id: Generated<number>;
  campaign_id: number;
  academy_id: number;
  establishment_id: number | null;
  pool_name: string | null;
  status: Generated<'active' | 'closed'>;
  /** Projection of the ledger, updated in the same transaction as each entry; never negative. */
  balance_cents: Generated<number>;
}

export interface PoolMemberTable {
  drawing_right_id: number;
  establishment_id: number;
}

export type LedgerKind =
  | 'allocate'
  | 'adjust'
  | 'top-up'
  /** Part of a top-up given back to its co-funder when the order shrank below it (negative). */
  | 'top-up-refund'
  | 'order-debit'
  | 'cancellation-credit'
  | 'rejection-credit'
  | 'close'
  | 'remainder-return'
  | 'reallocation';

export interface LedgerEntryTable {
  id: Generated<number>;
  drawing_right_id: number;
  kind: LedgerKind;
  /** Signed: credits positive, debits negative. */
  amount_cents: number;
  balance_after_cents: number;
  order_id: number | null;
  funder: 'establishment' | 'local-authority' | 'academy' | null;
  reference: string | null;
  reason: string | null;
  actor_user_id: number | null;
  created_at: DefaultTimestamp;
}

export interface ProposalTable {
  id: Generated<number>;
  establishment_id: number;
  resource_id: number;
  proposed_by: number;
  note: Generated<string>;
  created_at: DefaultTimestamp;
  /** The offer and seats the author has in mind (migration 2026-12-05T0500); null before. */
  offer_id: Generated<number | null>;
  seats: Generated<number | null>;
  /** The cart line the proposal became; cleared when the line leaves the cart. */
  cart_line_id: Generated<number | null>;
  /** The order line that fulfilled it: ordered, then delivered, as that line's status says. */
  order_line_id: Generated<number | null>;
  /** Declined by the referent, the librarian or the head: all three set together. */
  declined_at: Generated<Date | null>;
  declined_by: Generated<number | null>;
  decline_reason: Generated<string | null>;
}

export interface CartLineTable {
  id: Generated<number>;
  establishment_id: number;
  offer_id: number;
  seats: number;
  quantity: number;
  /** The price the referent saw: the head is told, and confirms, when it has changed since. */
  price_cents_when_added: number;
  added_by: number;
  added_at: DefaultTimestamp;
}

export type OrderStatus =
  'draft' | 'submitted' | 'transmitted' | 'partly-delivered' | 'delivered' | 'rejected' | 'cancelled';

export interface OrderTable {
  id: Generated<number>;
  establishment_id: number;
  drawing_right_id: number;
  status: OrderStatus;
  total_cents: number;
  top_up_cents: Generated<number>;
  idempotency_key: string;
  placed_by: number;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface OrderLineTable {
  id: Generated<number>;
  order_id: number;
  offer_id: number;
  producer_id: number;
  label: string;
  unit_price_cents: number;
  licence_kind: string;
  seats: number;
  duration_months: number | null;
  quantity: number;
  line_total_cents: number;
  delivery: string;
  status: Generated<'pending' | 'delivered' | 'rejected' | 'cancelled'>;
  licence_key: string | null;
  access_url: string | null;
  shipment_number: string | null;
  rejection_reason: string | null;
  delivered_at: Timestamp | null;
  /** The subscription this line renews (set in the order's transaction); null for other lines. */
  renews_subscription_id: Generated<number | null>;
}

export interface OrderTopUpTable {
  order_id: number;
  funder: 'establishment' | 'local-authority' | 'academy';
  amount_cents: number;
  reference: string;
  /** Given back to the funder so far (top-up-refund entries); the top-up still held is the rest. */
  refunded_cents: Generated<number>;
}

export interface SubscriptionTable {
  id: Generated<number>;
  order_line_id: number;
  establishment_id: number;
  starts_on: CalendarDate;
  ends_on: CalendarDate;
  renewed_from: number | null;
  reminder_sent_at: Timestamp | null;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: DefaultTimestamp;
  read_at: Timestamp | null;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  to_email: string;
  subject: string;
  body: string;
  created_at: DefaultTimestamp;
  sent_at: Timestamp | null;
  /** pending → sent, or failed after the last attempt (src/modules/mail/mail-sender.ts). */
  state: ColumnType<EmailState, EmailState | undefined, EmailState>;
  attempts: ColumnType<number, number | undefined, number>;
  /** Due from then; while a sender holds the message, the end of its lease. */
  next_attempt_at: DefaultTimestamp;
  last_error: string | null;
}

export type EmailState = 'pending' | 'sent' | 'failed';

export interface AuditLogTable {
  id: Generated<number>;
  actor_user_id: number | null;
  action: string;
  subject_type: string;
  subject_id: string;
  details: unknown;
  created_at: DefaultTimestamp;
}

/** Keys generated once and shared by every node (the OAI-PMH resumption tokens' HMAC key). */
export interface OaiSecretTable {
  name: string;
  secret: Buffer;
  created_at: Generated<Date>;
}

export interface Database {
  producers: ProducerTable;
  resources: ResourceTable;
  offers: OfferTable;
  offer_resources: OfferResourceTable;
  facet_values: FacetValueTable;
  search_terms: SearchTermTable;
  catalogue_changes: CatalogueChangeTable;
  notices: NoticeTable;
  notice_versions: NoticeVersionTable;
  notice_decisions: NoticeDecisionTable;
  academies: AcademyTable;
  departments: DepartmentTable;
  establishments: EstablishmentTable;
  users: UserTable;
  role_assignments: RoleAssignmentTable;
  sessions: SessionTable;
  auth_tokens: AuthTokenTable;
  sign_in_attempts: SignInAttemptTable;
  campaigns: CampaignTable;
  campaign_academies: CampaignAcademyTable;
  drawing_rights: DrawingRightTable;
  pool_members: PoolMemberTable;
  ledger_entries: LedgerEntryTable;
  proposals: ProposalTable;
  cart_lines: CartLineTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  order_top_ups: OrderTopUpTable;
  subscriptions: SubscriptionTable;
  notifications: NotificationTable;
  email_outbox: EmailOutboxTable;
  audit_log: AuditLogTable;
  oai_secrets: OaiSecretTable;
  harvest_sources: HarvestSourceTable;
  harvest_runs: HarvestRunTable;
  order_stat_changes: OrderStatChangeTable;
  ledger_stat_changes: LedgerStatChangeTable;
  order_stat_offer_dims: OrderStatOfferDimTable;
  order_stat_establishments: OrderStatEstablishmentTable;
  order_stats: OrderStatTable;
  order_stat_presence: OrderStatPresenceTable;
  order_stat_spans: OrderStatSpanTable;
  academy_consumption: AcademyConsumptionTable;
  statistics_settings: StatisticsSettingsTable;
  scenarios: ScenarioTable;
  scenario_steps: ScenarioStepTable;
  teacher_resources: TeacherResourceTable;
  proposal_votes: ProposalVoteTable;
  reviews: ReviewTable;
  review_helpful_votes: ReviewHelpfulVoteTable;
  review_reports: ReviewReportTable;
  review_writes: ReviewWriteTable;
  appraisals: AppraisalTable;
  appraisal_replies: AppraisalReplyTable;
  resource_rankings: ResourceRankingTable;
  resource_adopters: ResourceAdopterTable;
}

// ---- Ranking (migration 2026-12-05T1700): kept by triggers on reviews, appraisals, order lines ----

/** What search ranks and filters on, per resource (no row: all zero/false). */
export interface ResourceRankingTable {
  resource_id: number;
  /** Published reviews: their number and the sum of their ratings (average = sum / count). */
  rating_count: Generated<number>;
  rating_sum: Generated<number>;
  /** Establishments with a live order line (pending or delivered, order not a draft) covering it. */
  adopters: Generated<number>;
  has_appraisal: Generated<boolean>;
  rip_label: Generated<boolean>;
}

/** Live order lines per resource and establishment (adopters counts the rows above zero). */
export interface ResourceAdopterTable {
  resource_id: number;
  establishment_id: number;
  live_lines: number;
}

/** A remote OAI-PMH source the harvester takes records from. */
export interface HarvestSourceTable {
  id: Generated<number>;
  name: string;
  base_url: string;
  prefix: 'scolomfr' | 'lom' | 'oai_dc';
  set_spec: string | null;
  /** When the scheduler harvests it: "every 6h" or "daily 02:30" (harvest-schedule.ts); NULL: on demand. */
  schedule: string | null;
  producer_id: number;
  default_licence: ColumnType<string, string | undefined, string>;
  default_cost: ColumnType<'yes' | 'no', 'yes' | 'no' | undefined, 'yes' | 'no'>;
  needs_review: ColumnType<boolean, boolean | undefined, boolean>;
  allowed_redirect_hosts: ColumnType<string[], string[] | undefined, string[]>;
  /** Where the next harvest starts (from=), at the source's granularity. */
  last_datestamp: string | null;
  /** The last good resumption token of a run that failed midway: the next run resumes there. */
  resumption_token: string | null;
  granularity: 'YYYY-MM-DD' | 'YYYY-MM-DDThh:mm:ssZ' | null;
  created_at: Generated<Date>;
  /** When the scheduler next harvests it (from its schedule); NULL: no schedule. */
  next_run_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** "Moissonner maintenant" was pressed then: the scheduler's next tick runs it. */
  run_requested_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** How it is read: OAI-PMH, or schema.org JSON-LD pages listed by a sitemap (base_url: the sitemap). */
  kind: ColumnType<'oai' | 'sitemap', 'oai' | 'sitemap' | undefined, 'oai' | 'sitemap'>;
}

export interface HarvestRejection {
  identifier: string;
  reasons: string[];
}

/** One harvest of a source: written at start, completed at the end. */
export interface HarvestRunTable {
  id: Generated<number>;
  source_id: number;
  started_at: Generated<Date>;
  ended_at: Date | null;
  status: ColumnType<'running' | 'succeeded' | 'failed', 'running' | undefined, 'succeeded' | 'failed'>;
  harvested: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  deleted: Generated<number>;
  rejected: Generated<number>;
  rejections: ColumnType<HarvestRejection[], string | undefined, string>;
  from_datestamp: string | null;
  last_datestamp: string | null;
  error: string | null;
}

// ---- Reviews and institutional appraisals (migration 2026-12-05T1500, src/modules/reviews) ----

export type ModerationState = 'published' | 'hidden';

/** A teacher's rating (1..5) and review; only 'published' ones count anywhere. */
export interface ReviewTable {
  id: Generated<number>;
  resource_id: number;
  user_id: number;
  /** The author's establishment and its academy when she wrote it (badge, moderation scope). */
  establishment_id: number | null;
  academy_id: number | null;
  rating: number;
  body: string;
  /** Where she used it: a level and a discipline code of the catalogue's vocabularies. */
  level: string | null;
  discipline: string | null;
  declared_use: Generated<boolean>;
  moderation_state: ColumnType<ModerationState, ModerationState | undefined, ModerationState>;
  /** Flagged automatically or reported, and not yet decided by a moderator. */
  needs_moderation: Generated<boolean>;
  /** 'links' | 'shouting' | 'words' */
  auto_flags: ColumnType<string[], string[] | undefined, string[]>;
  moderated_at: Timestamp | null;
  moderated_by: number | null;
  hidden_reason: string | null;
  helpful_count: Generated<number>;
  created_at: DefaultTimestamp;
  edited_at: Timestamp | null;
}

export interface ReviewHelpfulVoteTable {
  review_id: number;
  user_id: number;
  created_at: DefaultTimestamp;
}

export interface ReviewReportTable {
  id: Generated<number>;
  review_id: number;
  user_id: number;
  reason: string;
  created_at: DefaultTimestamp;
  resolved_at: Timestamp | null;
}

/** One row per review written or edited: the per-user hourly limit counts them. */
export interface ReviewWriteTable {
  id: Generated<number>;
  user_id: number;
  at: DefaultTimestamp;
}

export interface AppraisalTable {
  id: Generated<number>;
  resource_id: number;
  author_id: number;
  author_role: 'inspector' | 'expert';
  /** Who signed, as shown: name, role and academy when written. */
  signature: string;
  strengths: string;
  limits: string;
  recommended_uses: string;
  levels: ColumnType<string[], string[] | undefined, string[]>;
  /** Set when this appraisal awarded the RIP label ("reconnu d'intérêt pédagogique"). */
  rip_awarded_on: ColumnType<CalendarDate | null, CalendarDate | null | undefined, CalendarDate | null>;
  created_at: DefaultTimestamp;
}

/** The producer's one public reply to an appraisal. */
export interface AppraisalReplyTable {
  appraisal_id: number;
  producer_id: number;
  author_id: number;
  body: string;
  created_at: DefaultTimestamp;
}

// ---- Scenarios, teachers' resources, votes on proposals (migration 2026-12-05T1600) ----

/** A teacher's usage scenario; a copy names the scenario it was adapted from. */
export interface ScenarioTable {
  id: Generated<number>;
  author_id: number;
  title: string;
  objectives: string;
  /** Catalogue codes of the level and the discipline (catalogue/vocabulary.ts). */
  level: string;
  discipline: string;
  duration_minutes: number;
  adapted_from: number | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** One step of a scenario: a resource of the catalogue and what to do with it, in order. */
export interface ScenarioStepTable {
  scenario_id: number;
  position: number;
  resource_id: number;
  instruction: string;
}

/** A teacher's own resource (a stored file or a link), moderated before it enters the catalogue. */
export interface TeacherResourceTable {
  id: Generated<number>;
  author_id: number;
  academy_id: number | null;
  kind: 'file' | 'link';
  /** The notice fields (notices/notice-fields.ts NoticeFields) the teacher filled in, as JSON. */
  fields: ColumnType<unknown, string, string>;
  licence: string;
  url: string | null;
  /** The random key of the stored file (teacher-resources/file-storage.ts), never a user's name. */
  storage_key: string | null;
  /** The name the teacher's file had, sanitized; only shown and offered on download. */
  file_name: string | null;
  /** The type read from the content (file-content.ts), never the one the browser sent. */
  media_type: string | null;
  size_bytes: number | null;
  status: ColumnType<'pending' | 'accepted' | 'refused', undefined, 'accepted' | 'refused'>;
  decided_by: number | null;
  decided_at: ColumnType<Date | null, undefined, Date | string>;
  decision_reason: string | null;
  resource_id: number | null;
  created_at: DefaultTimestamp;
}

/** One person's vote for a proposal of her establishment. */
export interface ProposalVoteTable {
  proposal_id: number;
  voter_id: number;
  created_at: DefaultTimestamp;
}

// ---- Public order statistics (migration 2026-12-05T1400-order-statistics) ----

/** The queue of order lines whose live state may have changed, with the state before. */
export interface OrderStatChangeTable {
  id: Generated<string>;
  line_id: number;
  was_live: boolean;
}

/** The queue of ledger entries not yet summed into academy_consumption. */
export interface LedgerStatChangeTable {
  entry_id: string;
}

/** What an offer's lines count under, frozen when its first line was summed. */
export interface OrderStatOfferDimTable {
  offer_id: number;
  dimension: string;
  value: string;
}

/** Per dimension value, period ('all' or 'YYYY-MM') and establishment. */
export interface OrderStatEstablishmentTable {
  dimension: string;
  period: string;
  value: string;
  establishment_id: number;
  orders: number;
  lines: number;
  amount_cents: ColumnType<string, string | number, string | number>;
}

/** Per dimension value and period, summed over establishments. */
export interface OrderStatTable {
  dimension: string;
  period: string;
  value: string;
  orders: number;
  lines: number;
  amount_cents: ColumnType<string, string | number, string | number>;
  establishments: number;
}

/** Per dimension value and establishment, the months with a live line, sorted. */
export interface OrderStatPresenceTable {
  dimension: string;
  value: string;
  establishment_id: number;
  months: string[];
}

/** Per dimension value and month: the establishments with a live line whose previous such month is `previous`. */
export interface OrderStatSpanTable {
  dimension: string;
  previous: string;
  period: string;
  value: string;
  establishments: number;
}

export interface AcademyConsumptionTable {
  campaign_id: number;
  academy_id: number;
  allocated_cents: ColumnType<string, string | number, string | number>;
  consumed_cents: ColumnType<string, string | number, string | number>;
}

/** One row (id 1): the national administration's publication choices. */
export interface StatisticsSettingsTable {
  id: number;
  publish_establishment_spending: boolean;
  updated_by: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
