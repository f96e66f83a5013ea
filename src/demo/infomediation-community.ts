// Demo data of the teachers' community: usage scenarios (one copied and adapted, crediting the
// original), teachers' own resources (one accepted into the catalogue, one waiting for moderation) and
// votes on the demo establishment's proposals, so a newcomer sees each of them at once. Written with
// the modules' own use cases, as the people of the demo accounts.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Actor, Role } from '../modules/accounts/actor.js';
import { voteForProposal } from '../modules/orders/proposal-votes.service.js';
import { proposeResource } from '../modules/orders/proposals.service.js';
import { copyScenario, createScenario, updateScenario } from '../modules/scenarios/scenarios.service.js';
import { LocalFileStorage } from '../modules/teacher-resources/file-storage.js';
import {
  decideTeacherResource,
  submitTeacherResource,
} from '../modules/teacher-resources/teacher-resources.service.js';
import { todayInFrance } from '../shared/clock.js';

type Db = Kysely<Database>;

/** The demo person of an email, as the use cases see a signed-in actor. */
async function actorOf(db: Db, email: string): Promise<Actor> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const grants = await db
    .selectFrom('role_assignments')
    .select(['role', 'establishment_id', 'academy_id', 'producer_id'])
    .where('user_id', '=', user.id)
    .execute();
  return {
    userId: user.id,
    email: user.email,
    displayName: user.display_name,
    grants: grants.map((grant) => ({
      role: grant.role as Role,
      establishmentId: grant.establishment_id,
      academyId: grant.academy_id,
      producerId: grant.producer_id,
    })),
    csrfToken: '',
  };
}

export async function seedInfomediationCommunity(
  db: Db,
  options: {
    emails: Record<'teacher' | 'referent' | 'librarian' | 'head' | 'expert', string>;
    uai: string;
    publicUrl: string;
  },
): Promise<void> {
  const teacher = await actorOf(db, options.emails.teacher);
  const referent = await actorOf(db, options.emails.referent);
  const librarian = await actorOf(db, options.emails.librarian);
  const head = await actorOf(db, options.emails.head);
  const expert = await actorOf(db, options.emails.expert);
  const today = todayInFrance();
  const paid = await db
    .selectFrom('offers as o')
    .innerJoin('offer_resources as l', 'l.offer_id', 'o.id')
    .innerJoin('resources as r', 'r.id', 'l.resource_id')
    .select(['o.id as offer', 'r.id as resource', 'o.licence_kind'])
    .where('o.price_cents', '>', 0)
    .where('o.price_cents', '<=', 30_000)
    .where(sql<boolean>`cardinality(o.eligibility) = 0`)
    .where('o.valid_from', '<=', today)
    .where((eb) => eb.or([eb('o.valid_until', 'is', null), eb('o.valid_until', '>=', today)]))
    .where('r.withdrawn_at', 'is', null)
    .orderBy('o.id', 'desc')
    .limit(40)
    .execute();
  const free = await db
    .selectFrom('resources')
    .select(['id'])
    .where('cost', '=', 'no')
    .where('withdrawn_at', 'is', null)
    .orderBy('id')
    .limit(3)
    .execute();

  // Scenarios: one written by the teacher, copied and adapted by the referent.
  const steps = [
    {
      resource: free[0]?.id ?? paid[0]!.resource,
      instruction: 'Découvrir le sujet en classe entière, au tableau.',
    },
    {
      resource: paid[0]?.resource ?? free[1]!.id,
      instruction: 'Par binômes, faire les exercices de la séance.',
    },
    {
      resource: free[1]?.id ?? paid[1]!.resource,
      instruction: 'Synthèse : chaque binôme présente une réponse.',
    },
  ];
  const original = await createScenario(db, teacher, {
    title: 'Découvrir les sources d’énergie en cycle 4',
    objectives:
      'Distinguer les sources d’énergie renouvelables et non renouvelables.\n\nArgumenter à l’oral à partir de documents.',
    level: 'scolomfr-voc-022-num-621',
    discipline: 'scolomfr-voc-015-num-061',
    durationMinutes: 110,
    steps,
  });
  await createScenario(db, librarian, {
    title: 'Chercher et citer ses sources au CDI',
    objectives: 'Interroger le catalogue, trier les résultats, citer une ressource.',
    level: 'scolomfr-voc-022-num-018',
    discipline: 'scolomfr-voc-015-num-022',
    durationMinutes: 55,
    steps: steps.slice(0, 2),
  });
  const copy = await copyScenario(db, referent, original);
  await updateScenario(db, referent, copy, {
    title: 'Sources d’énergie : version courte pour la 4e',
    objectives: 'Distinguer les sources d’énergie renouvelables et non renouvelables, en une séance.',
    level: 'scolomfr-voc-022-num-021',
    discipline: 'scolomfr-voc-015-num-061',
    durationMinutes: 55,
    steps: steps.slice(0, 2),
  });

  // Teachers' resources, as links (the demo writes no file): one accepted, one waiting.
  const storage = new LocalFileStorage('./uploads');
  const common = {
    keywords: ['frise', 'révolution française'],
    languages: ['fr'],
    levels: ['scolomfr-voc-022-num-021'],
    disciplines: ['scolomfr-voc-015-num-042'],
    types: ['scolomfr-voc-010-num-027'],
  };
  const accepted = await submitTeacherResource(
    db,
    storage,
    teacher,
    {
      ...common,
      title: 'Frise chronologique de la Révolution française à compléter',
      description: 'Une frise à imprimer et compléter en classe, avec sa correction.',
      licence: 'cc-by-sa',
    },
    { kind: 'link', url: 'https://mutualisation.example/frise-revolution' },
  );
  await decideTeacherResource(db, expert, accepted, { decision: 'accept' }, { publicUrl: options.publicUrl });
  await submitTeacherResource(
    db,
    storage,
    referent,
    {
      ...common,
      title: 'Carte mentale des causes de la Révolution',
      description: 'Une carte mentale à projeter pour réviser.',
      licence: 'cc-by',
    },
    { kind: 'link', url: 'https://mutualisation.example/carte-mentale' },
  );

  // Proposals of three colleagues, and votes for the others' ones.
  const proposers = [teacher, referent, librarian];
  const proposals: { id: number; by: Actor }[] = [];
  const used = new Set<number>();
  for (const proposer of proposers) {
    const choice = paid.find((row) => !used.has(row.resource));
    if (!choice) break;
    used.add(choice.resource);
    await proposeResource(db, proposer, options.uai, {
      resource: choice.resource,
      offer: choice.offer,
      seats: 1,
      note: '',
    });
    const row = await db
      .selectFrom('proposals')
      .select('id')
      .where('proposed_by', '=', proposer.userId)
      .where('resource_id', '=', choice.resource)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    proposals.push({ id: row.id, by: proposer });
  }
  const votes: [Actor, number][] = [
    [teacher, 1],
    [librarian, 1],
    [head, 1],
    [referent, 0],
    [head, 0],
    [teacher, 2],
  ];
  for (const [voter, index] of votes) {
    const proposal = proposals[index];
    if (proposal && proposal.by.userId !== voter.userId) {
      await voteForProposal(db, voter, options.uai, proposal.id);
    }
  }
}
