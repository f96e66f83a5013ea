// The notices workflow through its use cases: a publisher submits (JSON), an expert sees the checklist
// and decides; accepting publishes the resource (searchable on a node following the change log), a new
// version shows what changed, refusing needs reasons, withdrawing takes the resource out of search
// while its offers stay for the orders; duplicates are flagged; the statistics count it all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogueSearch } from '../../src/modules/catalogue/search.service.js';
import { parseSearchQuery } from '../../src/modules/catalogue/search-query.js';
import {
  decideNotice,
  getNoticeReview,
  listNoticesFor,
  noticeStatistics,
  submitNotice,
  withdrawNotice,
} from '../../src/modules/notices/notice-review.service.js';
import { todayInFrance } from '../../src/shared/clock.js';
import { AppError } from '../../src/shared/errors.js';
import { createUser, type TestUser } from '../support/factories/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
let search: CatalogueSearch;
let producer: { id: number; code: string };
let otherProducer: { id: number };
let publisher: TestUser;
let rival: TestUser;
let expert: TestUser;
let teacher: TestUser;
const settings = { minUpdateYear: 2015 };

const CONCEPT = 'http://data.education.fr/voc/scolomfr/concept/';

function fields(identifier: string, change: Record<string, unknown> = {}) {
  return {
    identifier,
    title: `Atlas des volcans ${identifier}`,
    description: 'Cartes et animations sur les volcans actifs, pour la classe de 4e.',
    keywords: ['volcan', 'séisme'],
    levels: [`${CONCEPT}scolomfr-voc-022-num-021`],
    disciplines: ['scolomfr-voc-015-num-069'],
    types: [`${CONCEPT}scolomfr-voc-010-num-001`],
    formats: ['scolomfr-voc-046-num-001'],
    devices: ['tablet', 'computer'],
    cost: 'yes',
    licence: 'proprietary',
    updatedOn: '2026-09-01',
    technicalRequirements: 'Navigateur récent',
    demoUrl: 'https://exemple.fr/demo',
    offers: [
      {
        label: 'Licence établissement 1 an',
        priceCents: 12_000,
        licenceKind: 'establishment',
        durationMonths: 12,
      },
    ],
    ...change,
  };
}

async function searchCount(query: string): Promise<number> {
  await search.refreshed();
  const result = await search.search(parseSearchQuery({ q: query }));
  return result.total;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const producers = await database.db
    .selectFrom('producers')
    .select(['id', 'code'])
    .orderBy('id')
    .limit(2)
    .execute();
  producer = producers[0]!;
  otherProducer = producers[1]!;
  publisher = await createUser(database.db, { role: 'publisher', producerId: producer.id });
  rival = await createUser(database.db, { role: 'publisher', producerId: otherProducer.id });
  expert = await createUser(database.db, { role: 'expert' });
  teacher = await createUser(database.db, { role: 'teacher' });
  search = new CatalogueSearch(database.db, { firstBuildWaitMs: 60_000 });
  await search.warmUp();
});
afterAll(async () => {
  await search?.close();
  await database?.close();
});

describe('submitting', () => {
  it('stores a valid JSON notice, vocabulary codes turned into concept URIs', async () => {
    const result = await submitNotice(database.db, publisher.actor, producer.id, fields('rv-1'), 'json');
    expect(result).toMatchObject({ status: 'accepted', errors: [] });
    const review = await getNoticeReview(database.db, expert.actor, result.notice!, settings);
    expect(review.fields.disciplines).toEqual([`${CONCEPT}scolomfr-voc-015-num-069`]);
    expect(review.checklist.every((check) => check.passed)).toBe(true);
    expect(review.notice.status).toBe('submitted');
  });

  it('rejects bad values with located French errors and stores nothing', async () => {
    const before = await database.db
      .selectFrom('notices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const result = await submitNotice(
      database.db,
      publisher.actor,
      producer.id,
      fields('rv-bad', {
        levels: ['http://example.org/not-a-level'],
        updatedOn: '2026-02-30',
        offers: [{ label: 'x', priceCents: -5, licenceKind: 'class' }],
      }),
      'json',
    );
    expect(result.status).toBe('rejected');
    expect(result.errors.map((error) => error.path)).toEqual(
      expect.arrayContaining(['/updatedOn', '/offers/0/priceCents']),
    );
    expect(result.errors.find((error) => error.path === '/updatedOn')!.message).toBe(
      'Cette date n’existe pas.',
    );
    const vocabulary = await submitNotice(
      database.db,
      publisher.actor,
      producer.id,
      fields('rv-bad', { levels: ['http://example.org/not-a-level'] }),
      'json',
    );
    expect(vocabulary.errors).toEqual([
      expect.objectContaining({ path: '/levels/0', rule: 'vocabulary.value' }),
    ]);
    const absurd = await submitNotice(
      database.db,
      publisher.actor,
      producer.id,
      fields('rv-bad', { offers: [{ label: 'x', priceCents: 900_000_000, licenceKind: 'class' }] }),
      'json',
    );
    expect(absurd.errors[0]!.message).toContain('100 000 €');
    const after = await database.db
      .selectFrom('notices')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses to submit for another producer', async () => {
    await expect(
      submitNotice(database.db, rival.actor, producer.id, fields('rv-x'), 'json'),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('deciding', () => {
  it('accepts: the resource is published with its offer and searchable at once', async () => {
    const { notice } = await submitNotice(
      database.db,
      publisher.actor,
      producer.id,
      fields('rv-acc', { title: 'Zyxwvolcanologie interactive' }),
      'json',
    );
    expect(await searchCount('zyxwvolcanologie')).toBe(0);
    const decided = await decideNotice(database.db, expert.actor, notice!, {
      decision: 'accept',
      reasons: [],
    });
    expect(decided.status).toBe('accepted');
    const resource = await database.db
      .selectFrom('resources')
      .select(['id', 'identifier', 'levels', 'disciplines', 'lowest_price_cents', 'origin', 'withdrawn_at'])
      .where('id', '=', decided.resourceId!)
      .executeTakeFirstOrThrow();
    expect(resource).toMatchObject({
      identifier: 'rv-acc',
      levels: ['scolomfr-voc-022-num-021'],
      disciplines: ['scolomfr-voc-015-num-069'],
      lowest_price_cents: 12_000,
      origin: 'publisher',
      withdrawn_at: null,
    });
    expect(await searchCount('zyxwvolcanologie')).toBe(1);

    // A second decision on the same version is refused: it is no longer pending.
    await expect(
      decideNotice(database.db, expert.actor, notice!, {
        decision: 'refuse',
        reasons: [{ criterion: 'demo', message: 'x' }],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });

    // Version 2 changes the price: the expert sees what changed; accepting keeps the old offer closed.
    await submitNotice(
      database.db,
      publisher.actor,
      producer.id,
      fields('rv-acc', {
        title: 'Zyxwvolcanologie interactive',
        offers: [
          {
            label: 'Licence établissement 1 an',
            priceCents: 9_000,
            licenceKind: 'establishment',
            durationMonths: 12,
          },
        ],
      }),
      'json',
    );
    const review = await getNoticeReview(database.db, expert.actor, notice!, settings);
    expect(review.notice.current_version).toBe(2);
    expect(review.changes.map((change) => change.field)).toEqual(['offers']);
    await decideNotice(database.db, expert.actor, notice!, { decision: 'accept', reasons: [] });
    const offers = await database.db
      .selectFrom('offers as o')
      .innerJoin('offer_resources as l', 'l.offer_id', 'o.id')
      .select(['o.price_cents', 'o.valid_until'])
      .where('l.resource_id', '=', decided.resourceId!)
      .orderBy('o.id')
      .execute();
    expect(offers.map((offer) => [offer.price_cents, offer.valid_until !== null])).toEqual([
      [12_000, true],
      [9_000, false],
    ]);

    // Withdrawn by the publisher: out of search at once, the resource row and its offers stay.
    await withdrawNotice(database.db, publisher.actor, notice!);
    expect(await searchCount('zyxwvolcanologie')).toBe(0);
    const kept = await database.db
      .selectFrom('resources')
      .select('withdrawn_at')
      .where('id', '=', decided.resourceId!)
      .executeTakeFirstOrThrow();
    expect(kept.withdrawn_at).not.toBeNull();
    const closed = await database.db
      .selectFrom('offers as o')
      .innerJoin('offer_resources as l', 'l.offer_id', 'o.id')
      .select('o.valid_until')
      .where('l.resource_id', '=', decided.resourceId!)
      .execute();
    expect(
      closed.every((offer) => offer.valid_until !== null && String(offer.valid_until) < todayInFrance()),
    ).toBe(true);
  });

  it('refusing or asking for changes needs reasons; the publisher is notified with them', async () => {
    const { notice } = await submitNotice(
      database.db,
      publisher.actor,
      producer.id,
      fields('rv-ref', { demoUrl: undefined }),
      'json',
    );
    const review = await getNoticeReview(database.db, expert.actor, notice!, settings);
    expect(review.checklist.find((check) => check.criterion === 'demo')).toMatchObject({ passed: false });
    await decideNotice(database.db, expert.actor, notice!, {
      decision: 'request-changes',
      reasons: [{ criterion: 'demo', message: 'Ajoutez un lien vers un spécimen.' }],
    });
    const seen = await getNoticeReview(database.db, publisher.actor, notice!, settings);
    expect(seen.notice.status).toBe('changes_requested');
    expect(seen.decisions[0]!.reasons).toEqual([
      { criterion: 'demo', message: 'Ajoutez un lien vers un spécimen.' },
    ]);
    const notifications = await database.db
      .selectFrom('notifications')
      .select('body')
      .where('user_id', '=', publisher.id)
      .execute();
    expect(notifications.map((row) => row.body)).toContain('• Ajoutez un lien vers un spécimen.');
  });

  it('only experts decide; other producers and teachers cannot read the notice', async () => {
    const { notice } = await submitNotice(
      database.db,
      publisher.actor,
      producer.id,
      fields('rv-auth'),
      'json',
    );
    await expect(
      decideNotice(database.db, publisher.actor, notice!, { decision: 'accept', reasons: [] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    for (const outsider of [rival, teacher]) {
      await expect(getNoticeReview(database.db, outsider.actor, notice!, settings)).rejects.toBeInstanceOf(
        AppError,
      );
    }
    await expect(listNoticesFor(database.db, teacher.actor, { page: 1, pageSize: 10 })).rejects.toMatchObject(
      { code: 'FORBIDDEN' },
    );
    const own = await listNoticesFor(database.db, rival.actor, { page: 1, pageSize: 50 });
    expect(own.notices.every((row) => row.producerId === otherProducer.id)).toBe(true);
  });
});

describe('duplicates and statistics', () => {
  it('flags the same title with a level in common, from another producer', async () => {
    const first = await submitNotice(
      database.db,
      publisher.actor,
      producer.id,
      fields('dup-a', { title: 'Le grand atlas' }),
      'json',
    );
    const second = await submitNotice(
      database.db,
      rival.actor,
      otherProducer.id,
      fields('dup-b', { title: 'LE GRAND ATLAS' }),
      'json',
    );
    const review = await getNoticeReview(database.db, expert.actor, second.notice!, settings);
    expect(review.duplicates).toEqual([
      expect.objectContaining({ id: first.notice, reason: 'title-and-level' }),
    ]);
    const queue = await listNoticesFor(database.db, expert.actor, {
      status: 'submitted',
      page: 1,
      pageSize: 100,
    });
    expect(queue.notices.find((row) => row.id === second.notice)!.possibleDuplicates).toBe(1);
    // Filtering on cycle 4 finds the notices tagged with one of its classes (4e here); cycle 3 does not.
    const cycle4 = await listNoticesFor(database.db, expert.actor, {
      level: 'scolomfr-voc-022-num-621',
      page: 1,
      pageSize: 100,
    });
    expect(cycle4.notices.map((row) => row.id)).toContain(second.notice);
    const cycle3 = await listNoticesFor(database.db, expert.actor, {
      level: 'scolomfr-voc-022-num-620',
      page: 1,
      pageSize: 100,
    });
    expect(cycle3.notices.map((row) => row.id)).not.toContain(second.notice);
  });

  it('counts notices per status with the time to a decision', async () => {
    const rows = await noticeStatistics(database.db, 'producer');
    const row = rows.find((candidate) => candidate.submitted + candidate.accepted + candidate.withdrawn > 0)!;
    expect(row.total).toBe(
      row.submitted + row.accepted + row.refused + row.changes_requested + row.withdrawn,
    );
    const byLevel = await noticeStatistics(database.db, 'level');
    expect(byLevel.find((candidate) => candidate.label === '4e')).toBeDefined();
    const decided = rows.filter((candidate) => candidate.median_hours !== null);
    expect(decided.length).toBeGreaterThan(0);
    expect(decided[0]!.p90_hours!).toBeGreaterThanOrEqual(decided[0]!.median_hours!);
  });
});
