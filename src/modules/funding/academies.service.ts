// Academies as the funding pages list and show them, and an academy's remainder of a closed campaign:
// what it holds, where it may go, and its reallocation to an establishment of an open campaign.
// Pages call these use cases; they never import the repository.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notifications.repository.js';
import { loadCampaign } from './campaign.service.js';
import { canManageAcademy } from './funding.policy.js';
import {
  findAcademy,
  findAcademyRemainderRight,
  findEstablishmentAcademy,
  findRightOfEstablishment,
  insertDrawingRight,
  listAcademies,
  listOpenCampaignsOfAcademy,
  type Db,
} from './funding.repository.js';
import { parseOrThrow, reallocationSchema } from './funding.schema.js';
import { postLedgerEntry } from './ledger.repository.js';

export { findAcademy, findAcademyRemainderRight, listAcademies, listOpenCampaignsOfAcademy };

export interface AcademyRemainder {
  balanceCents: number;
  /** Open campaigns of the academy, where the remainder may be reallocated. */
  targets: { id: number; name: string }[];
}

/** What the academy's remainder right holds for this campaign, and where it may go. */
export async function getAcademyRemainder(
  db: Db,
  campaignId: number,
  academyId: number,
): Promise<AcademyRemainder> {
  const [right, targets] = await Promise.all([
    findAcademyRemainderRight(db, campaignId, academyId),
    listOpenCampaignsOfAcademy(db, academyId),
  ]);
  return { balanceCents: Number(right?.balance_cents ?? 0), targets };
}

/**
 * Moves part of an academy remainder (from a closed campaign) to an establishment's right in an open
 * campaign of the same academy: one 'reallocation' entry out of the remainder right, one in.
 */
export async function reallocateRemainder(
  db: Kysely<Database>,
  actor: Actor,
  sourceCampaignId: number,
  academyId: number,
  input: unknown,
): Promise<{ drawingRightId: number }> {
  authorize(canManageAcademy(actor, academyId), 'Vous ne gérez pas cette académie.');
  const {
    targetCampaignId,
    establishmentId,
    amountEuros: amountCents,
    reason,
  } = parseOrThrow(reallocationSchema, input);
  if (amountCents <= 0) throw new AppError('VALIDATION_FAILED', 'Le montant à réaffecter doit être positif.');
  return db.transaction().execute(async (trx) => {
    const source = await loadCampaign(trx, sourceCampaignId);
    if (source.status === 'draft' || source.status === 'open') {
      throw new AppError(
        'INVALID_TRANSITION',
        'Les reliquats n’existent qu’après la clôture de la campagne.',
      );
    }
    const target = await loadCampaign(trx, targetCampaignId, true);
    if (target.status !== 'open')
      throw new AppError('CAMPAIGN_CLOSED', 'La campagne de destination doit être ouverte.');
    if (source.remainderPolicy === 'carry-to-next-campaign' && source.status === 'settled') {
      throw new AppError(
        'INVALID_TRANSITION',
        'Ce reliquat a été reporté sur la campagne suivante : réaffectez-le depuis celle-ci.',
      );
    }
    const remainder = await findAcademyRemainderRight(trx, sourceCampaignId, academyId);
    if (!remainder) throw new AppError('NOT_FOUND', 'Cette académie n’a pas de reliquat sur cette campagne.');
    const establishment = await findEstablishmentAcademy(trx, establishmentId);
    if (!establishment || establishment.academy_id !== academyId) {
      throw new AppError('NOT_FOUND', 'Cet établissement n’appartient pas à cette académie.');
    }
    const targetRight =
      (await findRightOfEstablishment(trx, targetCampaignId, establishmentId))?.id ??
      (await insertDrawingRight(trx, {
        campaignId: targetCampaignId,
        academyId,
        establishmentId,
        poolName: null,
      }));
    const out = await postLedgerEntry(trx, {
      drawingRightId: remainder.id,
      kind: 'reallocation',
      amountCents: -amountCents,
      reference: `establishment:${establishment.uai}`,
      reason,
      actorUserId: actor.userId,
    });
    if (!out.posted) {
      throw new AppError('BUDGET_EXCEEDED', 'Le reliquat de l’académie ne suffit pas.', {
        balanceCents: out.balanceCents,
        shortfallCents: amountCents - out.balanceCents,
      });
    }
    await postLedgerEntry(trx, {
      drawingRightId: targetRight,
      kind: 'reallocation',
      amountCents,
      reference: `campaign:${sourceCampaignId}`,
      reason,
      actorUserId: actor.userId,
    });
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'allocation.reallocated',
      subjectType: 'establishment',
      subjectId: establishmentId,
      details: { sourceCampaignId, targetCampaignId, amountCents, reason },
    });
    return { drawingRightId: targetRight };
  });
}
