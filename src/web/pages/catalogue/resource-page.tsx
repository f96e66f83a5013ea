// The product page: the whole notice, then every offer of the resource side by side, with the total
// each one costs for the user's need. In 2011 each offer was a separate notice; here they are compared.
import {
  AddToCartForm,
  ProductOrderLinks,
  ProductOrderNotice,
  ProposeForm,
  type ProductOrderProps,
} from '../orders/propose-button.js';
import type { Actor } from '../../../modules/accounts/actor.js';
import type { ComponentChildren } from 'preact';
import type { presentResource } from '../../../modules/catalogue/catalogue.presenter.js';
import {
  compareOffers,
  type ComparableOffer,
  type Need,
} from '../../../modules/catalogue/offer-comparison.js';
import { levels, offerEligibilities } from '../../../modules/catalogue/vocabulary.js';
import { countOf, formatDate, formatMoney, languageName, safeExternalUrl, shortLabel } from '../../format.js';
import { renderPage } from '../../layout.js';
import { PriceTag } from './result-card.js';
import type { ScenarioSummary } from '../../../modules/scenarios/scenarios.service.js';
import { ResourceScenarios } from '../scenarios/scenario-pages.js';
import { MAX_MONTHS, MAX_SEATS, type NeedField, type NeedParse } from './need.js';
import { jsonLdText, learningResourceJsonLd } from './learning-resource.js';
import {
  InfomediationSections,
  RatingSummary,
  type ResourceInfomediation,
} from '../reviews/resource-reviews.js';

type Resource = ReturnType<typeof presentResource>;
type Offer = Resource['offers'][number];

const producerKinds: Record<string, string> = {
  publisher: 'éditeur',
  platform: 'plateforme de distribution',
  public: 'organisme public',
  collaborative: 'communauté d’enseignants',
  teacher: 'enseignant',
};

const origins: Record<string, string> = {
  publisher: 'notice déposée par le producteur',
  harvested: 'notice moissonnée depuis un autre catalogue (OAI-PMH)',
  teacher: 'ressource partagée par un enseignant',
};

function licenceText(offer: Offer): string {
  if (offer.licence.value === 'multi-seat' && offer.seats !== null) {
    return `multiposte ${countOf(offer.seats, 'poste')}`;
  }
  return offer.licence.label;
}

function durationText(months: number | null): string {
  return months === null ? 'sans limite de durée' : `${months} mois`;
}

function eligibilityText(codes: readonly string[]): string {
  return codes
    .map(
      (code) =>
        offerEligibilities.find((condition) => condition.code === code)?.label ??
        levels.find((level) => level.code === code)?.label ??
        code,
    )
    .join(', ');
}

/** Notice values link to the search for that value: "other resources for cycle 4". */
function ValueLinks({
  values,
  param,
}: {
  values: readonly { value: string; label: string }[];
  param: string;
}) {
  if (values.length === 0) return <>non renseigné</>;
  return (
    <ul class="ccr-inline-list">
      {values.map((value) => (
        <li>
          <a href={`/recherche?${new URLSearchParams({ [param]: value.value }).toString()}`}>
            {shortLabel(value.label)}
          </a>
        </li>
      ))}
    </ul>
  );
}

function Fact({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <div class="ccr-notice__row">
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Notice({ resource }: { resource: Resource }) {
  const website = safeExternalUrl(resource.producer.website);
  const demo = safeExternalUrl(resource.demoUrl);
  return (
    <dl class="ccr-notice">
      <Fact name="Producteur">
        <a href={`/recherche?${new URLSearchParams({ producer: resource.producer.code }).toString()}`}>
          {resource.producer.name}
        </a>{' '}
        ({producerKinds[resource.producer.kind] ?? resource.producer.kind})
        {website && (
          <>
            {' '}
            — <a href={website}>site du producteur</a>
          </>
        )}
      </Fact>
      {resource.authors.length > 0 && <Fact name="Auteurs">{resource.authors.join(', ')}</Fact>}
      <Fact name="Niveaux">
        <ValueLinks values={resource.levels} param="level" />
      </Fact>
      <Fact name="Disciplines">
        <ValueLinks values={resource.disciplines} param="discipline" />
      </Fact>
      <Fact name="Thèmes">
        <ValueLinks values={resource.themes} param="theme" />
      </Fact>
      <Fact name="Type de ressource">
        <ValueLinks values={resource.types} param="type" />
      </Fact>
      <Fact name="Formats">
        <ValueLinks values={resource.formats} param="format" />
      </Fact>
      <Fact name="Équipements">
        <ValueLinks values={resource.devices} param="device" />
      </Fact>
      <Fact name="Coût">{resource.cost?.label ?? 'non renseigné'}</Fact>
      <Fact name="Licence">{resource.licence?.label ?? 'non renseignée'}</Fact>
      {resource.languages.length > 0 && (
        <Fact name="Langues">{resource.languages.map(languageName).join(', ')}</Fact>
      )}
      <Fact name="Accessibilité">{resource.accessibility || 'non renseignée'}</Fact>
      <Fact name="Démonstration ou spécimen">
        {demo ? <a href={demo}>Voir la démonstration</a> : 'aucune démonstration en ligne'}
      </Fact>
      {resource.keywords.length > 0 && <Fact name="Mots-clés">{resource.keywords.join(', ')}</Fact>}
      <Fact name="Publiée le">{formatDate(resource.publishedOn)}</Fact>
      <Fact name="Mise à jour le">{formatDate(resource.updatedOn)}</Fact>
      <Fact name="Origine">{origins[resource.origin] ?? resource.origin}</Fact>
      {resource.source && (
        <Fact name="Source">
          {resource.source.name}
          {resource.source.recordUrl && (
            <>
              {' '}
              (<a href={resource.source.recordUrl}>notice d’origine</a>)
            </>
          )}
        </Fact>
      )}
      <Fact name="Identifiant">
        {resource.scolomfrIdentifier.catalog} : {resource.scolomfrIdentifier.entry}
      </Fact>
    </dl>
  );
}

function NeedInput(props: {
  field: NeedField;
  label: string;
  hint: string;
  value: string;
  error: string | undefined;
}) {
  const id = `besoin-${props.field}`;
  const describedBy = props.error ? `${id}-hint ${id}-error` : `${id}-hint`;
  return (
    <div class="fr-fieldset__element fr-fieldset__element--inline ccr-need__field">
      <div class={props.error ? 'fr-input-group fr-input-group--error' : 'fr-input-group'}>
        <label class="fr-label" for={id}>
          {props.label}
          <span class="fr-hint-text" id={`${id}-hint`}>
            {props.hint}
          </span>
        </label>
        {/* Text with a numeric keyboard rather than type=number: a refused value stays visible
            next to its message, and the range is checked on the server with a French message. */}
        <input
          class={props.error ? 'fr-input fr-input--error' : 'fr-input'}
          type="text"
          id={id}
          name={props.field}
          inputMode="numeric"
          value={props.value}
          aria-describedby={describedBy}
          aria-invalid={props.error ? 'true' : undefined}
        />
        {props.error && (
          <p class="fr-error-text" id={`${id}-error`}>
            {props.error}
          </p>
        )}
      </div>
    </div>
  );
}

function NeedFormFields({ resource, parse }: { resource: Resource; parse: NeedParse }) {
  const errors = parse.ok ? {} : parse.errors;
  return (
    <form method="get" action={`${resource.url}#comparer`} class="ccr-need">
      <fieldset class="fr-fieldset">
        <legend class="fr-fieldset__legend fr-fieldset__legend--regular">Votre besoin</legend>
        <NeedInput
          field="eleves"
          label="Nombre d’élèves"
          hint={`De 1 à ${MAX_SEATS}`}
          value={parse.form.eleves}
          error={errors.eleves}
        />
        <NeedInput
          field="mois"
          label="Durée d’utilisation, en mois"
          hint={`De 1 à ${MAX_MONTHS}`}
          value={parse.form.mois}
          error={errors.mois}
        />
        <div class="fr-fieldset__element">
          <div class="fr-checkbox-group">
            <input
              type="checkbox"
              id="besoin-adoptant"
              name="adoptant"
              value="oui"
              checked={parse.form.adoptant}
            />
            <label class="fr-label" for="besoin-adoptant">
              Mon établissement utilise le manuel papier (tarif adoptant)
            </label>
          </div>
        </div>
        <div class="fr-fieldset__element">
          <button class="fr-btn" type="submit">
            Comparer les offres
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function needText(need: Need): string {
  return `${countOf(need.seats, 'élève')} pendant ${need.months} mois`;
}

function toComparable(offer: Offer): ComparableOffer {
  return {
    id: offer.id,
    priceCents: offer.priceCents,
    tariff: offer.tariff.value as ComparableOffer['tariff'],
    licenceKind: offer.licence.value as ComparableOffer['licenceKind'],
    seats: offer.seats,
    durationMonths: offer.durationMonths,
  };
}

function BundleContents({ offer, resource }: { offer: Offer; resource: Resource }) {
  if (!offer.bundle) return <>Cette ressource</>;
  return (
    <>
      Lot de {countOf(offer.covers.length, 'ressource')} :
      <ul class="ccr-bundle">
        {offer.covers.map((item) =>
          item.identifier === resource.id ? (
            <li>{item.title} (cette ressource)</li>
          ) : (
            <li>
              <a href={item.url}>{item.title}</a>
            </li>
          ),
        )}
      </ul>
    </>
  );
}

function Offers({ resource, parse }: { resource: Resource; parse: NeedParse }) {
  // Comparing prices of free access makes no sense: the form appears when something costs money.
  const comparable = resource.offers.some((offer) => offer.priceCents > 0);
  const comparison =
    comparable && parse.ok ? compareOffers(resource.offers.map(toComparable), parse.need) : undefined;
  const cheapest = comparison ? resource.offers.filter((offer) => comparison.cheapest.has(offer.id)) : [];
  return (
    <section class="fr-mt-6w" aria-labelledby="offres">
      <h2 id="offres">Offres ({resource.offers.length})</h2>
      {!comparable && resource.cost?.value === 'yes' && resource.offers.length === 0 && (
        <p>
          Cette ressource est payante, mais aucune offre n’est proposée dans ce catalogue : son producteur
          indique ses tarifs.
        </p>
      )}
      {!comparable && !(resource.cost?.value === 'yes' && resource.offers.length === 0) && (
        <p>Cette ressource est gratuite : aucune commande n’est nécessaire.</p>
      )}
      {comparable && (
        <div id="comparer" class="ccr-compare fr-mb-4w">
          <h3>Comparer pour mon besoin</h3>
          <NeedFormFields resource={resource} parse={parse} />
          {parse.ok && comparison && (
            <div class="fr-callout ccr-cheapest-callout">
              {comparison.lowestCents === null ? (
                <p class="fr-callout__text">
                  Aucune offre ne convient pour {needText(parse.need)} : les offres de cette ressource sont
                  réservées aux établissements adoptants.
                </p>
              ) : (
                <p class="fr-callout__text">
                  Offre la moins chère pour {needText(parse.need)} :{' '}
                  <strong>
                    {cheapest.map((offer) => `« ${offer.label} »`).join(' ou ')} —{' '}
                    {formatMoney(comparison.lowestCents)}
                  </strong>
                </p>
              )}
            </div>
          )}
        </div>
      )}
      <div class="fr-table fr-table--bordered fr-table--multiline">
        <div class="fr-table__wrapper">
          {/* Scrolls sideways on a phone: focusable, so the keyboard can scroll it (axe). */}
          <div class="fr-table__container" tabIndex={0}>
            <div class="fr-table__content">
              <table>
                <caption>Toutes les offres de « {resource.title} »</caption>
                <thead>
                  <tr>
                    <th scope="col">Offre</th>
                    <th scope="col">Tarif</th>
                    <th scope="col">Licence</th>
                    <th scope="col">Durée</th>
                    <th scope="col">Livraison</th>
                    <th scope="col">Prix</th>
                    {comparable && (
                      <th scope="col">
                        {parse.ok ? `Total pour ${needText(parse.need)}` : 'Total pour votre besoin'}
                      </th>
                    )}
                    <th scope="col">Contenu</th>
                  </tr>
                </thead>
                <tbody>
                  {resource.offers.map((offer) => {
                    const cost = comparison?.costs.find((c) => c.offerId === offer.id);
                    const isCheapest = comparison?.cheapest.has(offer.id) ?? false;
                    return (
                      <tr class={isCheapest ? 'ccr-cheapest' : undefined}>
                        <th scope="row">
                          {offer.label}
                          {offer.validUntil && (
                            <span class="fr-hint-text">valable jusqu’au {formatDate(offer.validUntil)}</span>
                          )}
                          {offer.eligibility.length > 0 && (
                            <span class="fr-hint-text">
                              réservée à : {eligibilityText(offer.eligibility)}
                            </span>
                          )}
                        </th>
                        <td>{offer.tariff.label}</td>
                        <td>{licenceText(offer)}</td>
                        <td>{durationText(offer.durationMonths)}</td>
                        <td>{offer.delivery.label}</td>
                        <td class="ccr-money">
                          {offer.priceCents === 0 ? 'Gratuit' : formatMoney(offer.priceCents)}
                        </td>
                        {comparable && (
                          <td class="ccr-money">
                            {!cost ? (
                              '—'
                            ) : cost.totalCents === null ? (
                              'réservée aux adoptants'
                            ) : (
                              <>
                                {formatMoney(cost.totalCents)}
                                <span class="fr-hint-text">
                                  {countOf(cost.licences, 'licence')} × {countOf(cost.periods, 'période')}
                                </span>
                                {isCheapest && (
                                  <p class="fr-badge fr-badge--sm fr-badge--green-emeraude fr-mt-1v">
                                    la moins chère
                                  </p>
                                )}
                              </>
                            )}
                          </td>
                        )}
                        <td>
                          <BundleContents offer={offer} resource={resource} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
    </section>
  );
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Proposing and filling the cart from the product page (school roles, resources with paid offers). */
export interface ProductOrderParts extends ProductOrderProps {
  notice?: { title: string; link?: { href: string; label: string } | undefined } | undefined;
}

export function renderResourcePage(
  resource: Resource,
  parse: NeedParse,
  actor?: Actor,
  ordering?: ProductOrderParts,
  publicBase = '',
  /** Reviews, appraisals and the RIP label (src/web/pages/reviews), with a message after a form. */
  infomediation?: { info: ResourceInfomediation; notice?: string | undefined },
  /** Teachers' usage scenarios that link this resource (src/web/pages/scenarios). */
  scenarios: readonly ScenarioSummary[] = [],
): string {
  const withdrawn = resource.withdrawnAt !== null;
  const canPropose =
    !withdrawn && ordering !== undefined && ordering.offers.length > 0 && ordering.proposeIn.length > 0;
  return renderPage({
    actor,
    title: `${resource.title} - Ressource`,
    // Absolute when the public address is known (PUBLIC_URL), else relative to the site.
    jsonLd: jsonLdText(learningResourceJsonLd(resource, `${publicBase}${resource.url}`)),
    skipLinks: [
      // A withdrawn resource's page has no offers section to skip to.
      ...(withdrawn ? [] : [{ href: '#offres', label: 'Offres' }]),
      ...(infomediation ? [{ href: '#avis', label: 'Avis des enseignants' }] : []),
      ...(canPropose ? [{ href: '#proposer', label: 'Proposer cette ressource' }] : []),
    ],
    children: (
      <div class="fr-container fr-py-4w">
        <p>
          <a class="fr-link" href="/recherche">
            Rechercher dans le catalogue
          </a>
        </p>
        <h1>{resource.title}</h1>
        <div class="ccr-resource-summary fr-mb-3w">
          <PriceTag cost={resource.cost?.value ?? 'yes'} lowestPriceCents={resource.lowestPriceCents} />
          <p class="fr-mb-0">
            par <strong>{resource.producer.name}</strong>
          </p>
        </div>
        {infomediation && <RatingSummary info={infomediation.info} />}
        {withdrawn && (
          <div class="fr-alert fr-alert--warning fr-mb-3w">
            <h2 class="fr-alert__title">Ressource retirée du catalogue</h2>
            <p>
              Son éditeur l’a retirée le {formatDate(resource.withdrawnAt!)} : elle ne peut plus être
              commandée. Les commandes et abonnements déjà passés restent valables.
            </p>
          </div>
        )}
        {ordering?.notice && <ProductOrderNotice notice={ordering.notice} />}
        {canPropose && <ProductOrderLinks {...ordering} />}
        <section aria-labelledby="description">
          <h2 id="description">Description</h2>
          {paragraphs(resource.description).map((text) => (
            <p>{text}</p>
          ))}
        </section>
        <section class="fr-mt-4w" aria-labelledby="fiche">
          <h2 id="fiche">Fiche descriptive</h2>
          <Notice resource={resource} />
        </section>
        {withdrawn ? null : resource.offers.length > 0 ? (
          <Offers resource={resource} parse={parse} />
        ) : (
          <section class="fr-mt-6w" aria-labelledby="offres">
            <h2 id="offres">Offres</h2>
            <p>Cette ressource est en accès libre : aucune commande n’est nécessaire.</p>
          </section>
        )}
        {canPropose && <ProposeForm {...ordering} />}
        {canPropose && ordering.cartIn.length > 0 && <AddToCartForm {...ordering} />}
        {infomediation && (
          <InfomediationSections
            info={infomediation.info}
            csrfToken={actor?.csrfToken}
            notice={infomediation.notice}
          />
        )}
        {!withdrawn && <ResourceScenarios scenarios={scenarios} />}
      </div>
    ),
  });
}
