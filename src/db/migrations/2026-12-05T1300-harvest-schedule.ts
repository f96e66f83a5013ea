// Scheduled harvests: when each source is next due, and a harvest asked for from its page.
// - next_run_at: when the scheduler next harvests the source, computed from its schedule
//   (harvest-schedule.ts) at registration and after each run; NULL when it has no schedule.
// - run_requested_at: when "Moissonner maintenant" was pressed; the scheduler runs the source at its
//   next tick and clears the request as the run starts. A request never runs a harvest in the request.
// The `schedule` column keeps its text, now in the format harvest-schedule.ts parses ("every 6h",
// "daily 02:30"); an older free text is read as no schedule.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE harvest_sources
      ADD COLUMN next_run_at timestamptz,
      ADD COLUMN run_requested_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE harvest_sources DROP COLUMN IF EXISTS next_run_at,
      DROP COLUMN IF EXISTS run_requested_at`.execute(db);
}
