// Queries of the votes on proposals. No rules here; each function takes the handle first (db or trx).
import type { Db } from './orders.repository.js';

/** Records one person's vote; undefined when she had voted for this proposal already (primary key). */
export async function insertVote(trx: Db, proposalId: number, voterId: number) {
  return trx
    .insertInto('proposal_votes')
    .values({ proposal_id: proposalId, voter_id: voterId })
    .onConflict((oc) => oc.columns(['proposal_id', 'voter_id']).doNothing())
    .returning('proposal_id')
    .executeTakeFirst();
}

/** Takes one person's vote back; false when there was none. */
export async function deleteVote(trx: Db, proposalId: number, voterId: number): Promise<boolean> {
  const result = await trx
    .deleteFrom('proposal_votes')
    .where('proposal_id', '=', proposalId)
    .where('voter_id', '=', voterId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The votes of each proposal given, and whether `voterId` is among them. */
export async function countVotes(
  db: Db,
  proposalIds: readonly number[],
  voterId: number,
): Promise<Map<number, { votes: number; mine: boolean }>> {
  if (proposalIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('proposal_votes')
    .select((eb) => [
      'proposal_id',
      eb.fn.countAll<string>().as('votes'),
      eb.fn.max(eb.case().when('voter_id', '=', voterId).then(1).else(0).end()).as('mine'),
    ])
    .where('proposal_id', 'in', [...proposalIds])
    .groupBy('proposal_id')
    .execute();
  return new Map(
    rows.map((row) => [row.proposal_id, { votes: Number(row.votes), mine: Number(row.mine) === 1 }]),
  );
}

/** Who made each proposal given (a vote is never for one's own). */
export async function findProposers(db: Db, proposalIds: readonly number[]): Promise<Map<number, number>> {
  if (proposalIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('proposals')
    .select(['id', 'proposed_by'])
    .where('id', 'in', [...proposalIds])
    .execute();
  return new Map(rows.map((row) => [row.id, row.proposed_by]));
}
