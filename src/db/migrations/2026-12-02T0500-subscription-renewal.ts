// Subscription renewal: an order line may renew a subscription. A subscription is renewed at most
// once: the partial unique index counts only lines that are pending or delivered, so a cancelled or
// rejected renewal frees the subscription for another attempt. A subscription has at most one
// successor (renewed_from), whatever the code above does.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE order_lines
    ADD COLUMN renews_subscription_id integer REFERENCES subscriptions (id)`.execute(db);
  await sql`
    CREATE UNIQUE INDEX order_lines_renews_once_idx ON order_lines (renews_subscription_id)
    WHERE renews_subscription_id IS NOT NULL AND status IN ('pending', 'delivered')`.execute(db);
  await sql`
    CREATE UNIQUE INDEX subscriptions_renewed_from_idx ON subscriptions (renewed_from)
    WHERE renewed_from IS NOT NULL`.execute(db);
  // Listing an establishment's subscriptions filters on it (the list and the renewal checks).
  await sql`CREATE INDEX subscriptions_establishment_idx ON subscriptions (establishment_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS subscriptions_establishment_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS subscriptions_renewed_from_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS order_lines_renews_once_idx`.execute(db);
  await sql`ALTER TABLE order_lines DROP COLUMN IF EXISTS renews_subscription_id`.execute(db);
}
