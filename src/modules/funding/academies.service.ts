// Academies as the funding pages list and show them, and an academy's remainder of a closed campaign.
// Pages call these use cases; they never import the repository.
import {
  findAcademy,
  findAcademyRemainderRight,
  listAcademies,
  listOpenCampaignsOfAcademy,
  type Db,
} from './funding.repository.js';

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
