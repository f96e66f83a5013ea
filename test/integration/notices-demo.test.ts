// The demo's notices: every state of the workflow is there on first start, through the real use cases,
// so the publisher's list, the experts' queue and the statistics show something; accepted notices are
// resources of the catalogue, the withdrawn one is not searchable.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoWorkspace } from '../../src/demo/workspace.js';
import { noticeStatistics } from '../../src/modules/notices/notice-review.service.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoWorkspace(database.db);
});
afterAll(async () => {
  await database?.close();
});

it('seeds notices in every status, with a resubmitted one and decision times', async () => {
  const rows = await database.db
    .selectFrom('notices')
    .select(['identifier', 'status', 'current_version', 'resource_id', 'decided_at', 'submitted_at'])
    .orderBy('id')
    .execute();
  const count = (status: string) => rows.filter((row) => row.status === status).length;
  expect([
    count('submitted'),
    count('accepted'),
    count('refused'),
    count('changes_requested'),
    count('withdrawn'),
  ]).toEqual([5, 3, 1, 1, 1]);
  expect(rows.find((row) => row.identifier === 'demo-notice-fractions')!.current_version).toBe(2);
  const accepted = rows.filter((row) => row.status === 'accepted');
  const resources = await database.db
    .selectFrom('resources')
    .select(['identifier', 'withdrawn_at'])
    .where(
      'id',
      'in',
      accepted.map((row) => row.resource_id!),
    )
    .execute();
  expect(resources).toHaveLength(3);
  expect(resources.every((resource) => resource.withdrawn_at === null)).toBe(true);
  const withdrawn = rows.find((row) => row.status === 'withdrawn')!;
  const gone = await database.db
    .selectFrom('resources')
    .select('withdrawn_at')
    .where('id', '=', withdrawn.resource_id!)
    .executeTakeFirstOrThrow();
  expect(gone.withdrawn_at).not.toBeNull();
  const [producer] = await noticeStatistics(database.db, 'producer');
  expect(producer!.total).toBe(11);
  // Decided after 2 to 21 days: the median is a few days, in hours.
  expect(producer!.median_hours! / 24).toBeGreaterThanOrEqual(2);
  expect(producer!.p90_hours! / 24).toBeLessThanOrEqual(21);
});
