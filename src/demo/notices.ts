// Demo notices in every state of the workflow, submitted and decided through the real use cases, so
// the publisher's list, the experts' queue (with a resubmitted notice, a probable duplicate and a
// notice waiting for weeks) and the workflow statistics show something on first start. Accepted ones
// are in the catalogue like any resource.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Actor } from '../modules/accounts/actor.js';
import type { NoticeFieldsInput } from '../modules/notices/notice-fields.js';
import {
  decideNotice,
  submitNotice,
  withdrawNotice,
  type DecisionInput,
} from '../modules/notices/notice-review.service.js';
import { setNoticeTimes } from '../modules/notices/notices.repository.js';

const CONCEPT = 'http://data.education.fr/voc/scolomfr/concept/';

interface DemoNotice {
  fields: NoticeFieldsInput;
  /** A second version, resubmitted after the first decision (or while pending). */
  then?: Partial<NoticeFieldsInput>;
  decision?: DecisionInput;
  withdraw?: boolean;
  /** Days ago it was submitted, and days it waited for its decision. */
  daysAgo: number;
  waited?: number;
}

const base = (
  identifier: string,
  title: string,
  change: Partial<NoticeFieldsInput> = {},
): NoticeFieldsInput => ({
  identifier,
  title,
  description: `${title} : une ressource numérique pour la classe, avec des activités guidées et des corrigés.`,
  keywords: ['démo'],
  levels: ['scolomfr-voc-022-num-021'],
  disciplines: ['scolomfr-voc-015-num-054'],
  types: ['exercise'],
  formats: ['scolomfr-voc-046-num-001'],
  devices: ['computer', 'tablet'],
  cost: 'yes',
  licence: 'proprietary',
  updatedOn: '2026-08-28',
  technicalRequirements: 'Navigateur récent, connexion internet',
  demoUrl: 'https://ressources.example.fr/demo',
  offers: [{ label: 'Licence classe 1 an', priceCents: 4_900, licenceKind: 'class', durationMonths: 12 }],
  ...change,
});

const demoNotices: DemoNotice[] = [
  { fields: base('demo-notice-geometrie-4e', 'Géométrie dynamique 4e'), daysAgo: 2 },
  {
    fields: base('demo-notice-fractions', 'Les fractions en jeux', {
      levels: ['scolomfr-voc-022-num-014', 'scolomfr-voc-022-num-015'],
      disciplines: ['scolomfr-voc-015-num-054'],
      types: ['scolomfr-voc-010-num-013'],
    }),
    then: { demoUrl: 'https://ressources.example.fr/fractions/specimen', updatedOn: '2026-11-02' },
    daysAgo: 9,
  },
  {
    fields: base('demo-notice-philo-cm1', 'Initiation à la philosophie', {
      levels: ['scolomfr-voc-022-num-014'],
      disciplines: ['scolomfr-voc-015-num-059'],
      demoUrl: undefined,
    }),
    daysAgo: 40,
  },
  {
    fields: base('demo-notice-anglais-oral', 'Anglais : oral en autonomie', {
      levels: ['scolomfr-voc-022-num-018'],
      disciplines: ['scolomfr-voc-015-num-087'],
      types: [`${CONCEPT}scolomfr-voc-010-num-001`],
    }),
    daysAgo: 5,
  },
  {
    fields: base('demo-notice-anglais-oral-bis', 'Anglais : oral en autonomie', {
      levels: ['scolomfr-voc-022-num-018'],
      disciplines: ['scolomfr-voc-015-num-087'],
    }),
    daysAgo: 1,
  },
  {
    fields: base('demo-notice-svt-volcans', 'Volcans et séismes en 3D', {
      disciplines: ['scolomfr-voc-015-num-069'],
      types: ['simulation'],
    }),
    decision: { decision: 'accept', reasons: [] },
    daysAgo: 30,
    waited: 4,
  },
  {
    fields: base('demo-notice-histoire-carto', 'Cartographie historique interactive', {
      levels: ['scolomfr-voc-022-num-023'],
      disciplines: ['scolomfr-voc-015-num-042'],
      cost: 'no',
      licence: 'cc-by-sa',
      offers: [],
    }),
    decision: { decision: 'accept', reasons: [] },
    daysAgo: 60,
    waited: 12,
  },
  {
    fields: base('demo-notice-espagnol-podcasts', 'Podcasts en espagnol', {
      levels: ['scolomfr-voc-022-num-136'],
      disciplines: ['scolomfr-voc-015-num-090'],
      types: ['lecture'],
    }),
    decision: { decision: 'accept', reasons: [] },
    daysAgo: 20,
    waited: 2,
  },
  {
    fields: base('demo-notice-ancien-cdrom', 'Encyclopédie sur cédérom', {
      updatedOn: '2009-03-01',
      devices: [],
      formats: [],
      technicalRequirements: '',
      types: ['scolomfr-voc-010-num-015'],
    }),
    decision: {
      decision: 'refuse',
      reasons: [
        { criterion: 'update-date', message: 'Le produit n’est plus mis à jour depuis 2009.' },
        { criterion: 'technical', message: 'Aucune compatibilité technique n’est déclarée.' },
      ],
    },
    daysAgo: 75,
    waited: 21,
  },
  {
    fields: base('demo-notice-sans-prix', 'Atelier d’écriture numérique', {
      disciplines: ['scolomfr-voc-015-num-035'],
      offers: [{ label: 'Licence établissement', priceCents: 0, licenceKind: 'establishment' }],
    }),
    decision: {
      decision: 'request-changes',
      reasons: [{ criterion: 'paid-offer', message: 'L’offre payante n’a pas de prix : indiquez-le.' }],
    },
    daysAgo: 15,
    waited: 6,
  },
  {
    fields: base('demo-notice-chimie-labo', 'Laboratoire de chimie virtuel', {
      levels: ['scolomfr-voc-022-num-123'],
      disciplines: ['scolomfr-voc-015-num-061'],
      types: ['simulation'],
    }),
    decision: { decision: 'accept', reasons: [] },
    withdraw: true,
    daysAgo: 90,
    waited: 9,
  },
];

/** Seeds the demo notices as the demo publisher's producer, decided by the demo expert. */
export async function seedDemoNotices(
  db: Kysely<Database>,
  people: { publisher: Actor; expert: Actor; producerId: number },
): Promise<void> {
  for (const demo of demoNotices) {
    const submitted = await submitNotice(db, people.publisher, people.producerId, demo.fields, 'form');
    if (submitted.status === 'rejected') {
      throw new Error(`Demo notice ${demo.fields.identifier}: ${JSON.stringify(submitted.errors)}`);
    }
    const id = submitted.notice!;
    if (demo.decision) await decideNotice(db, people.expert, id, demo.decision);
    if (demo.withdraw) await withdrawNotice(db, people.publisher, id);
    if (demo.then)
      await submitNotice(db, people.publisher, people.producerId, { ...demo.fields, ...demo.then }, 'form');
    // The history as it would have happened: submitted some days ago, decided after its wait.
    const day = 24 * 3600 * 1000;
    const submittedAt = new Date(Date.now() - demo.daysAgo * day);
    await setNoticeTimes(db, id, {
      submittedAt,
      decidedAt:
        demo.decision && !demo.then ? new Date(submittedAt.getTime() + (demo.waited ?? 1) * day) : null,
    });
  }
}
