// Catalogue read use cases other than search: one resource, alone or with its offers.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { findOffersCovering, findResource } from './resource.repository.js';

/** One resource by its identifier or database id; 404 when the catalogue has none. */
export async function getResource(db: Kysely<Database>, reference: string) {
  const resource = reference.length <= 64 ? await findResource(db, reference) : undefined;
  if (!resource)
    throw new AppError('NOT_FOUND', 'Cette ressource n’existe pas ou a été retirée du catalogue.');
  return resource;
}

export async function getResourceWithOffers(db: Kysely<Database>, reference: string) {
  const resource = await getResource(db, reference);
  const offers = await findOffersCovering(db, resource.id);
  return { resource, offers };
}
