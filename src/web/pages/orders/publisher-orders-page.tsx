// The publisher's lines: only its own offers' lines, filtered by state and by the days the orders were
// placed (a GET form), the totals of the filter (delivered: what to invoice), the CSV export of the same
// filter, and for each order the establishment to deliver and invoice (name, UAI, address, contact),
// its lines named by resource then offer, and the deliver and reject forms of the lines still pending.
import type { Actor } from '../../../modules/accounts/actor.js';
import type { PublisherLines } from '../../../modules/orders/fulfilment.service.js';
import type { PresentedProducerLine } from '../../../modules/orders/orders.presenter.js';
import { TextField } from '../../components/form-fields.js';
import { countOf, formatDate } from '../../format.js';
import { renderPage } from '../../layout.js';
import { Alert, CsrfField, LineRow, LinesTableFrame, lineTitle, Money, StatusBadge } from './common.js';
import {
  publisherQuery,
  stateChoices,
  type ParsedPublisherFilter,
  type PublisherFilterForm,
} from './publisher-filter.js';

export const PUBLISHER_LINES_PATH = '/editeur/commandes';

const deliveryFields: Record<string, { name: string; label: string; type: string }> = {
  'licence-key': { name: 'licenceKey', label: 'Clé de licence', type: 'text' },
  'access-url': { name: 'accessUrl', label: 'Adresse d’accès', type: 'url' },
  shipment: { name: 'shipmentNumber', label: 'Numéro d’envoi', type: 'text' },
};

/** The lines of one order on this page, with what the order and its establishment say once. */
interface OrderGroup {
  order: PresentedProducerLine['order'];
  establishment: PresentedProducerLine['establishment'];
  lines: PresentedProducerLine[];
}

function byOrder(lines: readonly PresentedProducerLine[]): OrderGroup[] {
  const groups: OrderGroup[] = [];
  for (const line of lines) {
    const last = groups[groups.length - 1];
    if (last && last.order.id === line.order.id) last.lines.push(line);
    else groups.push({ order: line.order, establishment: line.establishment, lines: [line] });
  }
  return groups;
}

function FilterForm({ parsed }: { parsed: ParsedPublisherFilter }) {
  const { form, errors } = parsed;
  return (
    <form method="get" action={PUBLISHER_LINES_PATH} class="fr-mb-4w" aria-labelledby="filtre-titre">
      <h2 id="filtre-titre" class="fr-h4">
        Filtrer les lignes
      </h2>
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-4">
          <div class={errors.etat ? 'fr-select-group fr-select-group--error' : 'fr-select-group'}>
            <label class="fr-label" for="filtre-etat">
              État des lignes
            </label>
            <select
              class="fr-select"
              id="filtre-etat"
              name="etat"
              aria-describedby={errors.etat ? 'filtre-etat-error' : undefined}
            >
              <option value="" selected={form.etat === ''}>
                Tous les états
              </option>
              {stateChoices.map((choice) => (
                <option value={choice.param} selected={form.etat === choice.param}>
                  {choice.label}
                </option>
              ))}
            </select>
            {errors.etat && (
              <p class="fr-error-text" id="filtre-etat-error">
                {errors.etat}
              </p>
            )}
          </div>
        </div>
        <div class="fr-col-6 fr-col-md-4">
          <TextField
            id="filtre-du"
            name="du"
            type="date"
            label="Commandes passées du"
            hint="Jour inclus"
            value={form.du}
            error={errors.du}
            required={false}
          />
        </div>
        <div class="fr-col-6 fr-col-md-4">
          <TextField
            id="filtre-au"
            name="au"
            type="date"
            label="au"
            hint="Jour inclus"
            value={form.au}
            error={errors.au}
            required={false}
          />
        </div>
      </div>
      <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
        <li>
          <button type="submit" class="fr-btn">
            Filtrer
          </button>
        </li>
        <li>
          <a class="fr-btn fr-btn--tertiary" href={PUBLISHER_LINES_PATH}>
            Effacer le filtre
          </a>
        </li>
      </ul>
    </form>
  );
}

function Totals({ data, form }: { data: PublisherLines; form: PublisherFilterForm }) {
  const { summary } = data;
  return (
    <section aria-labelledby="totaux-titre" class="fr-mb-4w">
      <h2 id="totaux-titre" class="fr-h4">
        Totaux du filtre
      </h2>
      <dl class="ccr-order-summary" id="totaux">
        <dt>À facturer (lignes livrées)</dt>
        <dd>
          <Money cents={summary.deliveredCents} />,{' '}
          {countOf(summary.delivered, 'ligne livrée', 'lignes livrées')}
        </dd>
        <dt>À livrer</dt>
        <dd>
          <Money cents={summary.pendingCents} />, {countOf(summary.pending, 'ligne', 'lignes')}
        </dd>
        <dt>Lignes du filtre</dt>
        <dd>{countOf(summary.lines, 'ligne', 'lignes')}</dd>
      </dl>
      {summary.lines > 0 && (
        <p class="fr-mt-2w">
          <a
            class="fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-download-line"
            href={`${PUBLISHER_LINES_PATH}.csv${publisherQuery(form)}`}
            download
          >
            Télécharger ces lignes (CSV)
          </a>
        </p>
      )}
    </section>
  );
}

function EstablishmentContact({ establishment }: { establishment: OrderGroup['establishment'] }) {
  const mail = establishment.contactEmail;
  return (
    <address class="fr-mb-2w">
      {establishment.name} (UAI {establishment.uai})
      <br />
      {establishment.address ?? 'Adresse non renseignée'}
      <br />
      {mail ? <a href={`mailto:${mail}`}>{mail}</a> : 'Courriel non renseigné'}
      {establishment.contactPhone && (
        <>
          {' — '}
          <a href={`tel:${establishment.contactPhone.replace(/[^\d+]/g, '')}`}>
            {establishment.contactPhone}
          </a>
        </>
      )}
    </address>
  );
}

function LinesTable({ group }: { group: OrderGroup }) {
  return (
    <LinesTableFrame caption={`Vos lignes de la commande n° ${group.order.id}`}>
      {group.lines.map((line) => (
        <LineRow
          line={line}
          delivery={line.deliveredAt && <p class="fr-mb-1v">Livrée le {formatDate(line.deliveredAt)}</p>}
        />
      ))}
    </LinesTableFrame>
  );
}

/** The filter and page as hidden fields: after delivering, the publisher comes back to the same view. */
function KeepFilter({ form, page }: { form: PublisherFilterForm; page: number }) {
  return (
    <>
      {form.etat && <input type="hidden" name="etat" value={form.etat} />}
      {form.du && <input type="hidden" name="du" value={form.du} />}
      {form.au && <input type="hidden" name="au" value={form.au} />}
      {page > 1 && <input type="hidden" name="page" value={String(page)} />}
    </>
  );
}

function LineForms(props: {
  line: PresentedProducerLine;
  csrfToken: string;
  form: PublisherFilterForm;
  page: number;
}) {
  const { line, csrfToken, form, page } = props;
  const field = deliveryFields[line.delivery.value] ?? deliveryFields['access-url']!;
  const base = `${PUBLISHER_LINES_PATH}/${line.order.id}/lignes/${line.id}`;
  const named = lineTitle(line.resources, line.label);
  return (
    <div class="fr-grid-row fr-grid-row--gutters fr-mb-3w">
      <form method="post" action={`${base}/livrer`} class="fr-col-12 fr-col-md-6">
        <CsrfField token={csrfToken} />
        <KeepFilter form={form} page={page} />
        <div class="fr-input-group">
          <label class="fr-label" for={`livrer-${line.id}`}>
            {field.label} pour « {named} »
          </label>
          <input class="fr-input" type={field.type} id={`livrer-${line.id}`} name={field.name} required />
        </div>
        <button type="submit" class="fr-btn fr-btn--sm">
          Livrer<span class="fr-sr-only"> « {named} »</span>
        </button>
      </form>
      <form method="post" action={`${base}/rejeter`} class="fr-col-12 fr-col-md-6">
        <CsrfField token={csrfToken} />
        <KeepFilter form={form} page={page} />
        <div class="fr-input-group">
          <label class="fr-label" for={`rejeter-${line.id}`}>
            Motif du refus de « {named} »
          </label>
          <input
            class="fr-input"
            type="text"
            id={`rejeter-${line.id}`}
            name="reason"
            required
            minLength={3}
          />
        </div>
        <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
          Refuser<span class="fr-sr-only"> « {named} »</span>
        </button>
      </form>
    </div>
  );
}

function Pager({ data, form }: { data: PublisherLines; form: PublisherFilterForm }) {
  const last = Math.max(1, Math.ceil(data.summary.lines / data.pageSize));
  if (last <= 1) return null;
  const href = (page: number) => `${PUBLISHER_LINES_PATH}${publisherQuery(form, page)}`;
  return (
    <nav role="navigation" class="fr-pagination fr-mt-4w" aria-label="Pagination des lignes">
      <ul class="fr-pagination__list">
        <li>
          {data.page > 1 ? (
            <a
              class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label"
              href={href(data.page - 1)}
            >
              Page précédente
            </a>
          ) : (
            <a
              class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label"
              aria-disabled="true"
              role="link"
            >
              Page précédente
            </a>
          )}
        </li>
        <li>
          <a class="fr-pagination__link" aria-current="page" title={`Page ${data.page} sur ${last}`}>
            {data.page} / {last}
          </a>
        </li>
        <li>
          {data.page < last ? (
            <a
              class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label"
              href={href(data.page + 1)}
            >
              Page suivante
            </a>
          ) : (
            <a
              class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label"
              aria-disabled="true"
              role="link"
            >
              Page suivante
            </a>
          )}
        </li>
      </ul>
    </nav>
  );
}

export function renderPublisherOrdersPage(options: {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  data: PublisherLines;
  parsed: ParsedPublisherFilter;
  csrfToken: string;
  notice?: string | undefined;
  error?: string | undefined;
}): string {
  const { data, parsed, csrfToken, notice, error } = options;
  const groups = byOrder(data.lines);
  const filtered = Boolean(parsed.form.etat || parsed.form.du || parsed.form.au);
  const invalid = Object.keys(parsed.errors).length > 0;
  return renderPage({
    actor: options.actor,
    title: 'Commandes reçues',
    children: (
      <div class="fr-container fr-py-4w">
        <h1>Commandes reçues</h1>
        <p>
          Seules les lignes portant sur vos offres sont affichées, de la commande la plus récente à la plus
          ancienne.
        </p>
        {notice && <Alert kind="success" title={notice} />}
        {error && (
          <Alert kind="error" title="Action impossible">
            <p>{error}</p>
          </Alert>
        )}
        {invalid && (
          <Alert kind="error" title="Filtre non appliqué">
            <p>Corrigez le filtre ci-dessous : toutes vos lignes sont affichées en attendant.</p>
          </Alert>
        )}
        <FilterForm parsed={parsed} />
        <Totals data={data} form={parsed.form} />
        {groups.length === 0 && (
          <p>{filtered ? 'Aucune ligne ne correspond à ce filtre.' : 'Aucune commande pour vos offres.'}</p>
        )}
        {groups.map((group) => (
          <section
            class="fr-mb-6w"
            id={`commande-${group.order.id}`}
            aria-labelledby={`commande-${group.order.id}-titre`}
          >
            <h2 id={`commande-${group.order.id}-titre`}>
              Commande n° {group.order.id} — {group.establishment.name} ({group.establishment.uai})
            </h2>
            <StatusBadge status={group.order.status.value} />
            <p class="fr-mt-1w">
              Passée le {formatDate(group.order.placedAt)}, vos lignes affichées :{' '}
              <Money cents={group.lines.reduce((sum, line) => sum + line.lineTotalCents, 0)} />
            </p>
            <EstablishmentContact establishment={group.establishment} />
            <LinesTable group={group} />
            {group.lines
              .filter((line) => line.status.value === 'pending')
              .map((line) => (
                <LineForms line={line} csrfToken={csrfToken} form={parsed.form} page={data.page} />
              ))}
          </section>
        ))}
        <Pager data={data} form={parsed.form} />
      </div>
    ),
  });
}
