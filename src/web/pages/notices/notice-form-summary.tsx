// A notice as the catalogue's product page will show it: the title, the price tag and the producer, the
// description, the descriptive sheet (the product page's .ccr-notice list) and the offers table. Used by
// the form's preview (from what was typed, even before it is valid) and by a notice's page (its current
// version). Every value is text: Preact escapes it; only http(s) addresses become links.
import type { ComponentChildren } from 'preact';
import { deliveryLabels, tariffLabels } from '../../../modules/catalogue/catalogue.presenter.js';
import { licenceKinds, licences } from '../../../modules/catalogue/vocabulary.js';
import type { CriterionCheck } from '../../../modules/notices/notice-checklist.js';
import { vocabularyLabel } from '../../../modules/notices/publisher-notices.service.js';
import { countOf, formatDate, formatMoney, languageName, safeExternalUrl, shortLabel } from '../../format.js';
import { PriceTag } from '../catalogue/result-card.js';

export interface SummaryOffer {
  label: string;
  /** Undefined when what was typed is not an amount yet. */
  priceCents: number | undefined;
  tariff: string;
  licenceKind: string;
  seats: number | null;
  durationMonths: number | null;
  delivery: string;
  alsoCovers: readonly string[];
}

/** What the summary shows: a notice's fields, or what the form would submit. */
export interface SummaryFields {
  identifier: string;
  title: string;
  description: string;
  keywords: readonly string[];
  languages: readonly string[];
  levels: readonly string[];
  disciplines: readonly string[];
  types: readonly string[];
  formats: readonly string[];
  devices: readonly string[];
  cost?: string | undefined;
  licence?: string | undefined;
  updatedOn?: string | undefined;
  technicalRequirements: string;
  demoUrl?: string | undefined;
  offers: readonly SummaryOffer[];
}

/** The summary of what the form would submit (numbers that are not numbers yet shown as missing). */
export function summaryOfInput(input: Record<string, unknown>): SummaryFields {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const texts = (value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  const count = (value: unknown) => (typeof value === 'number' ? value : null);
  const offers = Array.isArray(input.offers) ? (input.offers as Record<string, unknown>[]) : [];
  return {
    identifier: text(input.identifier).trim(),
    title: text(input.title).trim(),
    description: text(input.description),
    keywords: texts(input.keywords),
    languages: texts(input.languages),
    levels: texts(input.levels),
    disciplines: texts(input.disciplines),
    types: texts(input.types),
    formats: texts(input.formats),
    devices: texts(input.devices),
    cost: text(input.cost) || undefined,
    licence: text(input.licence) || undefined,
    updatedOn: text(input.updatedOn) || undefined,
    technicalRequirements: text(input.technicalRequirements),
    demoUrl: text(input.demoUrl) || undefined,
    offers: offers.map((offer) => ({
      label: text(offer.label).trim(),
      priceCents: typeof offer.priceCents === 'number' ? offer.priceCents : undefined,
      tariff: text(offer.tariff),
      licenceKind: text(offer.licenceKind),
      seats: count(offer.seats),
      durationMonths: count(offer.durationMonths),
      delivery: text(offer.delivery),
      alsoCovers: texts(offer.alsoCovers),
    })),
  };
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function Fact({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <div class="ccr-notice__row">
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Labels({ values }: { values: readonly string[] }) {
  if (values.length === 0) return <>non renseigné</>;
  return (
    <ul class="ccr-inline-list">
      {values.map((value) => (
        <li>{shortLabel(vocabularyLabel(value))}</li>
      ))}
    </ul>
  );
}

const labelIn = (vocabulary: readonly { code: string; label: string }[], code: string | undefined) =>
  code === undefined ? undefined : (vocabulary.find((concept) => concept.code === code)?.label ?? code);

function licenceText(offer: SummaryOffer): string {
  const label = labelIn(licenceKinds, offer.licenceKind) ?? '';
  return offer.licenceKind === 'multi-seat' && offer.seats !== null
    ? `${label} ${countOf(offer.seats, 'poste')}`
    : label;
}

type Heading = 'h2' | 'h3' | 'h4';
const below: Record<Heading, Heading> = { h2: 'h3', h3: 'h4', h4: 'h4' };

/**
 * The notice as its product page: `heading` is the title's level (the sections' one below), `idPrefix`
 * keeps the ids apart when a page shows two summaries.
 */
export function NoticeSummary(props: {
  fields: SummaryFields;
  producerName: string;
  heading: Heading;
  idPrefix: string;
}) {
  const { fields, producerName, idPrefix } = props;
  const Title = props.heading;
  const Section = below[props.heading];
  const demo = safeExternalUrl(fields.demoUrl);
  const prices = fields.offers.flatMap((offer) => (offer.priceCents === undefined ? [] : [offer.priceCents]));
  const lowest = prices.length > 0 ? Math.min(...prices) : 0;
  const description = paragraphs(fields.description);
  return (
    <article aria-labelledby={`${idPrefix}-titre`}>
      <Title id={`${idPrefix}-titre`}>{fields.title || 'Sans titre'}</Title>
      <div class="ccr-resource-summary fr-mb-3w">
        <PriceTag cost={fields.cost ?? 'no'} lowestPriceCents={lowest} />
        <p class="fr-mb-0">
          par <strong>{producerName}</strong>
        </p>
      </div>
      <Section id={`${idPrefix}-description`}>Description</Section>
      {description.length > 0 ? description.map((text) => <p>{text}</p>) : <p>Aucune description.</p>}
      <Section id={`${idPrefix}-fiche`}>Fiche descriptive</Section>
      <dl class="ccr-notice">
        <Fact name="Producteur">{producerName}</Fact>
        <Fact name="Niveaux">
          <Labels values={fields.levels} />
        </Fact>
        <Fact name="Disciplines">
          <Labels values={fields.disciplines} />
        </Fact>
        <Fact name="Type de ressource">
          <Labels values={fields.types} />
        </Fact>
        <Fact name="Formats">
          <Labels values={fields.formats} />
        </Fact>
        <Fact name="Équipements">
          <Labels values={fields.devices} />
        </Fact>
        <Fact name="Coût">
          {fields.cost === 'yes' ? 'payant' : fields.cost === 'no' ? 'gratuit' : 'non renseigné'}
        </Fact>
        <Fact name="Licence">{labelIn(licences, fields.licence) ?? 'non renseignée'}</Fact>
        {fields.languages.length > 0 && (
          <Fact name="Langues">{fields.languages.map(languageName).join(', ')}</Fact>
        )}
        <Fact name="Prérequis techniques">{fields.technicalRequirements || 'non renseignés'}</Fact>
        <Fact name="Démonstration ou spécimen">
          {demo ? <a href={demo}>Voir la démonstration</a> : 'aucune démonstration en ligne'}
        </Fact>
        {fields.keywords.length > 0 && <Fact name="Mots-clés">{fields.keywords.join(', ')}</Fact>}
        <Fact name="Mise à jour le">
          {fields.updatedOn ? formatDate(fields.updatedOn) : 'non renseignée'}
        </Fact>
        <Fact name="Identifiant">{fields.identifier || 'non renseigné'}</Fact>
      </dl>
      <Section id={`${idPrefix}-offres`}>Offres ({fields.offers.length})</Section>
      {fields.cost === 'yes' && fields.offers.length > 0 ? (
        <div class="fr-table fr-table--bordered">
          <table tabIndex={0}>
            <caption>Offres de « {fields.title || 'Sans titre'} »</caption>
            <thead>
              <tr>
                <th scope="col">Offre</th>
                <th scope="col">Tarif</th>
                <th scope="col">Licence</th>
                <th scope="col">Durée</th>
                <th scope="col">Livraison</th>
                <th scope="col">Prix</th>
                <th scope="col">Contenu</th>
              </tr>
            </thead>
            <tbody>
              {fields.offers.map((offer) => (
                <tr>
                  <th scope="row">{offer.label || 'Sans libellé'}</th>
                  <td>{tariffLabels[offer.tariff as keyof typeof tariffLabels] ?? offer.tariff}</td>
                  <td>{licenceText(offer)}</td>
                  <td>
                    {offer.durationMonths === null ? 'sans limite de durée' : `${offer.durationMonths} mois`}
                  </td>
                  <td>{deliveryLabels[offer.delivery as keyof typeof deliveryLabels] ?? offer.delivery}</td>
                  <td class="ccr-money">
                    {offer.priceCents === undefined
                      ? 'prix à corriger'
                      : offer.priceCents === 0
                        ? 'Gratuit'
                        : formatMoney(offer.priceCents)}
                  </td>
                  <td>
                    {offer.alsoCovers.length === 0 ? (
                      'Cette ressource'
                    ) : (
                      <>
                        Cette ressource et {countOf(offer.alsoCovers.length, 'autre')} :{' '}
                        {offer.alsoCovers.join(', ')}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>
          {fields.cost === 'yes'
            ? 'Aucune offre : une ressource payante doit en proposer au moins une.'
            : 'Ressource gratuite ou en accès libre : aucune commande n’est nécessaire (les offres ne sont publiées que pour une ressource payante).'}
        </p>
      )}
    </article>
  );
}

/** The experts' checklist on the fields: each criterion, met or not, and why. */
export function Checklist(props: { checks: readonly CriterionCheck[]; heading: Heading; id: string }) {
  if (props.checks.length === 0) return null;
  const Title = props.heading;
  return (
    <section aria-labelledby={props.id} class="fr-mt-4w">
      <Title id={props.id}>Ce que les experts vérifieront</Title>
      <ul>
        {props.checks.map((check) => (
          <li>
            <p
              class={`fr-badge fr-badge--sm fr-mr-1w ${check.passed ? 'fr-badge--success' : 'fr-badge--warning'}`}
            >
              {check.passed ? 'conforme' : 'à revoir'}
            </p>
            <strong>{check.label}</strong> : {check.detail}
          </li>
        ))}
      </ul>
    </section>
  );
}
