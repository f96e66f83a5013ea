// Resources store facet values as small integers (fast to filter and count); this dictionary maps
// them to the (facet, code, label) the API and pages speak. It is tiny and read on every search, so it
// is cached per catalogue revision.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { facetKeys, facetVocabularies, isOpenFacet, type FacetKey } from './vocabulary.js';

export interface FacetValue {
  id: number;
  facet: FacetKey;
  code: string;
  label: string;
}

export class FacetDictionary {
  private readonly byKey = new Map<string, FacetValue>();
  private readonly byId = new Map<number, FacetValue>();
  private readonly idsByFacet = new Map<FacetKey, number[]>();

  constructor(values: readonly FacetValue[]) {
    for (const value of values) {
      this.byKey.set(`${value.facet}\u0000${value.code}`, value);
      this.byId.set(value.id, value);
      const ids = this.idsByFacet.get(value.facet) ?? [];
      ids.push(value.id);
      this.idsByFacet.set(value.facet, ids);
    }
  }

  /** The ids of every value of a facet. */
  idsOf(facet: FacetKey): readonly number[] {
    return this.idsByFacet.get(facet) ?? [];
  }

  find(facet: FacetKey, code: string): FacetValue | undefined {
    return this.byKey.get(`${facet}\u0000${code}`);
  }

  /** The id of a known value; throws when the caller passes a value the dictionary lacks. */
  idOf(facet: FacetKey, code: string): number {
    const value = this.find(facet, code);
    if (!value) throw new Error(`Facet value ${facet}=${code} is not in the dictionary`);
    return value.id;
  }

  byIdentifier(id: number): FacetValue | undefined {
    return this.byId.get(id);
  }
}

/**
 * Makes sure every value of the fixed vocabularies has an id. Producers are added with producers, harvest
 * sources when they are registered.
 */
export async function syncVocabularyFacetValues(db: Kysely<Database>): Promise<void> {
  const rows = facetKeys.flatMap((facet) =>
    isOpenFacet(facet)
      ? []
      : facetVocabularies[facet].map((concept) => ({ facet, code: concept.code, label: concept.label })),
  );
  await db
    .insertInto('facet_values')
    .values(rows)
    .onConflict((conflict) =>
      conflict.columns(['facet', 'code']).doUpdateSet((eb) => ({ label: eb.ref('excluded.label') })),
    )
    .execute();
}

/**
 * syncVocabularyFacetValues, only when a concept lacks its value or its label changed: every write to
 * facet_values asks each app node for a full index rebuild, so a start or a CLI run with nothing to
 * add writes nothing.
 */
export async function ensureVocabularyFacetValues(db: Kysely<Database>): Promise<void> {
  const stored = new Map(
    (await db.selectFrom('facet_values').select(['facet', 'code', 'label']).execute()).map((row) => [
      `${row.facet}\u0000${row.code}`,
      row.label,
    ]),
  );
  const current = facetKeys.every(
    (facet) =>
      isOpenFacet(facet) ||
      facetVocabularies[facet].every(
        (concept) => stored.get(`${facet}\u0000${concept.code}`) === concept.label,
      ),
  );
  if (!current) await syncVocabularyFacetValues(db);
}

export async function loadFacetDictionary(db: Kysely<Database>): Promise<FacetDictionary> {
  const rows = await db.selectFrom('facet_values').select(['id', 'facet', 'code', 'label']).execute();
  return new FacetDictionary(rows.map((row) => ({ ...row, facet: row.facet as FacetKey })));
}
