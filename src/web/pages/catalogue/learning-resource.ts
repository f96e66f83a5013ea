// A resource as schema.org LearningResource JSON-LD (the LRMI properties), embedded in its page so
// search engines and OERSI-style catalogues can read it: levels, subjects, types, cost and offers.
import type { presentResource } from '../../../modules/catalogue/catalogue.presenter.js';

type Resource = ReturnType<typeof presentResource>;

interface Labelled {
  value: string;
  label: string;
  uri?: string;
}

/** A vocabulary value as a DefinedTerm, with its ScoLOMfr concept URI when it has one. */
function definedTerm(term: Labelled, termSet: string) {
  return {
    '@type': 'DefinedTerm',
    name: term.label,
    termCode: term.value,
    inDefinedTermSet: termSet,
    ...(term.uri ? { '@id': term.uri, url: term.uri } : {}),
  };
}

export function learningResourceJsonLd(resource: Resource, pageUrl: string) {
  const free = resource.cost?.value === 'no';
  return {
    '@context': 'https://schema.org',
    '@type': 'LearningResource',
    '@id': pageUrl,
    url: pageUrl,
    identifier: resource.id,
    name: resource.title,
    description: resource.description,
    keywords: resource.keywords,
    inLanguage: resource.languages,
    datePublished: resource.publishedOn,
    dateModified: resource.updatedOn,
    publisher: { '@type': 'Organization', name: resource.producer.name },
    ...(resource.authors.length > 0
      ? { author: resource.authors.map((name) => ({ '@type': 'Person', name })) }
      : {}),
    educationalLevel: resource.levels.map((level) =>
      definedTerm(level, 'http://data.education.fr/voc/scolomfr/scolomfr-voc-022'),
    ),
    teaches: resource.disciplines.map((discipline) =>
      definedTerm(discipline, 'http://data.education.fr/voc/scolomfr/scolomfr-voc-015'),
    ),
    about: resource.themes.map((theme) => ({ '@type': 'Thing', name: theme.label })),
    learningResourceType: resource.types.map((type) =>
      definedTerm(type, 'http://data.education.fr/voc/scolomfr/scolomfr-voc-010'),
    ),
    isAccessibleForFree: free,
    ...(resource.licence ? { license: resource.licence.label } : {}),
    offers: free
      ? [{ '@type': 'Offer', price: '0', priceCurrency: 'EUR' }]
      : resource.offers.map((offer) => ({
          '@type': 'Offer',
          name: offer.label,
          // Cents to euros as text, exactly (schema.org asks for a dot and no thousands separator).
          price: `${Math.floor(offer.priceCents / 100)}.${String(offer.priceCents % 100).padStart(2, '0')}`,
          priceCurrency: 'EUR',
          ...(offer.validUntil ? { priceValidUntil: offer.validUntil } : {}),
        })),
  };
}

/** JSON for a <script type="application/ld+json">: "<" escaped, so no text can close the element. */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
