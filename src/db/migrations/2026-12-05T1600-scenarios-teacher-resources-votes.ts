// Infomédiation by teachers: usage scenarios (ordered steps, each a resource of the catalogue with an
// instruction; a copy keeps the scenario it was adapted from), teachers' own resources (a file or a
// link, waiting for light moderation before they enter the catalogue as free resources), and votes on
// an establishment's proposals (one per person and proposal).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE scenarios (
      id serial PRIMARY KEY,
      author_id integer NOT NULL REFERENCES users (id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      objectives text NOT NULL CHECK (length(objectives) BETWEEN 1 AND 5000),
      level text NOT NULL,
      discipline text NOT NULL,
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 6000),
      adapted_from integer REFERENCES scenarios (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX scenarios_author_idx ON scenarios (author_id)`.execute(db);
  await sql`
    CREATE TABLE scenario_steps (
      scenario_id integer NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
      position integer NOT NULL CHECK (position >= 1),
      resource_id integer NOT NULL REFERENCES resources (id),
      instruction text NOT NULL CHECK (length(instruction) <= 2000),
      PRIMARY KEY (scenario_id, position)
    )`.execute(db);
  // The product page lists the scenarios that link its resource.
  await sql`CREATE INDEX scenario_steps_resource_idx ON scenario_steps (resource_id)`.execute(db);

  await sql`
    CREATE TABLE teacher_resources (
      id serial PRIMARY KEY,
      author_id integer NOT NULL REFERENCES users (id),
      academy_id integer REFERENCES academies (id),
      kind text NOT NULL CHECK (kind IN ('file', 'link')),
      fields jsonb NOT NULL,
      licence text NOT NULL,
      url text,
      storage_key text UNIQUE,
      file_name text,
      media_type text,
      size_bytes integer CHECK (size_bytes >= 0),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused')),
      decided_by integer REFERENCES users (id),
      decided_at timestamptz,
      decision_reason text,
      resource_id integer REFERENCES resources (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT teacher_resources_kind_fields_check CHECK (
        (kind = 'link' AND url IS NOT NULL AND storage_key IS NULL) OR
        (kind = 'file' AND url IS NULL AND storage_key IS NOT NULL AND file_name IS NOT NULL
          AND media_type IS NOT NULL AND size_bytes IS NOT NULL)),
      CONSTRAINT teacher_resources_decision_check CHECK (
        (status = 'pending') = (decided_at IS NULL) AND (decided_at IS NULL) = (decided_by IS NULL)
        AND (status <> 'accepted' OR resource_id IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX teacher_resources_author_idx ON teacher_resources (author_id, created_at DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX teacher_resources_pending_idx ON teacher_resources (created_at) WHERE status = 'pending'`.execute(
    db,
  );

  await sql`
    CREATE TABLE proposal_votes (
      proposal_id integer NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
      voter_id integer NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (proposal_id, voter_id)
    )`.execute(db);
  await sql`CREATE INDEX proposal_votes_voter_idx ON proposal_votes (voter_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS proposal_votes`.execute(db);
  await sql`DROP TABLE IF EXISTS teacher_resources`.execute(db);
  await sql`DROP TABLE IF EXISTS scenario_steps`.execute(db);
  await sql`DROP TABLE IF EXISTS scenarios`.execute(db);
}
