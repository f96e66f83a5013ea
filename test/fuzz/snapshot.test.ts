// The fuzz suite's oracle must see what it is there to see: a row added to any table, a ledger entry
// added (entries cannot change in place: a trigger keeps the ledger append-only), a balance moved. Otherwise "a refusal writes nothing" would pass vacuously.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { createTestDatabase } from '../support/database.js';
import { createCampaign, createDrawingRight, createEstablishment } from '../support/factories/index.js';
import { differences, snapshotter } from './support/snapshot.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

it('sees a new row in any table, a new ledger entry and a balance moved', async () => {
  const db = database.db;
  const establishment = await createEstablishment(db);
  const campaign = await createCampaign(db);
  const rightId = await createDrawingRight(db, {
    campaignId: campaign.id,
    academyId: establishment.academyId,
    establishmentId: establishment.id,
    allocationCents: 10_000,
  });
  const snapshot = await snapshotter(db);
  const none = new Set<string>();
  const start = await snapshot();
  expect(differences(start, await snapshot(), none)).toEqual([]);

  await sql`
    INSERT INTO ledger_entries (drawing_right_id, kind, amount_cents, balance_after_cents)
    VALUES (${rightId}, 'adjust', 0, 10000)`.execute(db);
  const ledger = await snapshot();
  expect(differences(start, ledger, none).sort()).toEqual([
    expect.stringMatching(/^ledger:checksum/),
    expect.stringMatching(/^ledger_entries: \d+ → \d+$/),
  ]);

  await sql`UPDATE drawing_rights SET balance_cents = balance_cents - 1 WHERE id = ${rightId}`.execute(db);
  const balance = await snapshot();
  expect(differences(ledger, balance, none)).toEqual([expect.stringMatching(/^drawing_rights:checksum/)]);

  await createEstablishment(db);
  expect(differences(balance, await snapshot(), none)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^establishments: \d+ → \d+$/)]),
  );
});
