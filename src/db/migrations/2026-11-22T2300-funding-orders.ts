// Drawing rights: academies, establishments, accounts and roles, campaigns and allocations, the
// append-only ledger, carts, orders, subscriptions, notifications, outbox and audit log.
// Plain SQL that PostgreSQL 15 and PGlite both run.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE academies (
      id serial PRIMARY KEY,
      code text NOT NULL UNIQUE,
      name text NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE departments (
      code text PRIMARY KEY,
      name text NOT NULL,
      academy_id integer NOT NULL REFERENCES academies (id)
    )`.execute(db);
  await sql`
    CREATE TABLE establishments (
      id serial PRIMARY KEY,
      uai text NOT NULL UNIQUE CHECK (uai ~ '^[0-9]{7}[A-Z]$'),
      name text NOT NULL,
      type text NOT NULL CHECK (type IN ('ecole', 'college', 'lgt', 'lp', 'lpo', 'erea')),
      sector text NOT NULL CHECK (sector IN ('public', 'private-contract')),
      pupils integer NOT NULL CHECK (pupils >= 0),
      department_code text NOT NULL REFERENCES departments (code),
      academy_id integer NOT NULL REFERENCES academies (id),
      network text
    )`.execute(db);
  await sql`CREATE INDEX establishments_academy_idx ON establishments (academy_id)`.execute(db);

  await sql`
    CREATE TABLE users (
      id serial PRIMARY KEY,
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      display_name text NOT NULL,
      password_hash text,
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz
    )`.execute(db);
  // A role is scoped: to an establishment, an academy, a producer (publisher) or nothing (national).
  await sql`
    CREATE TABLE role_assignments (
      id serial PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('teacher', 'digital-referent', 'librarian', 'head', 'academy-staff',
                                         'national-admin', 'publisher', 'expert', 'inspector')),
      establishment_id integer REFERENCES establishments (id),
      academy_id integer REFERENCES academies (id),
      producer_id integer REFERENCES producers (id),
      UNIQUE NULLS NOT DISTINCT (user_id, role, establishment_id, academy_id, producer_id)
    )`.execute(db);
  await sql`CREATE INDEX role_assignments_user_idx ON role_assignments (user_id)`.execute(db);
  await sql`
    CREATE TABLE sessions (
      id_hash text PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE auth_tokens (
      token_hash text PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('invitation', 'password-reset')),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db);
  await sql`
    CREATE TABLE sign_in_attempts (
      id bigserial PRIMARY KEY,
      email text NOT NULL,
      ip text NOT NULL,
      succeeded boolean NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX sign_in_attempts_recent_idx ON sign_in_attempts (email, at)`.execute(db);

  await sql`
    CREATE TABLE campaigns (
      id serial PRIMARY KEY,
      name text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'settled')),
      envelope_cents bigint NOT NULL CHECK (envelope_cents >= 0),
      rules jsonb NOT NULL,
      ordering_deadline date NOT NULL,
      remainder_policy text NOT NULL CHECK (remainder_policy IN ('return-to-academy', 'carry-to-next-campaign')),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE campaign_academies (
      campaign_id integer NOT NULL REFERENCES campaigns (id),
      academy_id integer NOT NULL REFERENCES academies (id),
      share_cents bigint NOT NULL CHECK (share_cents >= 0),
      explanation jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (campaign_id, academy_id)
    )`.execute(db);

  // A drawing right belongs to one establishment, or to a pool of establishments sharing it. Its
  // balance is a projection of the ledger kept in the same transaction as every entry; the CHECK makes
  // an overdraft impossible whatever the code above does.
  await sql`
    CREATE TABLE drawing_rights (
      id serial PRIMARY KEY,
      campaign_id integer NOT NULL REFERENCES campaigns (id),
      academy_id integer NOT NULL REFERENCES academies (id),
      establishment_id integer REFERENCES establishments (id),
      pool_name text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
      balance_cents bigint NOT NULL DEFAULT 0 CHECK (balance_cents >= 0),
      CHECK ((establishment_id IS NULL) <> (pool_name IS NULL)),
      UNIQUE (campaign_id, establishment_id)
    )`.execute(db);
  await sql`
    CREATE TABLE pool_members (
      drawing_right_id integer NOT NULL REFERENCES drawing_rights (id),
      establishment_id integer NOT NULL REFERENCES establishments (id),
      PRIMARY KEY (drawing_right_id, establishment_id)
    )`.execute(db);
  await sql`CREATE INDEX pool_members_establishment_idx ON pool_members (establishment_id)`.execute(db);

  await sql`
    CREATE TABLE ledger_entries (
      id bigserial PRIMARY KEY,
      drawing_right_id integer NOT NULL REFERENCES drawing_rights (id),
      kind text NOT NULL CHECK (kind IN ('allocate', 'adjust', 'top-up', 'order-debit', 'cancellation-credit',
                                         'rejection-credit', 'close', 'remainder-return', 'reallocation')),
      amount_cents bigint NOT NULL,
      balance_after_cents bigint NOT NULL CHECK (balance_after_cents >= 0),
      order_id integer,
      funder text CHECK (funder IS NULL OR funder IN ('establishment', 'local-authority', 'academy')),
      reference text,
      reason text,
      actor_user_id integer REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX ledger_entries_right_idx ON ledger_entries (drawing_right_id, id)`.execute(db);
  // Append-only: the ledger is the audit trail of every euro.
  await sql`
    CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'ledger_entries is append-only';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only()`.execute(db);

  await sql`
    CREATE TABLE proposals (
      id serial PRIMARY KEY,
      establishment_id integer NOT NULL REFERENCES establishments (id),
      resource_id integer NOT NULL REFERENCES resources (id),
      proposed_by integer NOT NULL REFERENCES users (id),
      note text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (establishment_id, resource_id, proposed_by)
    )`.execute(db);
  await sql`
    CREATE TABLE cart_lines (
      id serial PRIMARY KEY,
      establishment_id integer NOT NULL REFERENCES establishments (id),
      offer_id integer NOT NULL REFERENCES offers (id),
      seats integer NOT NULL CHECK (seats > 0),
      quantity integer NOT NULL CHECK (quantity > 0),
      price_cents_when_added integer NOT NULL CHECK (price_cents_when_added >= 0),
      added_by integer NOT NULL REFERENCES users (id),
      added_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (establishment_id, offer_id)
    )`.execute(db);

  await sql`
    CREATE TABLE orders (
      id serial PRIMARY KEY,
      establishment_id integer NOT NULL REFERENCES establishments (id),
      drawing_right_id integer NOT NULL REFERENCES drawing_rights (id),
      status text NOT NULL CHECK (status IN ('draft', 'submitted', 'transmitted', 'partly-delivered', 'delivered',
                                            'rejected', 'cancelled')),
      total_cents bigint NOT NULL CHECK (total_cents >= 0),
      top_up_cents bigint NOT NULL DEFAULT 0 CHECK (top_up_cents >= 0),
      idempotency_key text NOT NULL,
      placed_by integer NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (establishment_id, idempotency_key)
    )`.execute(db);
  await sql`CREATE INDEX orders_establishment_idx ON orders (establishment_id, created_at DESC)`.execute(db);
  await sql`ALTER TABLE ledger_entries ADD FOREIGN KEY (order_id) REFERENCES orders (id)`.execute(db);
  // A snapshot of the offer at order time: later price changes never alter a placed order.
  await sql`
    CREATE TABLE order_lines (
      id serial PRIMARY KEY,
      order_id integer NOT NULL REFERENCES orders (id),
      offer_id integer NOT NULL REFERENCES offers (id),
      producer_id integer NOT NULL REFERENCES producers (id),
      label text NOT NULL,
      unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0),
      licence_kind text NOT NULL,
      seats integer NOT NULL CHECK (seats > 0),
      duration_months integer,
      quantity integer NOT NULL CHECK (quantity > 0),
      line_total_cents bigint NOT NULL CHECK (line_total_cents >= 0),
      delivery text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'rejected', 'cancelled')),
      licence_key text,
      access_url text,
      shipment_number text,
      rejection_reason text,
      delivered_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX order_lines_order_idx ON order_lines (order_id)`.execute(db);
  await sql`CREATE INDEX order_lines_producer_idx ON order_lines (producer_id, order_id)`.execute(db);
  await sql`
    CREATE TABLE order_top_ups (
      order_id integer PRIMARY KEY REFERENCES orders (id),
      funder text NOT NULL CHECK (funder IN ('establishment', 'local-authority', 'academy')),
      amount_cents bigint NOT NULL CHECK (amount_cents > 0),
      reference text NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE subscriptions (
      id serial PRIMARY KEY,
      order_line_id integer NOT NULL REFERENCES order_lines (id),
      establishment_id integer NOT NULL REFERENCES establishments (id),
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      renewed_from integer REFERENCES subscriptions (id),
      reminder_sent_at timestamptz,
      CHECK (ends_on > starts_on)
    )`.execute(db);
  await sql`CREATE INDEX subscriptions_end_idx ON subscriptions (ends_on)`.execute(db);

  await sql`
    CREATE TABLE notifications (
      id bigserial PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      link text,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`.execute(db);
  await sql`
    CREATE TABLE email_outbox (
      id bigserial PRIMARY KEY,
      to_email text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`.execute(db);
  await sql`
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      actor_user_id integer REFERENCES users (id),
      action text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_log',
    'email_outbox',
    'notifications',
    'subscriptions',
    'order_top_ups',
    'order_lines',
    'ledger_entries',
    'orders',
    'cart_lines',
    'proposals',
    'pool_members',
    'drawing_rights',
    'campaign_academies',
    'campaigns',
    'sign_in_attempts',
    'auth_tokens',
    'sessions',
    'role_assignments',
    'users',
    'establishments',
    'departments',
    'academies',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)} CASCADE`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS ledger_entries_append_only`.execute(db);
}
