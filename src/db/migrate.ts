// Runs the timestamped migrations in order. The list is explicit so bundlers and tsx need no file scan.
import { Migrator, type Kysely, type Migration } from 'kysely';
import * as catalogue from './migrations/2026-11-22T2130-catalogue.js';
import * as fundingOrders from './migrations/2026-11-22T2300-funding-orders.js';
import * as lookupIndexes from './migrations/2026-11-22T2320-lookup-indexes.js';
import * as subscriptionRenewal from './migrations/2026-12-02T0500-subscription-renewal.js';
import * as topUpRefund from './migrations/2026-12-02T0600-top-up-refund.js';
import * as emailDelivery from './migrations/2026-12-05T0300-email-delivery.js';
import * as proposalLifecycle from './migrations/2026-12-05T0500-proposal-lifecycle.js';
import * as establishmentContact from './migrations/2026-12-05T0600-establishment-contact.js';
import * as catalogueChanges from './migrations/2026-12-05T0700-catalogue-changes.js';
import * as offerVersions from './migrations/2026-12-05T0800-offer-versions.js';
import * as notices from './migrations/2026-12-05T0900-notices.js';
import * as noticeReview from './migrations/2026-12-05T1000-notice-review.js';
import * as oaiDatestamps from './migrations/2026-12-05T1100-oai-datestamps.js';
import * as harvestSources from './migrations/2026-12-05T1200-harvest-sources.js';
import * as harvestSchedule from './migrations/2026-12-05T1300-harvest-schedule.js';
import * as harvestSitemapSources from './migrations/2026-12-05T1310-harvest-sitemap-sources.js';
import * as orderStatistics from './migrations/2026-12-05T1400-order-statistics.js';
import * as reviewsAppraisals from './migrations/2026-12-05T1500-reviews-appraisals.js';
import * as scenariosTeacherResourcesVotes from './migrations/2026-12-05T1600-scenarios-teacher-resources-votes.js';
import * as resourceRanking from './migrations/2026-12-05T1700-resource-ranking.js';
import * as orderStatisticsYears from './migrations/2026-12-05T1800-order-statistics-years.js';
import * as orderStatisticsSpans from './migrations/2026-12-05T2100-order-statistics-spans.js';

const migrations: Record<string, Migration> = {
  '2026-11-22T2130-catalogue': catalogue,
  '2026-11-22T2300-funding-orders': fundingOrders,
  '2026-11-22T2320-lookup-indexes': lookupIndexes,
  '2026-12-02T0500-subscription-renewal': subscriptionRenewal,
  '2026-12-02T0600-top-up-refund': topUpRefund,
  '2026-12-05T0300-email-delivery': emailDelivery,
  '2026-12-05T0500-proposal-lifecycle': proposalLifecycle,
  '2026-12-05T0600-establishment-contact': establishmentContact,
  '2026-12-05T0700-catalogue-changes': catalogueChanges,
  '2026-12-05T0800-offer-versions': offerVersions,
  '2026-12-05T0900-notices': notices,
  '2026-12-05T1000-notice-review': noticeReview,
  '2026-12-05T1100-oai-datestamps': oaiDatestamps,
  '2026-12-05T1200-harvest-sources': harvestSources,
  '2026-12-05T1300-harvest-schedule': harvestSchedule,
  '2026-12-05T1310-harvest-sitemap-sources': harvestSitemapSources,
  '2026-12-05T1400-order-statistics': orderStatistics,
  '2026-12-05T1500-reviews-appraisals': reviewsAppraisals,
  '2026-12-05T1600-scenarios-teacher-resources-votes': scenariosTeacherResourcesVotes,
  '2026-12-05T1700-resource-ranking': resourceRanking,
  '2026-12-05T1800-order-statistics-years': orderStatisticsYears,
  '2026-12-05T2100-order-statistics-spans': orderStatisticsSpans,
};

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
