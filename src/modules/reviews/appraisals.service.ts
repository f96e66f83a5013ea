// Use cases of institutional appraisals: inspectors and experts publish signed appraisals (and may
// award the RIP label with one); the publisher of the resource's producer answers each one once.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { clock, todayInFrance } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { audit, notifyUser } from '../notifications/notifications.repository.js';
import { appraiserRole, canAppraise, canReplyToAppraisal, replyingProducerIds } from './reviews.policy.js';
import {
  academyName,
  findAppraisal,
  hasAppraisalBy,
  insertAppraisal,
  insertAppraisalReply,
  listAppraisalsByAuthor,
  listAppraisalsOfProducers,
} from './reviews.repository.js';
import type { AppraisalInput } from './reviews.schema.js';
import { resourceOf } from './reviews.service.js';

type Db = Kysely<Database>;

export const APPRAISE_REFUSED = 'Seuls les inspecteurs et les experts publient des avis institutionnels.';
export const REPLY_REFUSED =
  'Seul l’éditeur de la ressource peut répondre aux avis institutionnels qui la concernent.';

const appraisalNotFound = () => new AppError('NOT_FOUND', 'Cet avis institutionnel n’existe pas.');

const roleSignature = { inspector: 'inspection pédagogique', expert: 'expert' } as const;

/** "Paul Fontaine, inspection pédagogique, académie de Rennes": who signs, as written that day. */
async function signatureOf(db: Db, actor: Actor, role: 'inspector' | 'expert'): Promise<string> {
  const academyId = actor.grants.find((grant) => grant.role === role && grant.academyId !== null)?.academyId;
  const academy = academyId ? await academyName(db, academyId) : undefined;
  return [actor.displayName, roleSignature[role], academy ? `académie de ${academy}` : undefined]
    .filter(Boolean)
    .join(', ');
}

/** The resource page's "Rédiger un avis institutionnel" form needs this first. */
export async function appraisalContext(db: Db, actor: Actor, reference: string) {
  const role = appraiserRole(actor);
  authorize(role !== undefined, APPRAISE_REFUSED);
  const resource = await resourceOf(db, reference);
  return {
    resource,
    alreadyAppraised: await hasAppraisalBy(db, resource.id, actor.userId),
    signature: await signatureOf(db, actor, role!),
  };
}

export async function publishAppraisal(db: Db, actor: Actor, reference: string, input: AppraisalInput) {
  const role = appraiserRole(actor);
  authorize(role !== undefined, APPRAISE_REFUSED);
  const resource = await resourceOf(db, reference);
  if (resource.withdrawn_at !== null)
    throw new AppError(
      'CONFLICT',
      'Cette ressource a été retirée du catalogue : elle ne peut plus recevoir d’avis institutionnel.',
    );
  const now = clock.now();
  const signature = await signatureOf(db, actor, role!);
  const id = await db.transaction().execute(async (trx) => {
    if (await hasAppraisalBy(trx, resource.id, actor.userId))
      throw new AppError('CONFLICT', 'Vous avez déjà publié un avis institutionnel sur cette ressource.');
    const appraisalId = await insertAppraisal(trx, {
      resource_id: resource.id,
      author_id: actor.userId,
      author_role: role!,
      signature,
      strengths: input.strengths,
      limits: input.limits,
      recommended_uses: input.recommendedUses,
      levels: input.levels,
      rip_awarded_on: input.rip ? todayInFrance(now) : null,
      created_at: now,
    });
    await audit(trx, {
      actorUserId: actor.userId,
      action: input.rip ? 'appraisal.publish-with-rip' : 'appraisal.publish',
      subjectType: 'appraisal',
      subjectId: appraisalId,
      details: { resourceId: resource.id, rip: input.rip },
    });
    return appraisalId;
  });
  return (await findAppraisal(db, id))!;
}

/** The reply form: the appraisal, if the actor answers for its resource's producer. */
export async function appraisalToAnswer(db: Db, actor: Actor, appraisalId: number) {
  const appraisal = await findAppraisal(db, appraisalId);
  if (!appraisal) throw appraisalNotFound();
  authorize(canReplyToAppraisal(actor, { producerId: appraisal.producer_id }), REPLY_REFUSED);
  return appraisal;
}

/** The publisher's right of reply: once per appraisal, public. The appraisal's author is told. */
export async function replyToAppraisal(db: Db, actor: Actor, appraisalId: number, body: string) {
  const appraisal = await appraisalToAnswer(db, actor, appraisalId);
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    const inserted = await insertAppraisalReply(trx, {
      appraisal_id: appraisalId,
      producer_id: appraisal.producer_id,
      author_id: actor.userId,
      body,
      created_at: now,
    });
    if (!inserted)
      throw new AppError(
        'CONFLICT',
        'L’éditeur a déjà répondu à cet avis institutionnel : une seule réponse est possible.',
      );
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'appraisal.reply',
      subjectType: 'appraisal',
      subjectId: appraisalId,
      details: { producerId: appraisal.producer_id },
    });
    await notifyUser(trx, appraisal.author_id, {
      kind: 'appraisal-reply',
      title: `L’éditeur a répondu à votre avis sur « ${appraisal.resource_title} »`,
      body: 'Sa réponse est publiée sous votre avis, sur la page de la ressource.',
      link: `/ressources/${encodeURIComponent(appraisal.resource_identifier)}#avis-institutionnels`,
    });
  });
  return (await findAppraisal(db, appraisalId))!;
}

/** The publisher's list: appraisals of its producers' resources, those awaiting a reply first. */
export async function appraisalsToAnswer(db: Db, actor: Actor) {
  const producers = replyingProducerIds(actor);
  authorize(producers.length > 0, REPLY_REFUSED);
  return listAppraisalsOfProducers(db, producers);
}

/** An inspector's or expert's own appraisals. */
export async function myAppraisals(db: Db, actor: Actor) {
  authorize(canAppraise(actor), APPRAISE_REFUSED);
  return listAppraisalsByAuthor(db, actor.userId);
}
