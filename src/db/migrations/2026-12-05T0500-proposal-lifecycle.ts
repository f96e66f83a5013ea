// Proposals get a lifecycle: proposed, in the cart, ordered, delivered, declined. Each proposal names
// the offer and the seats its author has in mind (null for proposals made before). The state is read
// from what the cart and the orders say wherever that is reliable: a proposal is in the cart while
// the cart line it became exists (the link is cleared with the line), ordered or delivered after the
// status of the order line it became. What nothing else records is stored here: that line, and who
// declined the proposal, when and why.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE proposals
      ADD COLUMN offer_id integer REFERENCES offers (id),
      ADD COLUMN seats integer CHECK (seats > 0),
      ADD COLUMN cart_line_id integer REFERENCES cart_lines (id) ON DELETE SET NULL,
      ADD COLUMN order_line_id integer REFERENCES order_lines (id),
      ADD COLUMN declined_at timestamptz,
      ADD COLUMN declined_by integer REFERENCES users (id),
      ADD COLUMN decline_reason text,
      ADD CONSTRAINT proposals_declined_check CHECK (
        (declined_at IS NULL) = (declined_by IS NULL) AND (declined_at IS NULL) = (decline_reason IS NULL)
      )`.execute(db);
  // Once per person and resource while the proposal is open: after it was ordered or declined, the
  // same person may propose the resource again (next year's classes).
  await sql`
    ALTER TABLE proposals DROP CONSTRAINT proposals_establishment_id_resource_id_proposed_by_key`.execute(db);
  await sql`
    CREATE UNIQUE INDEX proposals_open_once_idx ON proposals (establishment_id, resource_id, proposed_by)
      WHERE declined_at IS NULL AND order_line_id IS NULL`.execute(db);
  // "Mes propositions": one person's proposals, newest first.
  await sql`CREATE INDEX proposals_proposed_by_idx ON proposals (proposed_by, created_at DESC)`.execute(db);
  // Ordering the cart marks the proposals of its lines.
  await sql`
    CREATE INDEX proposals_cart_line_idx ON proposals (cart_line_id) WHERE cart_line_id IS NOT NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS proposals_cart_line_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS proposals_proposed_by_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS proposals_open_once_idx`.execute(db);
  // Reopened proposals may repeat a person and resource: keep the newest of each before the old rule.
  await sql`
    DELETE FROM proposals p USING proposals q
    WHERE p.establishment_id = q.establishment_id AND p.resource_id = q.resource_id
      AND p.proposed_by = q.proposed_by AND p.id < q.id`.execute(db);
  await sql`
    ALTER TABLE proposals
      DROP CONSTRAINT IF EXISTS proposals_declined_check,
      DROP COLUMN IF EXISTS offer_id,
      DROP COLUMN IF EXISTS seats,
      DROP COLUMN IF EXISTS cart_line_id,
      DROP COLUMN IF EXISTS order_line_id,
      DROP COLUMN IF EXISTS declined_at,
      DROP COLUMN IF EXISTS declined_by,
      DROP COLUMN IF EXISTS decline_reason,
      ADD CONSTRAINT proposals_establishment_id_resource_id_proposed_by_key
        UNIQUE (establishment_id, resource_id, proposed_by)`.execute(db);
}
