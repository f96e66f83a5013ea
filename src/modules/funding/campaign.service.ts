// Campaign use cases of the national administration: create, choose the academies, split the envelope
// between them, open (closing and settling are campaign-closing.ts). Each runs in one transaction:
// authorize, load, transition, persist, audit.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notifications.repository.js';
import { campaignRulesSchema, defaultBands, type CampaignRules } from './campaign-rules.js';
import { assertCampaignTransition, campaignStatusLabels } from './campaign.workflow.js';
import { canManageCampaigns, canViewCampaigns } from './funding.policy.js';
import {
  academyCounts,
  countAcademies,
  deleteCampaignAcademies,
  findCampaign,
  insertCampaign,
  insertCampaignAcademies,
  listCampaignAcademies,
  listCampaigns,
  setCampaignStatus,
  updateCampaignAcademy,
  type CampaignAcademyRow,
  type CampaignRow,
  type Db,
} from './funding.repository.js';
import {
  campaignAcademiesSchema,
  createCampaignSchema,
  parseOrThrow,
  splitWeightsSchema,
} from './funding.schema.js';
import { splitEnvelope, type AcademyShare, type SplitWeights } from './split.js';

/** A campaign and one academy's part in it, as pages show them (they never import the repository). */
export type Campaign = CampaignRow;
export type CampaignAcademy = CampaignAcademyRow;

export async function loadCampaign(db: Db, id: number, forUpdate = false): Promise<CampaignRow> {
  const campaign = await findCampaign(db, id, forUpdate);
  if (!campaign) throw new AppError('NOT_FOUND', 'Cette campagne n’existe pas.');
  return campaign;
}

export async function getCampaigns(db: Kysely<Database>, actor: Actor): Promise<CampaignRow[]> {
  authorize(canViewCampaigns(actor));
  return listCampaigns(db);
}

export async function getCampaignDetail(db: Kysely<Database>, actor: Actor, id: number) {
  authorize(canViewCampaigns(actor));
  const campaign = await loadCampaign(db, id);
  const academies = await listCampaignAcademies(db, id);
  return { campaign, academies };
}

/** Creates a draft campaign with its rules and participating academies (shares come with the split). */
export async function createCampaign(
  db: Kysely<Database>,
  actor: Actor,
  input: unknown,
): Promise<CampaignRow> {
  authorize(canManageCampaigns(actor), 'Seule l’administration nationale crée les campagnes.');
  const parsed = parseOrThrow(createCampaignSchema, input);
  const rules: CampaignRules = parseOrThrow(campaignRulesSchema, {
    primaryAmountCents: parsed.rules.primaryAmountEuros ?? 50_000,
    secondaryMinCents: parsed.rules.secondaryMinEuros ?? 100_000,
    secondaryMaxCents: parsed.rules.secondaryMaxEuros ?? 250_000,
    bands: parsed.rules.bands ?? defaultBands,
    includePrivateContract: parsed.rules.includePrivateContract,
    coFundingAllowed: parsed.rules.coFundingAllowed,
  });
  const academyIds = [...new Set(parsed.academyIds)];
  return db.transaction().execute(async (trx) => {
    if ((await countAcademies(trx, academyIds)) !== academyIds.length)
      throw new AppError('VALIDATION_FAILED', 'Une académie choisie n’existe pas.');
    const id = await insertCampaign(trx, {
      name: parsed.name,
      envelopeCents: parsed.envelopeEuros,
      rules,
      orderingDeadline: parsed.orderingDeadline,
      remainderPolicy: parsed.remainderPolicy,
    });
    await insertCampaignAcademies(trx, id, academyIds);
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'campaign.created',
      subjectType: 'campaign',
      subjectId: id,
      details: { envelopeCents: parsed.envelopeEuros, academyIds, rules },
    });
    return loadCampaign(trx, id);
  });
}

/**
 * Changes the participating academies of a draft campaign. Once open, rights exist in the academies
 * already published, so the list is frozen. Any change voids the committed split (the shares no
 * longer add up to the envelope over the new list): every share goes back to 0 and the split must be
 * validated again. A removed academy loses its draft plan with its row. Returns whether it changed.
 */
export async function setCampaignAcademies(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  input: unknown,
): Promise<{ changed: boolean; added: number[]; removed: number[] }> {
  authorize(
    canManageCampaigns(actor),
    'Seule l’administration nationale choisit les académies participantes.',
  );
  const academyIds = [...new Set(parseOrThrow(campaignAcademiesSchema, input).academyIds)];
  return db.transaction().execute(async (trx) => {
    // Locked like publication does, so a publication and this change never interleave.
    const campaign = await loadCampaign(trx, campaignId, true);
    if (campaign.status !== 'draft') {
      throw new AppError(
        'INVALID_TRANSITION',
        `La campagne est ${campaignStatusLabels[campaign.status]} : les académies participantes ne se modifient plus.`,
      );
    }
    if ((await countAcademies(trx, academyIds)) !== academyIds.length)
      throw new AppError('VALIDATION_FAILED', 'Une académie choisie n’existe pas.');
    const current = await listCampaignAcademies(trx, campaignId);
    const currentIds = new Set(current.map((row) => row.academyId));
    const wanted = new Set(academyIds);
    const added = academyIds.filter((id) => !currentIds.has(id)).sort((a, b) => a - b);
    const removed = [...currentIds].filter((id) => !wanted.has(id)).sort((a, b) => a - b);
    if (added.length === 0 && removed.length === 0) return { changed: false, added, removed };
    if (removed.length > 0) {
      await deleteCampaignAcademies(trx, campaignId, removed);
    }
    await insertCampaignAcademies(trx, campaignId, added);
    for (const row of current.filter((row) => wanted.has(row.academyId))) {
      const explanation = { ...row.explanation };
      delete explanation.split;
      await updateCampaignAcademy(trx, campaignId, row.academyId, { shareCents: 0, explanation });
    }
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'campaign.academies-changed',
      subjectType: 'campaign',
      subjectId: campaignId,
      details: { added, removed, academyIds },
    });
    return { changed: true, added, removed };
  });
}

async function computeSplit(db: Db, campaign: CampaignRow, weights: SplitWeights): Promise<AcademyShare[]> {
  const academies = await listCampaignAcademies(db, campaign.id);
  const counts = await academyCounts(
    db,
    academies.map((academy) => academy.academyId),
  );
  if (counts.every((c) => c.establishments === 0) && campaign.envelopeCents > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Aucun établissement dans les académies participantes : importez-les avant de répartir l’enveloppe.',
    );
  }
  return splitEnvelope(campaign.envelopeCents, counts, weights);
}

/** The split and its explanation, academy by academy, without writing anything. */
export async function previewSplit(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  weightsInput: unknown,
): Promise<AcademyShare[]> {
  authorize(canManageCampaigns(actor));
  const weights = parseOrThrow(splitWeightsSchema, weightsInput);
  return computeSplit(db, await loadCampaign(db, campaignId), weights);
}

/** Writes the shares (draft campaigns only): they add up exactly to the envelope. */
export async function commitSplit(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  weightsInput: unknown,
): Promise<AcademyShare[]> {
  authorize(canManageCampaigns(actor));
  const weights = parseOrThrow(splitWeightsSchema, weightsInput);
  return db.transaction().execute(async (trx) => {
    const campaign = await loadCampaign(trx, campaignId, true);
    if (campaign.status !== 'draft') {
      throw new AppError(
        'INVALID_TRANSITION',
        'La répartition ne se modifie plus une fois la campagne ouverte.',
      );
    }
    const shares = await computeSplit(trx, campaign, weights);
    const current = new Map(
      (await listCampaignAcademies(trx, campaignId)).map((row) => [row.academyId, row]),
    );
    for (const share of shares) {
      await updateCampaignAcademy(trx, campaignId, share.academyId, {
        shareCents: share.shareCents,
        explanation: {
          ...current.get(share.academyId)?.explanation,
          split: { weights, text: share.explanation, exactCents: share.exactCents },
        },
      });
    }
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'campaign.split-committed',
      subjectType: 'campaign',
      subjectId: campaignId,
      details: { weights, shares: shares.map((s) => ({ academyId: s.academyId, shareCents: s.shareCents })) },
    });
    return shares;
  });
}

/**
 * What opening a draft campaign changes, in the words the confirmation page shows: the use case below
 * and publication (which opens a draft campaign too) make each of these true.
 */
export const openingConsequences = [
  'Les académies participantes et la répartition de l’enveloppe entre elles ne se modifient plus.',
  'Chaque académie continue de choisir ses bénéficiaires et de moduler leurs dotations d’établissement, puis les publie : la publication crée les droits de tirage et prévient les chefs d’établissement.',
  'Les établissements commandent sur leur droit de tirage dès que leur académie a publié ses dotations d’établissement, jusqu’à la date limite de commande.',
  'Les académies peuvent y réaffecter les reliquats de leurs campagnes clôturées.',
  'Une campagne ouverte ne revient pas en préparation : elle se clôture après la date limite de commande.',
] as const;

/** Whether the split was validated over the current academies: each has its share, adding up to the envelope. */
export function splitIsComplete(
  campaign: Pick<CampaignRow, 'envelopeCents'>,
  academies: readonly Pick<CampaignAcademyRow, 'shareCents' | 'explanation'>[],
): boolean {
  const total = academies.reduce((sum, academy) => sum + academy.shareCents, 0);
  return (
    academies.length > 0 &&
    academies.every((academy) => academy.explanation.split !== undefined) &&
    total === campaign.envelopeCents
  );
}

/**
 * Opens a draft campaign (national administration). The split must have been validated over the
 * current academies: every academy has its committed share and the shares add up to the envelope, so
 * what gets frozen is a complete split. Publication by a first academy opens a draft campaign too.
 */
export async function openCampaign(db: Kysely<Database>, actor: Actor, campaignId: number): Promise<void> {
  authorize(canManageCampaigns(actor), 'Seule l’administration nationale ouvre les campagnes.');
  await db.transaction().execute(async (trx) => {
    // Locked like publication and the academies change, so none of them interleave with opening.
    const campaign = await loadCampaign(trx, campaignId, true);
    if (campaign.status !== 'draft') {
      throw new AppError(
        'INVALID_TRANSITION',
        `La campagne est déjà ${campaignStatusLabels[campaign.status]} : seule une campagne en préparation s’ouvre.`,
      );
    }
    assertCampaignTransition(campaign.status, 'open');
    const academies = await listCampaignAcademies(trx, campaignId);
    if (!splitIsComplete(campaign, academies)) {
      throw new AppError(
        'VALIDATION_FAILED',
        'Validez d’abord la répartition de l’enveloppe entre les académies participantes : elle ne se modifie plus une fois la campagne ouverte.',
      );
    }
    await setCampaignStatus(trx, campaignId, 'open');
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'campaign.opened',
      subjectType: 'campaign',
      subjectId: campaignId,
      details: { shares: academies.map((a) => ({ academyId: a.academyId, shareCents: a.shareCents })) },
    });
  });
}
