// Environment parsed once at boot, validated, then frozen. Every variable the app reads is listed here.
import { z } from 'zod';

const environmentFields = z.object({
  /** HTTP port for `npm start`. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to listen on. */
  HOST: z.string().default('0.0.0.0'),
  /** When set, use this PostgreSQL server instead of the embedded database. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder of the embedded database (PGlite) when DATABASE_URL is not set. */
  DATA_DIR: z.string().default('./data'),
  /** Folder of the files teachers publish (outside the web root; each named by a random key). */
  UPLOADS_DIR: z.string().default('./uploads'),
  /** `production` on a real service: the published demo password is refused, no demo workspace. */
  NODE_ENV: z.string().default('development'),
  /** Demo data in an empty database at start: 1 loads it (on PostgreSQL too), 0 never. Unset: only
   *  the embedded database outside production gets it, so `npm start` shows a living catalogue. */
  DEMO: z.enum(['0', '1']).optional(),
  /** How many resources the demo catalogue holds when a new empty database is seeded at start. */
  DEMO_RESOURCES: z.coerce.number().int().min(0).max(2_000_000).default(3200),
  /** Address users reach the service at: the base of links in emails (invitations, password resets).
   *  Never taken from the request's Host header, which an attacker controls. Required in production;
   *  elsewhere http://localhost:3000. */
  PUBLIC_URL: z.string().url().optional(),
  /** SMTP server the email outbox is sent through: smtp://user:pass@host:587 (STARTTLS when offered) or
   *  smtps://user:pass@host:465. Unset: emails stay in the outbox and the log says they were not sent. */
  SMTP_URL: z
    .string()
    .url()
    .refine((url) => /^smtps?:\/\//.test(url), 'smtp://… or smtps://… expected')
    .optional(),
  /** The From of every email. Default: Catalogue chèque ressources <ne-pas-repondre@host of PUBLIC_URL>. */
  MAIL_FROM: z.string().min(3).optional(),
  /** 1: /dev/outbox shows every queued email, one-time links included (a development tool; refused
   *  with NODE_ENV=production). 0: never. Unset: on for the embedded database without SMTP_URL
   *  outside production (the demo), off otherwise. */
  DEV_OUTBOX: z.enum(['0', '1']).optional(),
  /** How long an app node may reuse a session it read, in seconds (0: read it on every request).
   *  A session ended on another node stays usable here for at most this long. */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  /** How many statements may write API orders at once on PostgreSQL; orders arriving meanwhile wait
   *  and go together in the next one (group commit). More suits a PostgreSQL with more cores. */
  ORDER_WRITE_STATEMENTS: z.coerce.number().int().min(1).max(64).default(4),
  /** Reverse proxies trusted to say who the client is (X-Forwarded-For), which the sign-in limits
   *  key on: `true` (any) or addresses and CIDRs (`10.0.0.1,10.0.0.0/8`). Unset: none; the socket's
   *  address is the client's. */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, 'true, or addresses and CIDRs separated by commas')
    .optional()
    .transform((value) => (value === undefined ? false : value === 'true' ? true : value)),
  /** Notices whose product was last updated before this year fail the "update date" criterion of the
   *  experts' checklist. */
  NOTICE_MIN_UPDATE_YEAR: z.coerce.number().int().min(1990).max(2100).default(2015),
  /** The OAI-PMH provider's adminEmail (Identify at /oai). Default: catalogue@host of PUBLIC_URL, or
   *  catalogue@example.org when PUBLIC_URL is at localhost (an address at localhost is refused). */
  OAI_ADMIN_EMAIL: z
    .string()
    .email()
    .refine(
      (email) => !isLocalHost(email.slice(email.lastIndexOf('@') + 1)),
      'an address at localhost is refused',
    )
    .optional(),
  /** Scheduled harvests (src/modules/harvest/harvest-scheduler.ts): 1 (default) runs the due harvest
   *  sources in the app, one node at a time on PostgreSQL (an advisory lock); 0 turns it off on this
   *  node (then run `catalogue-cheque-ressources harvest-due` from cron, or nothing runs on its own). */
  HARVEST_SCHEDULER: z.enum(['0', '1']).default('1'),
  /** Seconds between two looks of the scheduler for due sources ("Moissonner maintenant" wakes this
   *  node's scheduler at once; another node's finds the request at its next look). */
  HARVEST_TICK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Milliseconds between two looks of the background statistics fold at the order and ledger changes
   *  (src/modules/statistics/statistics-folder.ts); 0 turns it off on this node (every read still folds
   *  what is queued, so the figures stay exact either way). */
  STATS_FOLD_MS: z.coerce.number().int().min(0).max(600_000).default(500),
  /** Pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

function isLocalHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || name === '127.0.0.1' || name === '[::1]';
}

/** OAI_ADMIN_EMAIL, or catalogue@<host of PUBLIC_URL>; catalogue@example.org for a local PUBLIC_URL. */
function oaiAdminEmail(publicUrl: string, configured: string | undefined): string {
  if (configured) return configured;
  const host = new URL(publicUrl).hostname;
  return isLocalHost(host) || !host.includes('.') ? 'catalogue@example.org' : `catalogue@${host}`;
}

/** Rules across variables: what production requires or refuses. */
const environmentSchema = environmentFields
  .superRefine((environment, context) => {
    if (environment.NODE_ENV !== 'production') return;
    if (!environment.PUBLIC_URL) {
      context.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message:
          'required with NODE_ENV=production: links in emails (invitations, password resets) start with it, ' +
          'e.g. PUBLIC_URL=https://catalogue.example.fr',
      });
    }
    if (environment.DEV_OUTBOX === '1') {
      context.addIssue({
        code: 'custom',
        path: ['DEV_OUTBOX'],
        message:
          'refused with NODE_ENV=production: the development outbox shows every email, password reset and ' +
          'invitation links included. Send mail with SMTP_URL instead.',
      });
    }
  })
  .transform((environment) => {
    // Links are built as `${PUBLIC_URL}/path`: no trailing slash.
    const publicUrl = (environment.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
    return {
      ...environment,
      PUBLIC_URL: publicUrl,
      OAI_ADMIN_EMAIL: oaiAdminEmail(publicUrl, environment.OAI_ADMIN_EMAIL),
    };
  });

export type Config = Readonly<z.infer<typeof environmentSchema>>;

/** A configuration the service refuses to start with; its message says which variable and why. */
export class ConfigError extends Error {}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return Object.freeze(parsed.data);
}

/**
 * Whether /dev/outbox exists. DEV_OUTBOX decides when set; unset, the embedded demo (no DATABASE_URL,
 * no SMTP_URL, DEMO not 0, not production) has it so a visitor can read the demo's emails, and
 * nothing else does.
 */
export function devOutboxEnabled(config: Config): boolean {
  if (config.NODE_ENV === 'production') return false;
  if (config.DEV_OUTBOX !== undefined) return config.DEV_OUTBOX === '1';
  return config.DATABASE_URL === undefined && config.SMTP_URL === undefined && config.DEMO !== '0';
}
