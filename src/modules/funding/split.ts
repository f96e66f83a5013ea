// Exact splits of an amount of cents by weights, with the largest-remainder method (Hamilton):
// each share is first floor(total × weight / Σweights); the cents left over (fewer than the number of
// shares) go one each to the largest remainders. Tie rule: equal remainders are served in input order
// (callers sort their inputs by a stable key, e.g. academy code). Exact integer arithmetic (BigInt),
// so shares always add up to the total, cent for cent; a bigger weight never gets a smaller share.

export function largestRemainderSplit(totalCents: number, weights: readonly bigint[]): number[] {
  if (!Number.isSafeInteger(totalCents) || totalCents < 0) throw new Error('total must be whole cents');
  if (weights.some((weight) => weight < 0n)) throw new Error('weights must be non-negative');
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (weights.length === 0) return [];
  if (sum === 0n) {
    if (totalCents === 0) return weights.map(() => 0);
    throw new Error('cannot split a positive amount with zero weights');
  }
  const total = BigInt(totalCents);
  const floors = weights.map((weight) => (total * weight) / sum);
  const remainders = weights.map((weight, index) => ({ index, remainder: (total * weight) % sum }));
  let left = Number(total - floors.reduce((a, b) => a + b, 0n));
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const shares = floors.map(Number);
  for (const { index } of remainders) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}

/** 1234.5 → "1 234,50" (French separators, as the explanation is shown to people). */
function frenchNumber(value: number, maxDecimals: number): string {
  return value.toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: maxDecimals });
}

export interface SplitWeights {
  /** Weight (percent points) of the establishment count. */
  establishments: number;
  /** Weight (percent points) of the pupil count. */
  pupils: number;
}

export interface AcademyCounts {
  academyId: number;
  code: string;
  name: string;
  establishments: number;
  pupils: number;
}

export interface AcademyShare extends AcademyCounts {
  shareCents: number;
  /** Exact part of the envelope before rounding, in cents (for the explanation). */
  exactCents: number;
  establishmentRatio: number;
  pupilRatio: number;
  explanation: string;
}

/**
 * The national formula: share_a = envelope × (wE × E_a/ΣE + wP × P_a/ΣP) / (wE + wP), rounded by the
 * largest-remainder method above. Academies are ordered by code first, which fixes the tie rule.
 */
export function splitEnvelope(
  envelopeCents: number,
  academies: readonly AcademyCounts[],
  weights: SplitWeights,
): AcademyShare[] {
  const ordered = [...academies].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const totalE = BigInt(ordered.reduce((sum, a) => sum + a.establishments, 0));
  const totalP = BigInt(ordered.reduce((sum, a) => sum + a.pupils, 0));
  const wE = totalE === 0n ? 0n : BigInt(weights.establishments);
  const wP = totalP === 0n ? 0n : BigInt(weights.pupils);
  // Common denominator (wE+wP)·ΣE·ΣP: the weight of an academy is its numerator.
  const safeE = totalE === 0n ? 1n : totalE;
  const safeP = totalP === 0n ? 1n : totalP;
  const numerators = ordered.map(
    (a) => wE * BigInt(a.establishments) * safeP + wP * BigInt(a.pupils) * safeE,
  );
  const shares = largestRemainderSplit(envelopeCents, numerators);
  const denominator = Number((wE + wP) * safeE * safeP) || 1;
  return ordered.map((academy, index) => {
    const establishmentRatio = totalE === 0n ? 0 : academy.establishments / Number(totalE);
    const pupilRatio = totalP === 0n ? 0 : academy.pupils / Number(totalP);
    const exactCents = (envelopeCents * Number(numerators[index]!)) / denominator;
    const shareCents = shares[index]!;
    return {
      ...academy,
      shareCents,
      exactCents,
      establishmentRatio,
      pupilRatio,
      explanation:
        `${weights.establishments} % × ${frenchNumber(establishmentRatio * 100, 2)} % des établissements + ` +
        `${weights.pupils} % × ${frenchNumber(pupilRatio * 100, 2)} % des élèves = ` +
        `${frenchNumber(exactCents / 100, 4)} € exacts, arrondis à ${frenchNumber(shareCents / 100, 2)} € ` +
        '(plus forts restes).',
    };
  });
}

/**
 * Academy → establishments: the rule amounts are kept when they fit in the academy share; when they
 * exceed it, they are scaled down by the same largest-remainder method with the rule amounts as
 * weights, so the scaled allocations add up exactly to the share.
 */
export function fitToShare(amountsCents: readonly number[], shareCents: number): number[] {
  const total = amountsCents.reduce((a, b) => a + b, 0);
  if (total <= shareCents) return [...amountsCents];
  return largestRemainderSplit(
    shareCents,
    amountsCents.map((amount) => BigInt(amount)),
  );
}
