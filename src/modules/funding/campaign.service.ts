// Campaign use cases of the national administration: create, choose the academies, split the envelope
// between them (closing and settling are campaign-closing.ts). Each runs in one transaction:
// authorize, load, transition, persist, audit.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notifications.repository.js';
import { campaignRulesSchema, defaultBands, type CampaignRules } from './campaign-rules.js';
import { campaignStatusLabels } from './campaign.workflow.js';
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
