// Demo funding, built with the funding module's rules and repository: the 30 academies, about 2,000
// establishments with valid UAIs, and the campaign "Plan 2026, phase 1" open with allocations set by
// the 2012 rules (500 € per école, 1,000–2,500 € per EPLE by type and pupils) and one pooled network.
// Deterministic (xoroshiro128+).
import type { Kysely } from 'kysely';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Database } from '../db/schema.js';
import { publishPlan } from '../modules/funding/publication.service.js';
import { allocationFor, defaultRules, type EstablishmentType } from '../modules/funding/campaign-rules.js';
import {
  insertCampaign,
  insertCampaignAcademies,
  listAcademyEstablishments,
  updateCampaignAcademy,
} from '../modules/funding/funding.repository.js';
import { headMailbox } from '../modules/funding/invite-head.js';
import { academyReferences, seedReferenceData } from '../modules/funding/reference-data.js';
import { splitEnvelope } from '../modules/funding/split.js';
import { makeUai } from '../modules/funding/uai.js';

export const DEMO_CAMPAIGN_NAME = 'Plan 2026, phase 1';
export const DEMO_POOL_NAME = 'Réseau des écoles rurales du Vaucluse';

export interface DemoFunding {
  campaignId: number;
  academyId: number;
  academyCode: string;
  /** A collège of Aix-Marseille with its own drawing right: the demo head's establishment. */
  establishmentId: number;
  establishmentUai: string;
  /** Functional mailbox of its head (ce.<uai>@ac-aix-marseille.fr): the demo head account's email. */
  headEmail: string;
  establishments: number;
}

const patrons = [
  'Jean-Jaurès',
  'Victor-Hugo',
  'Jules-Ferry',
  'Marie-Curie',
  'Jean-Moulin',
  'Louise-Michel',
  'Pasteur',
  'Paul-Éluard',
  'Simone-Veil',
  'Albert-Camus',
  'George-Sand',
  'Jacques-Prévert',
  'Condorcet',
  'Émile-Zola',
  'Colette',
  'Frédéric-Mistral',
  'Marcel-Pagnol',
  'Aimé-Césaire',
  'Olympe-de-Gouges',
  'Antoine-de-Saint-Exupéry',
];
const typeNames: Record<EstablishmentType, string> = {
  ecole: 'École élémentaire',
  college: 'Collège',
  lgt: 'Lycée',
  lp: 'Lycée professionnel',
  lpo: 'Lycée polyvalent',
  erea: 'EREA',
};

/** A plausible postcode of the department: '13' → '13000', '2A' → '20000', '971' → '97100'. */
function postcodeOf(department: string): string {
  if (/^2[AB]$/.test(department)) return '20000';
  return department.length === 3 ? `${department}00` : `${department}000`;
}

/**
 * Address and contact of the i-th demo establishment, derived from its position (the random sequence
 * stays as it was): what the publishers' pages and exports show for invoicing.
 */
function contactOf(
  i: number,
  patron: string,
  uai: string,
  department: { code: string; name: string },
  academyCode: string,
) {
  const two = (n: number) => String(n % 100).padStart(2, '0');
  return {
    address: `${(i % 97) + 1} rue ${patron}, ${postcodeOf(department.code)} ${department.name}`,
    contact_email: headMailbox(uai, academyCode),
    contact_phone: `0${(i % 5) + 1} ${two(i * 7 + 11)} ${two(i * 3 + 40)} ${two(i)} ${two(i * 13 + 5)}`,
  };
}

function pickType(roll: number): EstablishmentType {
  if (roll < 58) return 'ecole';
  if (roll < 83) return 'college';
  if (roll < 92) return 'lgt';
  if (roll < 97) return 'lp';
  if (roll < 99) return 'lpo';
  return 'erea';
}

const pupilRange: Record<EstablishmentType, [number, number]> = {
  ecole: [40, 350],
  college: [180, 950],
  lgt: [500, 2200],
  lp: [150, 900],
  lpo: [600, 2000],
  erea: [60, 250],
};

export async function seedDemoFunding(
  db: Kysely<Database>,
  options: { establishments?: number; seed?: number } = {},
): Promise<DemoFunding> {
  await seedReferenceData(db);
  const academies = await db.selectFrom('academies').select(['id', 'code']).execute();
  const academyIdByCode = new Map(academies.map((a) => [a.code, a.id]));
  const aixId = academyIdByCode.get('aix-marseille')!;
  const existing = await db
    .selectFrom('campaigns')
    .select('id')
    .where('name', '=', DEMO_CAMPAIGN_NAME)
    .executeTakeFirst();
  if (!existing) {
    const rng = xoroshiro128plus(options.seed ?? 2012);
    const int = (min: number, max: number) => uniformInt(rng, min, max);
    const total = options.establishments ?? 2000;
    const departments = academyReferences.flatMap((academy) =>
      academy.departments.map(([code, name]) => ({ code, name, academyCode: academy.code })),
    );
    const rows = [];
    for (let i = 0; i < total; i++) {
      const department = departments[i % departments.length]!;
      const type = pickType(int(0, 99));
      const [min, max] = pupilRange[type];
      const patron = patrons[int(0, patrons.length - 1)]!;
      const uai = makeUai(department.code, 100 + Math.floor(i / departments.length));
      rows.push({
        uai,
        name: `${typeNames[type]} ${patron}`,
        type,
        sector: int(0, 9) < 8 ? 'public' : 'private-contract',
        pupils: int(min, max),
        department_code: department.code,
        academy_id: academyIdByCode.get(department.academyCode)!,
        // Écoles of the Vaucluse form the pooled rural network of the demo.
        network: department.code === '84' && type === 'ecole' ? DEMO_POOL_NAME : null,
        ...contactOf(i, patron, uai, department, department.academyCode),
      });
    }
    // The demo head's establishment: a public collège of Bouches-du-Rhône, known UAI.
    rows.push({
      uai: makeUai('13', 9001),
      name: 'Collège Marcel-Pagnol',
      type: 'college',
      sector: 'public',
      pupils: 620,
      department_code: '13',
      academy_id: aixId,
      network: null,
      address: '12 boulevard Marcel-Pagnol, 13011 Marseille',
      contact_email: headMailbox(makeUai('13', 9001), 'aix-marseille'),
      contact_phone: '04 91 00 12 34',
    });
    for (let i = 0; i < rows.length; i += 1000) {
      await db
        .insertInto('establishments')
        .values(rows.slice(i, i + 1000))
        .onConflict((oc) => oc.column('uai').doNothing())
        .execute();
    }

    const rules = defaultRules();
    await db.transaction().execute(async (trx) => {
      const campaignId = await insertCampaign(trx, {
        name: DEMO_CAMPAIGN_NAME,
        envelopeCents: 250_000_000,
        rules,
        orderingDeadline: '2027-07-10',
        remainderPolicy: 'return-to-academy',
      });
      await insertCampaignAcademies(
        trx,
        campaignId,
        academies.map((a) => a.id),
      );
      const counts = await trx
        .selectFrom('establishments')
        .select([
          'academy_id',
          (eb) => eb.fn.countAll<number>().as('n'),
          (eb) => eb.fn.sum<number>('pupils').as('p'),
        ])
        .groupBy('academy_id')
        .execute();
      const byAcademy = new Map(counts.map((c) => [c.academy_id, c]));
      const shares = splitEnvelope(
        250_000_000,
        academies.map((a) => ({
          academyId: a.id,
          code: a.code,
          name: a.code,
          establishments: Number(byAcademy.get(a.id)?.n ?? 0),
          pupils: Number(byAcademy.get(a.id)?.p ?? 0),
        })),
        { establishments: 50, pupils: 50 },
      );
      for (const share of shares) {
        const establishments = await listAcademyEstablishments(trx, share.academyId);
        // 2012: EPLE first (80 % coverage expected), then écoles while the share lasts.
        const ordered = [...establishments].sort(
          (a, b) => Number(a.type === 'ecole') - Number(b.type === 'ecole') || (a.uai < b.uai ? -1 : 1),
        );
        let left = share.shareCents;
        const beneficiaryIds: number[] = [];
        for (const e of ordered) {
          const rule = allocationFor(rules, e);
          if (rule.eligible && rule.amountCents <= left) {
            beneficiaryIds.push(e.id);
            left -= rule.amountCents;
          }
        }
        const networkIds = establishments.filter((e) => e.network === DEMO_POOL_NAME).map((e) => e.id);
        await updateCampaignAcademy(trx, campaignId, share.academyId, {
          shareCents: share.shareCents,
          explanation: {
            split: {
              weights: { establishments: 50, pupils: 50 },
              text: share.explanation,
              exactCents: share.exactCents,
            },
            plan: {
              beneficiaryIds,
              modulations: {},
              pools: networkIds.length > 1 ? [{ name: DEMO_POOL_NAME, memberIds: networkIds }] : [],
            },
          },
        });
        if (beneficiaryIds.length > 0) {
          await publishPlan(trx, null, campaignId, share.academyId, { inviteHeads: false });
        }
      }
    });
  }
  const campaign = await db
    .selectFrom('campaigns')
    .select('id')
    .where('name', '=', DEMO_CAMPAIGN_NAME)
    .executeTakeFirstOrThrow();
  const demo = await db
    .selectFrom('establishments')
    .select(['id', 'uai'])
    .where('uai', '=', makeUai('13', 9001))
    .executeTakeFirstOrThrow();
  const count = await db
    .selectFrom('establishments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    campaignId: campaign.id,
    academyId: aixId,
    academyCode: 'aix-marseille',
    establishmentId: demo.id,
    establishmentUai: demo.uai,
    headEmail: headMailbox(demo.uai, 'aix-marseille'),
    establishments: Number(count.n),
  };
}
