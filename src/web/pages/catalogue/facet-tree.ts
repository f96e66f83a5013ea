// The level facet is a hierarchy (cycles and tracks, their classes beneath). Folding classes under
// their cycle keeps the filter panel short: 6 lines instead of 25.
import type { FacetCount } from '../../../modules/catalogue/search.service.js';

export interface FacetBranch<T extends FacetCount = FacetCount> {
  value: T;
  children: T[];
}

/**
 * Values grouped under their parent, in the order given. A value whose parent is not among them
 * (no match under the cycle itself) stands on its own rather than disappear.
 */
export function foldFacetValues<T extends FacetCount>(values: readonly T[]): FacetBranch<T>[] {
  const present = new Set(values.map((value) => value.value));
  const branches = new Map<string, FacetBranch<T>>();
  const orphans: T[] = [];
  for (const value of values) {
    if (value.parent === undefined || !present.has(value.parent))
      branches.set(value.value, { value, children: [] });
  }
  for (const value of values) {
    if (value.parent === undefined || !present.has(value.parent)) continue;
    const branch = branches.get(value.parent);
    if (branch) branch.children.push(value);
    else orphans.push(value);
  }
  return [...branches.values(), ...orphans.map((value) => ({ value, children: [] }))];
}
