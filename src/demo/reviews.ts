// Demo reviews and appraisals, written through the real use cases so a newcomer sees every part of
// infomédiation on first start: on a resource the demo establishment ordered, teachers' reviews (one
// with the "utilisée en classe" badge from the order, one marked helpful), an inspector's appraisal
// awarding the RIP label with the publisher's right of reply, an expert's appraisal awaiting one; on
// another resource, a review flagged automatically (a link) and reported, waiting in the moderation
// queue of the academy staff and the national administration.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Actor, Role } from '../modules/accounts/actor.js';
import { publishAppraisal, replyToAppraisal } from '../modules/reviews/appraisals.service.js';
import { markReviewHelpful, reportReview, writeReview } from '../modules/reviews/reviews.service.js';

/** The actor of a demo account, with its grants as the session would load them. */
async function actorOf(db: Kysely<Database>, email: string): Promise<Actor> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const grants = await db
    .selectFrom('role_assignments')
    .select(['role', 'establishment_id', 'academy_id', 'producer_id'])
    .where('user_id', '=', user.id)
    .execute();
  return {
    userId: user.id,
    email,
    displayName: user.display_name,
    csrfToken: '',
    grants: grants.map((grant) => ({
      role: grant.role as Role,
      establishmentId: grant.establishment_id,
      academyId: grant.academy_id,
      producerId: grant.producer_id,
    })),
  };
}

/** A resource the establishment ordered (its producer's first), else the producer's first resource. */
async function orderedResource(db: Kysely<Database>, establishmentId: number, producerId: number) {
  const ordered = await db
    .selectFrom('order_lines as ol')
    .innerJoin('orders as o', 'o.id', 'ol.order_id')
    .innerJoin('offer_resources as link', 'link.offer_id', 'ol.offer_id')
    .innerJoin('resources as r', 'r.id', 'link.resource_id')
    .select(['r.identifier', 'r.producer_id'])
    .where('o.establishment_id', '=', establishmentId)
    .where('o.status', 'not in', ['draft', 'rejected', 'cancelled'])
    .where('r.withdrawn_at', 'is', null)
    .orderBy((eb) => eb.case().when('r.producer_id', '=', producerId).then(0).else(1).end())
    .orderBy('r.id')
    .executeTakeFirst();
  if (ordered) return ordered;
  return db
    .selectFrom('resources')
    .select(['identifier', 'producer_id'])
    .where('producer_id', '=', producerId)
    .where('withdrawn_at', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

export async function seedDemoReviews(
  db: Kysely<Database>,
  options: { emails: Partial<Record<Role, string>>; establishmentId: number },
): Promise<void> {
  const actor = async (role: Role) => actorOf(db, options.emails[role]!);
  const [teacher, referent, librarian, head, inspector, expert] = await Promise.all(
    (['teacher', 'digital-referent', 'librarian', 'head', 'inspector', 'expert'] as const).map(actor),
  );
  const publisher = await actor('publisher');
  const producerId = publisher.grants[0]!.producerId!;
  const main = await orderedResource(db, options.establishmentId, producerId);
  // The publisher answers for the resource's producer (it may be another one than its first).
  const replying: Actor = {
    ...publisher,
    grants: [
      ...publisher.grants,
      { role: 'publisher', establishmentId: null, academyId: null, producerId: main.producer_id },
    ],
  };

  const camille = await writeReview(db, teacher!, main.identifier, {
    rating: 5,
    body: 'Je l’utilise chaque semaine avec mes 4e : les animations rendent les notions concrètes et les élèves avancent à leur rythme. Le mode projection est très lisible au tableau.',
    level: 'scolomfr-voc-022-num-021',
    discipline: 'scolomfr-voc-015-num-069',
  });
  await writeReview(db, librarian!, main.identifier, {
    rating: 4,
    body: 'Utilisée au CDI pour des recherches en autonomie. Bonne prise en main, quelques pages lentes sur les tablettes anciennes.',
    level: 'scolomfr-voc-022-num-018',
    usedInClass: true,
  });
  await writeReview(db, referent!, main.identifier, {
    rating: 3,
    body: 'Contenu sérieux, mais l’export des résultats des élèves vers l’ENT manque encore.',
  });
  await markReviewHelpful(db, head!, camille.id);
  await markReviewHelpful(db, referent!, camille.id);

  const rip = await publishAppraisal(db, inspector!, main.identifier, {
    strengths: 'Conforme aux programmes du cycle 4, progression claire, animations scientifiquement exactes.',
    limits: 'Peu de différenciation pour les élèves en difficulté ; pas de version hors ligne.',
    recommendedUses:
      'En introduction de séquence, projeté en classe entière, puis en autonomie en salle informatique.',
    levels: ['scolomfr-voc-022-num-621'],
    rip: true,
  });
  await replyToAppraisal(
    db,
    replying,
    rip.id,
    'Merci pour cette expertise. Des parcours différenciés et une version hors ligne sont prévus pour la rentrée prochaine.',
  );
  await publishAppraisal(db, expert!, main.identifier, {
    strengths: 'Notice complète, accessibilité décrite, démonstration en ligne.',
    limits: 'La licence multiposte est chère pour une petite école.',
    recommendedUses: 'Pour les établissements qui équipent une salle entière.',
    levels: [],
    rip: false,
  });

  // A second resource: a review with a link, flagged automatically, then reported.
  const other = await db
    .selectFrom('resources')
    .select('identifier')
    .where('withdrawn_at', 'is', null)
    .where('identifier', '!=', main.identifier)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const flagged = await writeReview(db, referent!, other.identifier, {
    rating: 1,
    body: 'Bien moins bien que ce qu’on trouve gratuitement sur www.exemple-promo.com, allez voir là-bas.',
  });
  await reportReview(db, teacher!, flagged.id, 'Publicité pour un autre site.');
  await writeReview(db, teacher!, other.identifier, {
    rating: 4,
    body: 'Des fiches simples et efficaces pour la remédiation en français, appréciées des élèves.',
    discipline: 'scolomfr-voc-015-num-035',
  });
}
