/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any --
   JSON bodies are read loosely here; the assertions check their shape. */
// The funding API end to end on a real database: campaigns, split, CSV import, plan, modulation,
// pooling, publication, drawing rights, closing and remainders, with per-role authorization.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerBalance, postLedgerEntry } from '../../src/modules/funding/ledger.repository.js';
import { makeUai } from '../../src/modules/funding/uai.js';
import { academyIdOf, createEstablishment, createUser, type TestUser } from '../support/factories/index.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let aix: number;
let paris: number;
let admin: TestUser;
let aixStaff: TestUser;
let parisStaff: TestUser;

beforeAll(async () => {
  server = await startTestServer({ referenceData: true });
  const db = server.database.db;
  aix = await academyIdOf(db, 'aix-marseille');
  paris = await academyIdOf(db, 'paris');
  admin = await createUser(db, { grants: [{ role: 'national-admin' }] });
  aixStaff = await createUser(db, { grants: [{ role: 'academy-staff', academyId: aix }] });
  parisStaff = await createUser(db, { grants: [{ role: 'academy-staff', academyId: paris }] });
});
afterAll(async () => {
  await server?.close();
});

type Method = 'GET' | 'POST' | 'PUT';
async function call(method: Method, url: string, user: TestUser | null, payload?: unknown) {
  const response = await server.app.inject({
    method,
    url,
    headers: user?.headers ?? {},
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  return { status: response.statusCode, body: response.body ? response.json<Record<string, any>>() : {} };
}

async function uploadCsv(user: TestUser | null, academyId: number, bytes: Uint8Array) {
  const response = await server.app.inject({
    method: 'POST',
    url: `/api/academies/${academyId}/establishments/import`,
    headers: { ...(user?.headers ?? {}), 'content-type': 'text/csv' },
    payload: Buffer.from(bytes),
  });
  return { status: response.statusCode, body: response.json<Record<string, any>>() };
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
}

const campaignBody = (academyIds: number[], extra: Record<string, unknown> = {}) => ({
  name: 'Plan 2026, phase 1',
  envelopeEuros: '100 000',
  academyIds,
  orderingDeadline: '2099-07-10',
  remainderPolicy: 'return-to-academy',
  ...extra,
});

describe('campaigns', () => {
  it('only the national administration creates them', async () => {
    const teacher = await createUser(server.database.db, { grants: [{ role: 'teacher' }] });
    expect((await call('POST', '/api/campaigns', null, campaignBody([aix]))).status).toBe(401);
    expect((await call('POST', '/api/campaigns', aixStaff, campaignBody([aix]))).status).toBe(403);
    expect((await call('POST', '/api/campaigns', teacher, campaignBody([aix]))).status).toBe(403);
    const created = await call('POST', '/api/campaigns', admin, campaignBody([aix]));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', envelopeCents: 10_000_000 });
    expect(created.body.rules).toMatchObject({ primaryAmountCents: 50_000, secondaryMinCents: 100_000 });
  });

  it('rejects amounts with three decimals, and nothing is created', async () => {
    const before = (await call('GET', '/api/campaigns', admin)).body.items.length;
    const response = await call(
      'POST',
      '/api/campaigns',
      admin,
      campaignBody([aix], { envelopeEuros: '1000,005' }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('plus de deux décimales');
    expect((await call('GET', '/api/campaigns', admin)).body.items.length).toBe(before);
  });

  it('rejects the CSRF-less request of a signed-in user', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: { cookie: admin.headers.cookie },
      payload: campaignBody([aix]),
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('split between academies', () => {
  it('previews with explanations, adds up exactly, and commits', async () => {
    const db = server.database.db;
    await createEstablishment(db, { departmentCode: '75', type: 'lgt', pupils: 1500 });
    await createEstablishment(db, { departmentCode: '75', type: 'college', pupils: 600 });
    await createEstablishment(db, { departmentCode: '13', type: 'ecole', pupils: 120 });
    const campaign = (
      await call(
        'POST',
        '/api/campaigns',
        admin,
        campaignBody([aix, paris], { envelopeEuros: '8 000 000,01' }),
      )
    ).body;
    const forbidden = await call('POST', `/api/campaigns/${campaign.id}/split/preview`, aixStaff, {
      establishments: 50,
      pupils: 50,
    });
    expect(forbidden.status).toBe(403);
    const badWeights = await call('POST', `/api/campaigns/${campaign.id}/split/preview`, admin, {
      establishments: 60,
      pupils: 50,
    });
    expect(badWeights.status).toBe(400);
    const preview = await call('POST', `/api/campaigns/${campaign.id}/split/preview`, admin, {
      establishments: 50,
      pupils: 50,
    });
    expect(preview.status).toBe(200);
    const shares = preview.body.academies as { shareCents: number; explanation: string }[];
    expect(shares.reduce((sum, s) => sum + s.shareCents, 0)).toBe(800_000_001);
    expect(shares[0]!.explanation).toMatch(/des établissements .* des élèves/);
    // Nothing written by the preview.
    const detail = (await call('GET', `/api/campaigns/${campaign.id}`, admin)).body;
    expect(detail.academies.every((a: { shareCents: number }) => a.shareCents === 0)).toBe(true);
    const committed = await call('POST', `/api/campaigns/${campaign.id}/split`, admin, {
      establishments: 50,
      pupils: 50,
    });
    expect(committed.status).toBe(200);
    const after = (await call('GET', `/api/campaigns/${campaign.id}`, admin)).body;
    expect(after.academies.reduce((sum: number, a: { shareCents: number }) => sum + a.shareCents, 0)).toBe(
      800_000_001,
    );
  });
});

describe('CSV import', () => {
  const header = 'UAI;Nom;Type;Secteur;Élèves;Département;Réseau';

  it('reports line errors of a Latin-1 file and writes nothing', async () => {
    const db = server.database.db;
    const count = async () =>
      (
        await db
          .selectFrom('establishments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const bad = [
      header,
      `${makeUai('13', 101)};École élémentaire Château-Gombert;école;public;200;13;`,
      `0130102A;École Sainte-Thérèse;école;privé sous contrat;90;13;`,
      `${makeUai('13', 101)};Doublon;école;public;10;13;`,
      `${makeUai('84', 103)};Collège Élie-Dussaud;collège;public;-3;84;`,
    ].join('\r\n');
    const response = await uploadCsv(aixStaff, aix, latin1(bad));
    expect(response.status).toBe(400);
    expect(response.body.error.details.encoding).toBe('windows-1252');
    expect(response.body.error.details.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5]);
    expect(Number(await count())).toBe(Number(before));
  });

  it('imports a valid file once the lines are fixed, for the staff of that academy only', async () => {
    const good = [
      header,
      `${makeUai('13', 101)};École élémentaire Château-Gombert;école;public;200;13;`,
      `${makeUai('84', 103)};Collège Élie-Dussaud;collège;public;430;84;`,
    ].join('\r\n');
    expect((await uploadCsv(parisStaff, aix, latin1(good))).status).toBe(403);
    expect((await uploadCsv(null, aix, latin1(good))).status).toBe(401);
    const response = await uploadCsv(aixStaff, aix, latin1(good));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ encoding: 'windows-1252', created: 2, updated: 0 });
    const row = await server.database.db
      .selectFrom('establishments')
      .select('name')
      .where('uai', '=', makeUai('84', 103))
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('Collège Élie-Dussaud');
    expect((await uploadCsv(aixStaff, aix, latin1(good))).body).toMatchObject({ created: 0, updated: 2 });
  });
});

describe('allocations, pooling, publication and drawing rights', () => {
  it('pools 282 schools on 42 allocations (21,000 €), modulates, publishes and notifies', async () => {
    const db = server.database.db;
    const corse = await academyIdOf(db, 'corse');
    const staff = await createUser(db, { grants: [{ role: 'academy-staff', academyId: corse }] });
    const network = [];
    for (let i = 0; i < 282; i++)
      network.push(
        await createEstablishment(db, {
          departmentCode: i % 2 ? '2A' : '2B',
          network: 'Réseau rural',
          type: 'ecole',
          pupils: 200,
        }),
      );
    const college = await createEstablishment(db, { departmentCode: '2A', type: 'college', pupils: 450 });
    const lycee = await createEstablishment(db, { departmentCode: '2B', type: 'lgt', pupils: 700 });
    const head = await createUser(db, { grants: [{ role: 'head', establishmentId: college.id }] });
    const campaign = (
      await call('POST', '/api/campaigns', admin, campaignBody([corse], { envelopeEuros: '40 000' }))
    ).body;
    await call('POST', `/api/campaigns/${campaign.id}/split`, admin, { establishments: 50, pupils: 50 });
    const base = `/api/campaigns/${campaign.id}/academies/${corse}`;
    expect((await call('GET', `${base}/plan`, aixStaff)).status).toBe(403);
    const beneficiaries = [...network.slice(0, 42).map((e) => e.id), college.id, lycee.id];
    expect(
      (await call('PUT', `${base}/beneficiaries`, staff, { establishmentIds: beneficiaries })).status,
    ).toBe(204);
    const pool = await call('POST', `${base}/pools`, staff, {
      name: 'Réseau rural',
      establishmentIds: network.map((e) => e.id),
    });
    expect(pool.status).toBe(201);
    const noReason = await call('POST', `${base}/modulations`, staff, {
      establishmentId: lycee.id,
      amountEuros: '1800',
      reason: '',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('motif');
    const modulated = await call('POST', `${base}/modulations`, staff, {
      establishmentId: lycee.id,
      amountEuros: '1 800',
      reason: 'Internat de 120 places',
    });
    expect(modulated.status).toBe(201);
    expect(modulated.body).toEqual({ deltaCents: 30_000 });
    const plan = (await call('GET', `${base}/plan`, staff)).body;
    expect(plan.pools).toEqual([
      { name: 'Réseau rural', memberIds: network.map((e) => e.id), amountCents: 2_100_000 },
    ]);
    expect(plan.totalCents).toBe(2_100_000 + 150_000 + 180_000);
    const published = await call('POST', `${base}/publish`, staff, {});
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ rights: 3, pools: 1, totalCents: 2_430_000, notified: 1 });
    expect(published.body.invited).toBe(283);
    expect((await call('POST', `${base}/publish`, staff, {})).status).toBe(409);
    expect((await call('GET', `/api/campaigns/${campaign.id}`, admin)).body.status).toBe('open');
    const notifications = await db
      .selectFrom('notifications')
      .select('title')
      .where('user_id', '=', head.id)
      .execute();
    expect(notifications).toHaveLength(1);
    const invitation = await db
      .selectFrom('email_outbox')
      .select('subject')
      .where('to_email', '=', `ce.${lycee.uai.toLowerCase()}@ac-corse.fr`)
      .execute();
    expect(invitation).toHaveLength(1);
    const adjust = await db
      .selectFrom('ledger_entries')
      .select(['amount_cents', 'reason'])
      .where('kind', '=', 'adjust')
      .execute();
    expect(adjust).toEqual([{ amount_cents: 30_000, reason: 'Internat de 120 places' }]);
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'allocation.modulated')
      .execute();
    expect(audit).toHaveLength(1);

    // The drawing right, role by role.
    const url = (uai: string) => `/api/establishments/${uai}/drawing-right`;
    const own = await call('GET', url(college.uai), head);
    expect(own.status).toBe(200);
    expect(own.body.campaigns).toEqual([
      expect.objectContaining({
        campaign: {
          id: campaign.id,
          name: 'Plan 2026, phase 1',
          status: 'open',
          orderingDeadline: '2099-07-10',
        },
        allocationCents: 150_000,
        adjustmentsCents: 0,
        topUpsCents: 0,
        spentCents: 0,
        committedCents: 0,
        creditsCents: 0,
        remainingCents: 150_000,
        pooled: false,
      }),
    ]);
    expect((await call('GET', url(lycee.uai), head)).status).toBe(403);
    expect((await call('GET', url(lycee.uai), null)).status).toBe(401);
    expect((await call('GET', url('0750655E'), head)).status).toBe(404);
    expect((await call('GET', url('not-a-uai'), head)).status).toBe(400);
    const memberHead = await createUser(db, {
      grants: [{ role: 'head', establishmentId: network[200]!.id }],
    });
    const pooled = await call('GET', url(network[200]!.uai), memberHead);
    expect(pooled.body.campaigns[0]).toMatchObject({
      pooled: true,
      allocationCents: 2_100_000,
      remainingCents: 2_100_000,
    });
    for (const [role, status] of [
      ['teacher', 200],
      ['digital-referent', 200],
      ['librarian', 200],
    ] as const) {
      const user = await createUser(db, { grants: [{ role, establishmentId: lycee.id }] });
      expect((await call('GET', url(lycee.uai), user)).status, role).toBe(status);
    }
    const publisher = await createUser(db, { grants: [{ role: 'publisher' }] });
    expect((await call('GET', url(lycee.uai), publisher)).status).toBe(403);
    expect((await call('GET', url(lycee.uai), aixStaff)).status).toBe(403);
    expect((await call('GET', url(lycee.uai), staff)).status).toBe(200);
    expect((await call('GET', url(lycee.uai), admin)).body.campaigns[0]).toMatchObject({
      allocationCents: 150_000,
      adjustmentsCents: 30_000,
      remainingCents: 180_000,
    });

    // Modulation after publication: an 'adjust' entry, never below zero.
    const down = await call('POST', `${base}/modulations`, staff, {
      establishmentId: lycee.id,
      amountEuros: '1000',
      reason: 'Effectifs revus',
    });
    expect(down.body).toEqual({ deltaCents: -80_000 });
    expect((await call('GET', url(lycee.uai), admin)).body.campaigns[0].remainingCents).toBe(100_000);

    // Dashboards.
    expect((await call('GET', `${base}/dashboard`, staff)).status).toBe(200);
    expect((await call('GET', `${base}/dashboard`, head)).status).toBe(403);
    const national = await call('GET', `/api/campaigns/${campaign.id}/dashboard`, admin);
    expect(national.status).toBe(200);
    expect(national.body.academies[0]).toMatchObject({
      key: 'corse',
      allocatedCents: 2_350_000,
      consumedCents: 0,
    });
    expect((await call('GET', `/api/campaigns/${campaign.id}/dashboard`, staff)).status).toBe(403);
  });

  it('refuses a plan above the academy share unless scaled, then scales exactly', async () => {
    const db = server.database.db;
    const guyane = await academyIdOf(db, 'guyane');
    const staff = await createUser(db, { grants: [{ role: 'academy-staff', academyId: guyane }] });
    const schools = [];
    for (let i = 0; i < 7; i++)
      schools.push(await createEstablishment(db, { departmentCode: '973', type: 'ecole', pupils: 200 }));
    const campaign = (
      await call('POST', '/api/campaigns', admin, campaignBody([guyane], { envelopeEuros: '3 000,01' }))
    ).body;
    await call('POST', `/api/campaigns/${campaign.id}/split`, admin, { establishments: 50, pupils: 50 });
    const base = `/api/campaigns/${campaign.id}/academies/${guyane}`;
    await call('PUT', `${base}/beneficiaries`, staff, { establishmentIds: schools.map((s) => s.id) });
    const refused = await call('POST', `${base}/publish`, staff, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      details: { shortfallCents: 49_999 },
    });
    expect(
      await db.selectFrom('drawing_rights').select('id').where('campaign_id', '=', campaign.id).execute(),
    ).toEqual([]);
    const scaled = await call('POST', `${base}/publish`, staff, { scaleToShare: true });
    expect(scaled.status).toBe(200);
    expect(scaled.body.totalCents).toBe(300_001);
  });
});

describe('closing, remainders and reallocation', () => {
  it('closes after the deadline, returns remainders to the academy, keeps every euro traceable', async () => {
    const db = server.database.db;
    const lille = await academyIdOf(db, 'lille');
    const staff = await createUser(db, { grants: [{ role: 'academy-staff', academyId: lille }] });
    const a = await createEstablishment(db, { departmentCode: '59', type: 'ecole', pupils: 200 });
    const b = await createEstablishment(db, { departmentCode: '62', type: 'college', pupils: 300 });
    const open = async (deadline: string, policy: string) => {
      const campaign = (
        await call(
          'POST',
          '/api/campaigns',
          admin,
          campaignBody([lille], { orderingDeadline: deadline, remainderPolicy: policy }),
        )
      ).body;
      await call('POST', `/api/campaigns/${campaign.id}/split`, admin, { establishments: 50, pupils: 50 });
      await call('PUT', `/api/campaigns/${campaign.id}/academies/${lille}/beneficiaries`, staff, {
        establishmentIds: [a.id, b.id],
      });
      expect(
        (await call('POST', `/api/campaigns/${campaign.id}/academies/${lille}/publish`, staff, {})).status,
      ).toBe(200);
      return campaign.id as number;
    };
    const future = await open('2099-01-01', 'return-to-academy');
    const tooEarly = await call('POST', `/api/campaigns/${future}/close`, admin);
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.error.message).toContain('n’est pas passée');

    const past = await open('2020-07-10', 'carry-to-next-campaign');
    expect((await call('POST', `/api/campaigns/${past}/close`, staff)).status).toBe(403);
    const closed = await call('POST', `/api/campaigns/${past}/close`, admin);
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual({ closedRights: 2, returnedCents: 150_000 });
    expect((await call('POST', `/api/campaigns/${past}/close`, admin)).status).toBe(409);

    // Reallocate 200 € of the remainder to school a in the open campaign, then settle: the rest is carried.
    const realloc = await call('POST', `/api/campaigns/${past}/academies/${lille}/reallocations`, staff, {
      targetCampaignId: future,
      establishmentId: a.id,
      amountEuros: '200',
      reason: 'Projet numérique retenu',
    });
    expect(realloc.status).toBe(201);
    const tooMuch = await call('POST', `/api/campaigns/${past}/academies/${lille}/reallocations`, staff, {
      targetCampaignId: future,
      establishmentId: a.id,
      amountEuros: '5000',
      reason: 'Montant trop élevé',
    });
    expect(tooMuch.status).toBe(409);
    const remainderOf = async (campaignId: number): Promise<unknown> =>
      (await call('GET', `/api/campaigns/${campaignId}/academies/${lille}/dashboard`, staff)).body.remainder;
    expect(await remainderOf(past)).toEqual({
      receivedCents: 150_000,
      movedOutCents: 20_000,
      availableCents: 130_000,
    });
    expect(await remainderOf(future)).toBeNull();
    const settled = await call('POST', `/api/campaigns/${past}/settle`, admin);
    expect(settled.body).toEqual({ carriedCents: 130_000, nextCampaignId: future });
    expect(await remainderOf(past)).toEqual({
      receivedCents: 150_000,
      movedOutCents: 150_000,
      availableCents: 0,
    });
    expect(await remainderOf(future)).toEqual({
      receivedCents: 130_000,
      movedOutCents: 0,
      availableCents: 130_000,
    });

    const headA = await createUser(db, { grants: [{ role: 'head', establishmentId: a.id }] });
    const right = (await call('GET', `/api/establishments/${a.uai}/drawing-right`, headA)).body.campaigns;
    expect(right).toHaveLength(1);
    expect(right[0]).toMatchObject({
      allocationCents: 50_000,
      reallocationsCents: 20_000,
      remainingCents: 70_000,
    });

    // Sum over the ledger equals every balance, and the money of the closed campaign is all accounted for.
    const rights = await db.selectFrom('drawing_rights').select(['id', 'balance_cents']).execute();
    for (const r of rights) expect(await ledgerBalance(db, r.id)).toBe(Number(r.balance_cents));
    const total = await db
      .selectFrom('ledger_entries as le')
      .innerJoin('drawing_rights as dr', 'dr.id', 'le.drawing_right_id')
      .select((eb) => eb.fn.sum<number>('le.amount_cents').as('sum'))
      .where('dr.campaign_id', '=', past)
      .executeTakeFirstOrThrow();
    expect(Number(total.sum)).toBe(0);
  });
});

describe('drawing right figures with orders', () => {
  it('splits spent (delivered) from committed (not delivered), net of credits, with top-ups apart', async () => {
    const db = server.database.db;
    const nice = await academyIdOf(db, 'nice');
    const staff = await createUser(db, { grants: [{ role: 'academy-staff', academyId: nice }] });
    const school = await createEstablishment(db, { departmentCode: '06', type: 'college', pupils: 300 });
    const head = await createUser(db, { grants: [{ role: 'head', establishmentId: school.id }] });
    const campaign = (await call('POST', '/api/campaigns', admin, campaignBody([nice]))).body;
    await call('POST', `/api/campaigns/${campaign.id}/split`, admin, { establishments: 50, pupils: 50 });
    await call('PUT', `/api/campaigns/${campaign.id}/academies/${nice}/beneficiaries`, staff, {
      establishmentIds: [school.id],
    });
    await call('POST', `/api/campaigns/${campaign.id}/academies/${nice}/publish`, staff, {});
    const right = await db
      .selectFrom('drawing_rights')
      .select('id')
      .where('campaign_id', '=', campaign.id)
      .executeTakeFirstOrThrow();
    const order = async (
      status: 'delivered' | 'submitted' | 'rejected',
      totalCents: number,
      topUpCents = 0,
    ) => {
      const row = await db
        .insertInto('orders')
        .values({
          establishment_id: school.id,
          drawing_right_id: right.id,
          status,
          total_cents: totalCents,
          top_up_cents: topUpCents,
          idempotency_key: `k-${status}-${totalCents}`,
          placed_by: head.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.transaction().execute(async (trx) => {
        if (topUpCents > 0) {
          await postLedgerEntry(trx, {
            drawingRightId: right.id,
            kind: 'top-up',
            amountCents: topUpCents,
            orderId: row.id,
            funder: 'local-authority',
            reference: 'DEL-2026-12',
          });
        }
        await postLedgerEntry(trx, {
          drawingRightId: right.id,
          kind: 'order-debit',
          amountCents: -totalCents,
          orderId: row.id,
        });
        if (status === 'rejected') {
          await postLedgerEntry(trx, {
            drawingRightId: right.id,
            kind: 'rejection-credit',
            amountCents: totalCents,
            orderId: row.id,
          });
        }
      });
    };
    await order('delivered', 30_000);
    await order('submitted', 50_000, 10_000);
    await order('rejected', 20_000);
    const body = (await call('GET', `/api/establishments/${school.uai}/drawing-right`, head)).body;
    expect(body.campaigns[0]).toMatchObject({
      allocationCents: 100_000,
      topUpsCents: 10_000,
      spentCents: 30_000,
      committedCents: 50_000,
      creditsCents: 20_000,
      remainingCents: 30_000,
    });
    const c = body.campaigns[0];
    expect(
      c.allocationCents +
        c.adjustmentsCents +
        c.reallocationsCents +
        c.topUpsCents -
        c.spentCents -
        c.committedCents,
    ).toBe(c.remainingCents);
    const dashboard = (await call('GET', `/api/campaigns/${campaign.id}/academies/${nice}/dashboard`, staff))
      .body;
    expect(dashboard.establishments[0]).toMatchObject({
      allocatedCents: 100_000,
      consumedCents: 70_000,
      rate: 0.7,
    });
    expect(dashboard.overTime).toHaveLength(1);
  });
});

describe('authorization matrix of the funding routes', () => {
  it('refuses every role but the right one, route by route', async () => {
    const db = server.database.db;
    const school = await createEstablishment(db, { departmentCode: '13', type: 'ecole', pupils: 200 });
    const campaign = (await call('POST', '/api/campaigns', admin, campaignBody([aix]))).body;
    const others: TestUser[] = [];
    for (const role of [
      'teacher',
      'digital-referent',
      'librarian',
      'head',
      'publisher',
      'expert',
      'inspector',
    ] as const) {
      others.push(
        await createUser(db, {
          grants: [
            {
              role,
              ...(role === 'publisher' || role === 'expert' || role === 'inspector'
                ? {}
                : { establishmentId: school.id }),
            },
          ],
        }),
      );
    }
    // The inspection reads the campaigns, and the dashboards of its own academy only.
    const inspector = others.find((user) => user.actor.grants[0]!.role === 'inspector')!;
    const aixInspector = await createUser(db, { grants: [{ role: 'inspector', academyId: aix }] });
    others.push(aixInspector);
    const routes: [Method, string, unknown, TestUser[]][] = [
      ['POST', '/api/campaigns', campaignBody([aix]), [admin]],
      ['GET', '/api/campaigns', undefined, [admin, aixStaff, parisStaff, inspector, aixInspector]],
      ['POST', `/api/campaigns/${campaign.id}/split/preview`, { establishments: 50, pupils: 50 }, [admin]],
      ['POST', `/api/campaigns/${campaign.id}/close`, {}, [admin]],
      ['GET', `/api/campaigns/${campaign.id}/academies/${aix}/plan`, undefined, [admin, aixStaff]],
      [
        'PUT',
        `/api/campaigns/${campaign.id}/academies/${aix}/beneficiaries`,
        { establishmentIds: [] },
        [admin, aixStaff],
      ],
      ['GET', `/api/campaigns/${campaign.id}/dashboard`, undefined, [admin]],
      [
        'GET',
        `/api/campaigns/${campaign.id}/academies/${aix}/dashboard`,
        undefined,
        [admin, aixStaff, aixInspector],
      ],
    ];
    for (const [method, url, payload, allowed] of routes) {
      for (const user of [admin, aixStaff, parisStaff, ...others]) {
        const { status } = await call(method, url, user, payload);
        const role = user.actor.grants[0]!.role;
        if (allowed.includes(user)) expect([401, 403, 404], `${role} ${method} ${url}`).not.toContain(status);
        else expect(status, `${role} ${method} ${url}`).toBe(403);
      }
      expect((await call(method, url, null, payload)).status, `anonymous ${method} ${url}`).toBe(401);
    }
  });
});
