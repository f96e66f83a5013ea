// The ranked list of an establishment's open proposals (pure): most votes first, then the oldest
// proposal; each proposal still to put in the cart costs its suggested line, added up in that order
// against what the drawing right has left once the cart is paid, so the referent and the head see
// where the money runs out.

export interface RankInput {
  id: number;
  votes: number;
  /** ISO day or timestamp: older proposals first among equal votes. */
  createdAt: string;
  /** Only proposals still 'proposed' count against the right: lines in the cart are in cartTotal. */
  toBuy: boolean;
  /** The suggested line's cost (offer price × quantity); null without a paid offer today. */
  costCents: number | null;
}

export interface Ranked<T extends RankInput> {
  item: T;
  rank: number;
  /** The costs of this proposal and of those ranked above it still to buy; null when not counted. */
  cumulativeCents: number | null;
  /** The running total fits in what is left (null when the right is unknown or not counted). */
  withinRight: boolean | null;
}

export function rankProposals<T extends RankInput>(
  items: readonly T[],
  available: number | null,
): Ranked<T>[] {
  const sorted = [...items].sort(
    (a, b) => b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) || a.id - b.id,
  );
  let running = 0;
  return sorted.map((item, index) => {
    if (!item.toBuy || item.costCents === null) {
      return { item, rank: index + 1, cumulativeCents: null, withinRight: null };
    }
    running += item.costCents;
    return {
      item,
      rank: index + 1,
      cumulativeCents: running,
      withinRight: available === null ? null : running <= available,
    };
  });
}
