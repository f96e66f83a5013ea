// Infomédiation: teachers' ratings and reviews with their moderation, and institutional appraisals
// (inspectors, experts) with the RIP label and the publisher's right of reply.
// - reviews: one per user and resource (UNIQUE), rating 1..5 (CHECK), moderation_state 'published' or
//   'hidden' (only published reviews count anywhere: pages, averages, statistics). needs_moderation is
//   set when the text is flagged automatically (auto_flags) or reported, cleared by a moderator's
//   decision. establishment_id and academy_id are the author's when she wrote it: the "used in class"
//   badge looks for that establishment's orders, academy staff moderate their academy's reviews.
// - review_helpful_votes and review_reports: once per user and review (primary key / UNIQUE).
// - review_writes: every review written or edited, counted per user over the last hour (rate limit
//   that holds across app nodes).
// - appraisals: signed by their author (signature kept as written), one per author and resource; the
//   RIP label is rip_awarded_on (its date) on the appraisal that awarded it, its author the awarder.
// - appraisal_replies: the producer's one public reply to an appraisal (primary key = appraisal).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE reviews (
      id serial PRIMARY KEY,
      resource_id integer NOT NULL REFERENCES resources (id),
      user_id integer NOT NULL REFERENCES users (id),
      establishment_id integer REFERENCES establishments (id),
      academy_id integer REFERENCES academies (id),
      rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
      body text NOT NULL,
      level text,
      discipline text,
      declared_use boolean NOT NULL DEFAULT false,
      moderation_state text NOT NULL DEFAULT 'published'
        CHECK (moderation_state IN ('published', 'hidden')),
      needs_moderation boolean NOT NULL DEFAULT false,
      auto_flags text[] NOT NULL DEFAULT '{}',
      moderated_at timestamptz,
      moderated_by integer REFERENCES users (id),
      hidden_reason text,
      helpful_count integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      edited_at timestamptz,
      UNIQUE (resource_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX reviews_resource_published ON reviews (resource_id, created_at DESC)
    WHERE moderation_state = 'published'`.execute(db);
  await sql`CREATE INDEX reviews_moderation_queue ON reviews (academy_id, created_at)
    WHERE needs_moderation`.execute(db);
  await sql`
    CREATE TABLE review_helpful_votes (
      review_id integer NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
      user_id integer NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (review_id, user_id)
    )`.execute(db);
  await sql`
    CREATE TABLE review_reports (
      id serial PRIMARY KEY,
      review_id integer NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
      user_id integer NOT NULL REFERENCES users (id),
      reason text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      UNIQUE (review_id, user_id)
    )`.execute(db);
  await sql`
    CREATE TABLE review_writes (
      id serial PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users (id),
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX review_writes_user ON review_writes (user_id, at)`.execute(db);
  await sql`
    CREATE TABLE appraisals (
      id serial PRIMARY KEY,
      resource_id integer NOT NULL REFERENCES resources (id),
      author_id integer NOT NULL REFERENCES users (id),
      author_role text NOT NULL CHECK (author_role IN ('inspector', 'expert')),
      signature text NOT NULL,
      strengths text NOT NULL,
      limits text NOT NULL,
      recommended_uses text NOT NULL,
      levels text[] NOT NULL DEFAULT '{}',
      rip_awarded_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (resource_id, author_id)
    )`.execute(db);
  await sql`CREATE INDEX appraisals_rip ON appraisals (resource_id) WHERE rip_awarded_on IS NOT NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE appraisal_replies (
      appraisal_id integer PRIMARY KEY REFERENCES appraisals (id) ON DELETE CASCADE,
      producer_id integer NOT NULL REFERENCES producers (id),
      author_id integer NOT NULL REFERENCES users (id),
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'appraisal_replies',
    'appraisals',
    'review_writes',
    'review_reports',
    'review_helpful_votes',
    'reviews',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
}
