// Environment parsed once at boot, validated, then frozen. Every variable the app reads is listed here.
import { z } from 'zod';

const environmentSchema = z.object({
  /** HTTP port for `npm start`. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to listen on. */
  HOST: z.string().default('0.0.0.0'),
  /** When set, use this PostgreSQL server instead of the embedded database. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder of the embedded database (PGlite) when DATABASE_URL is not set. */
  DATA_DIR: z.string().default('./data'),
  /** `production` on a real service: the published demo password is refused, no demo workspace. */
  NODE_ENV: z.string().default('development'),
  /** Demo data in an empty database at start: 1 loads it (on PostgreSQL too), 0 never. Unset: only
   *  the embedded database outside production gets it, so `npm start` shows a living catalogue. */
  DEMO: z.enum(['0', '1']).optional(),
  /** How many resources the demo catalogue holds when a new empty database is seeded at start. */
  DEMO_RESOURCES: z.coerce.number().int().min(0).max(2_000_000).default(3200),
  /** Address users reach the service at: the base of links in emails (invitations, password resets).
   *  Never taken from the request's Host header, which an attacker controls. */
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  /** How long an app node may reuse a session it read, in seconds (0: read it on every request).
   *  A session ended on another node stays usable here for at most this long. */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
  /** How many statements may write API orders at once on PostgreSQL; orders arriving meanwhile wait
   *  and go together in the next one (group commit). More suits a PostgreSQL with more cores. */
  ORDER_WRITE_STATEMENTS: z.coerce.number().int().min(1).max(64).default(4),
  /** Pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<z.infer<typeof environmentSchema>>;

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return Object.freeze(parsed.data);
}
