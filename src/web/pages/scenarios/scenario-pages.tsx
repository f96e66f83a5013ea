// The scenarios' pages: the search (/scenarios: words, level, discipline), a scenario (its steps, each
// a resource of the catalogue, and the credit of the scenario it was adapted from), the form pages, and
// the product page's section listing the scenarios that link the resource.
import type { Actor } from '../../../modules/accounts/actor.js';
import { disciplines, levels } from '../../../modules/catalogue/vocabulary.js';
import type {
  ScenarioSearchResult,
  ScenarioSummary,
  ScenarioView,
} from '../../../modules/scenarios/scenarios.service.js';
import type { ScenarioSearch } from '../../../modules/scenarios/scenarios.schema.js';
import { Breadcrumb } from '../../breadcrumb.js';
import { SelectField } from '../../components/form-fields.js';
import { countOf, formatDate, shortLabel } from '../../format.js';
import { renderPage } from '../../layout.js';
import { CsrfField, FlashAlerts, type Flash } from '../../page-kit.js';
import {
  ScenarioForm,
  type ResourceMatch,
  type ScenarioFormErrors,
  type ScenarioFormValues,
} from './scenario-form.js';

export function durationText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, '0')}`;
}

/** "adapté de « … » par …": the credit a copy gives its original. */
export function Credit({ scenario }: { scenario: ScenarioSummary }) {
  if (!scenario.adaptedFrom) return null;
  return (
    <p class="fr-text--sm fr-mb-1v">
      adapté de « <a href={scenario.adaptedFrom.url}>{scenario.adaptedFrom.title}</a> » par{' '}
      {scenario.adaptedFrom.author}
    </p>
  );
}

function ScenarioCard({ scenario, level = 'h2' }: { scenario: ScenarioSummary; level?: 'h2' | 'h3' }) {
  const Heading = level;
  return (
    <li class="fr-mb-3w">
      <Heading class="fr-h5 fr-mb-1v">
        <a href={scenario.url}>{scenario.title}</a>
      </Heading>
      <p class="fr-mb-1v">
        {shortLabel(scenario.level.label)} · {shortLabel(scenario.discipline.label)} ·{' '}
        {durationText(scenario.durationMinutes)} · par {scenario.author}
      </p>
      <Credit scenario={scenario} />
    </li>
  );
}

/** The product page's section: the scenarios whose steps link this resource. */
export function ResourceScenarios({ scenarios }: { scenarios: readonly ScenarioSummary[] }) {
  return (
    <section class="fr-mt-6w" aria-labelledby="scenarios">
      <h2 id="scenarios">Scénarios d’usage</h2>
      {scenarios.length === 0 ? (
        <p>Aucun scénario n’utilise encore cette ressource.</p>
      ) : (
        <ul class="fr-raw-list">
          {scenarios.map((scenario) => (
            <ScenarioCard scenario={scenario} level="h3" />
          ))}
        </ul>
      )}
      <p>
        <a class="fr-link" href="/scenarios">
          Tous les scénarios
        </a>
      </p>
    </section>
  );
}

export function renderScenarioSearchPage(props: {
  actor: Actor | undefined;
  search: ScenarioSearch;
  result: ScenarioSearchResult;
  canWrite: boolean;
  error?: string | undefined;
}): string {
  const { search, result } = props;
  const pageUrl = (page: number) => {
    const query = new URLSearchParams();
    if (search.q) query.set('q', search.q);
    if (search.level) query.set('niveau', search.level);
    if (search.discipline) query.set('discipline', search.discipline);
    query.set('page', String(page));
    return `/scenarios?${query.toString()}`;
  };
  return renderPage({
    actor: props.actor,
    title: 'Scénarios d’usage',
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Scénarios d’usage' }]} />
        <h1>Scénarios d’usage</h1>
        <p>
          Des séquences écrites par des enseignants : objectifs, niveau, durée et étapes, chacune avec une
          ressource du catalogue. Copiez-en une pour l’adapter à votre classe.
        </p>
        {props.canWrite && (
          <p>
            <a class="fr-btn fr-btn--secondary" href="/scenarios/nouveau">
              Écrire un scénario
            </a>
          </p>
        )}
        <FlashAlerts flash={{ error: props.error }} />
        <form method="get" action="/scenarios" aria-labelledby="chercher-scenarios">
          <h2 id="chercher-scenarios" class="fr-h4">
            Chercher un scénario
          </h2>
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-4">
              <div class="fr-input-group">
                <label class="fr-label" for="q">
                  Mots
                </label>
                <input class="fr-input" type="search" id="q" name="q" value={search.q} />
              </div>
            </div>
            <div class="fr-col-12 fr-col-md-3">
              <SelectField
                id="niveau"
                name="niveau"
                label="Niveau"
                options={[
                  { value: '', label: 'Tous les niveaux' },
                  ...levels.map((level) => ({
                    value: level.code,
                    label: level.parent ? `— ${shortLabel(level.label)}` : shortLabel(level.label),
                  })),
                ]}
                value={search.level ?? ''}
              />
            </div>
            <div class="fr-col-12 fr-col-md-3">
              <SelectField
                id="discipline"
                name="discipline"
                label="Discipline"
                options={[
                  { value: '', label: 'Toutes les disciplines' },
                  ...disciplines.map((discipline) => ({
                    value: discipline.code,
                    label: shortLabel(discipline.label),
                  })),
                ]}
                value={search.discipline ?? ''}
              />
            </div>
            <div class="fr-col-12 fr-col-md-2 ccr-align-end">
              <button type="submit" class="fr-btn fr-mt-4w">
                Chercher
              </button>
            </div>
          </div>
        </form>
        <p class="fr-mt-3w" role="status">
          {countOf(result.total, 'scénario')}
        </p>
        <ul class="fr-raw-list">
          {result.items.map((scenario) => (
            <ScenarioCard scenario={scenario} />
          ))}
        </ul>
        {result.pageCount > 1 && (
          <nav role="navigation" class="fr-pagination" aria-label="Pagination">
            <ul class="fr-pagination__list">
              {result.page > 1 && (
                <li>
                  <a class="fr-pagination__link fr-pagination__link--prev" href={pageUrl(result.page - 1)}>
                    Page précédente
                  </a>
                </li>
              )}
              <li>
                <a class="fr-pagination__link" aria-current="page">
                  {result.page}
                </a>
              </li>
              {result.page < result.pageCount && (
                <li>
                  <a class="fr-pagination__link fr-pagination__link--next" href={pageUrl(result.page + 1)}>
                    Page suivante
                  </a>
                </li>
              )}
            </ul>
          </nav>
        )}
      </div>
    ),
  });
}

export function renderScenarioPage(props: {
  actor: Actor | undefined;
  scenario: ScenarioView;
  flash?: Flash;
}): string {
  const { scenario } = props;
  return renderPage({
    actor: props.actor,
    title: `${scenario.title} - Scénario d’usage`,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Scénarios d’usage', href: '/scenarios' },
            { label: scenario.title },
          ]}
        />
        <h1>{scenario.title}</h1>
        <FlashAlerts flash={props.flash ?? {}} />
        <p>
          par <strong>{scenario.author}</strong>, mis à jour le {formatDate(scenario.updatedOn)}
        </p>
        <Credit scenario={scenario} />
        <dl class="ccr-notice">
          <div class="ccr-notice__row">
            <dt>Niveau</dt>
            <dd>{shortLabel(scenario.level.label)}</dd>
          </div>
          <div class="ccr-notice__row">
            <dt>Discipline</dt>
            <dd>{shortLabel(scenario.discipline.label)}</dd>
          </div>
          <div class="ccr-notice__row">
            <dt>Durée</dt>
            <dd>{durationText(scenario.durationMinutes)}</dd>
          </div>
        </dl>
        <h2 class="fr-mt-4w">Objectifs</h2>
        {scenario.objectives.split(/\n\s*\n/).map((paragraph) => (
          <p>{paragraph}</p>
        ))}
        <h2>Étapes</h2>
        <ol>
          {scenario.steps.map((step) => (
            <li class="fr-mb-2w">
              <a href={step.resource.url}>{step.resource.title}</a>
              {step.resource.withdrawn && ' (retirée du catalogue)'}
              <p class="fr-mb-0">{step.instruction}</p>
            </li>
          ))}
        </ol>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
          {scenario.can.edit && (
            <li>
              <a class="fr-btn fr-btn--secondary" href={`${scenario.url}/modifier`}>
                Modifier
              </a>
            </li>
          )}
          {scenario.can.copy && props.actor && (
            <li>
              <form method="post" action={`${scenario.url}/copier`}>
                <CsrfField token={props.actor.csrfToken} />
                <button type="submit" class="fr-btn">
                  Copier et adapter
                </button>
              </form>
            </li>
          )}
        </ul>
      </div>
    ),
  });
}

export function renderScenarioFormPage(props: {
  actor: Actor;
  title: string;
  action: string;
  values: ScenarioFormValues;
  errors: ScenarioFormErrors;
  errorTitle?: string | undefined;
  matches?: ResourceMatch[] | undefined;
  titles: ReadonlyMap<number, string>;
  adaptedFrom?: ScenarioSummary['adaptedFrom'];
  flash?: Flash;
}): string {
  return renderPage({
    actor: props.actor,
    title: props.title,
    children: (
      <div class="fr-container fr-py-4w">
        <Breadcrumb
          items={[
            { label: 'Accueil', href: '/' },
            { label: 'Scénarios d’usage', href: '/scenarios' },
            { label: props.title },
          ]}
        />
        <h1>{props.title}</h1>
        <FlashAlerts flash={props.flash ?? {}} />
        {props.adaptedFrom && (
          <p>
            Adapté de « <a href={props.adaptedFrom.url}>{props.adaptedFrom.title}</a> » par{' '}
            {props.adaptedFrom.author} : ce crédit reste affiché sur votre version.
          </p>
        )}
        <ScenarioForm
          action={props.action}
          csrfToken={props.actor.csrfToken}
          values={props.values}
          errors={props.errors}
          errorTitle={props.errorTitle}
          matches={props.matches}
          titles={props.titles}
          submitLabel="Enregistrer le scénario"
        />
      </div>
    ),
  });
}
