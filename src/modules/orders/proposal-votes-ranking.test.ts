import { describe, expect, it } from 'vitest';
import { rankProposals, type RankInput } from './proposal-votes-ranking.js';

const item = (id: number, votes: number, createdAt: string, costCents: number | null, toBuy = true) =>
  ({ id, votes, createdAt, costCents, toBuy }) satisfies RankInput;

describe('rankProposals', () => {
  it('puts the most voted first, then the oldest, then the smallest id', () => {
    const ranked = rankProposals(
      [
        item(1, 0, '2026-01-01', 100),
        item(2, 3, '2026-01-03', 100),
        item(3, 3, '2026-01-02', 100),
        item(4, 1, '2026-01-01', 100),
        item(5, 1, '2026-01-01', 100),
      ],
      null,
    );
    expect(ranked.map((entry) => entry.item.id)).toEqual([3, 2, 4, 5, 1]);
    expect(ranked.map((entry) => entry.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('adds up the costs in rank order and says where they pass what is left', () => {
    const ranked = rankProposals(
      [item(1, 5, 'a', 3_000), item(2, 4, 'a', 2_500), item(3, 3, 'a', 1_000)],
      5_500,
    );
    expect(ranked.map((entry) => entry.cumulativeCents)).toEqual([3_000, 5_500, 6_500]);
    expect(ranked.map((entry) => entry.withinRight)).toEqual([true, true, false]);
  });

  it('leaves out proposals in the cart already and those without a paid offer', () => {
    const ranked = rankProposals(
      [item(1, 5, 'a', 3_000, false), item(2, 4, 'a', null), item(3, 3, 'a', 1_000)],
      1_000,
    );
    expect(ranked.map((entry) => entry.cumulativeCents)).toEqual([null, null, 1_000]);
    expect(ranked[2]!.withinRight).toBe(true);
  });

  it('says nothing of the right when it is unknown', () => {
    expect(rankProposals([item(1, 0, 'a', 10)], null)[0]!.withinRight).toBeNull();
  });
});
