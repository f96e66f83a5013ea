// The left column of the results page: one fieldset of checkboxes per facet, with counts, and the
// price range. Plain form fields submitted by the "Appliquer les filtres" button, which stays in view
// (sticky) and works without JavaScript. With JavaScript, static/search-filters.js submits the form as
// soon as a box is ticked; the sentence it reveals says so first (RGAA 7.5: a change of context on a
// checkbox must be announced).
import type { FacetCount, SearchResult } from '../../../modules/catalogue/search.service.js';
import {
  facetKeys,
  facetLabels,
  rankingFacetKeys,
  type FacetKey,
} from '../../../modules/catalogue/vocabulary.js';
import { formatCount, shortLabel } from '../../format.js';
import { foldFacetValues } from './facet-tree.js';
import type { SearchState } from './search-url.js';

/** Long facets show this many values, the rest behind a disclosure. */
const VISIBLE_VALUES = 8;

function FacetCheckbox({ facet, value, index }: { facet: FacetKey; value: FacetCount; index: number }) {
  const id = `f-${facet}-${index}`;
  return (
    <div class={value.parent ? 'fr-fieldset__element ccr-facet-child' : 'fr-fieldset__element'}>
      <div class="fr-checkbox-group fr-checkbox-group--sm">
        <input type="checkbox" id={id} name={facet} value={value.value} checked={value.selected} />
        <label class="fr-label" for={id}>
          {shortLabel(value.label)} ({formatCount(value.count)})
        </label>
      </div>
    </div>
  );
}

/** Levels: each cycle or track, its classes behind a disclosure, open when one of them is ticked. */
function LevelFieldset({ values }: { values: FacetCount[] }) {
  const indexOf = new Map(values.map((value, index) => [value.value, index]));
  return (
    <fieldset class="fr-fieldset ccr-facet">
      <legend class="fr-fieldset__legend fr-fieldset__legend--regular ccr-facet__legend">
        {facetLabels.level}
      </legend>
      {foldFacetValues(values).map(({ value, children }) => (
        <>
          <FacetCheckbox facet="level" value={value} index={indexOf.get(value.value)!} />
          {children.length > 0 && (
            <details class="ccr-facet__more" open={children.some((child) => child.selected)}>
              <summary>
                Détailler : {shortLabel(value.label)} (
                {children.length === 1 ? '1 classe' : `${children.length} classes`})
              </summary>
              {children.map((child) => (
                <FacetCheckbox facet="level" value={child} index={indexOf.get(child.value)!} />
              ))}
            </details>
          )}
        </>
      ))}
    </fieldset>
  );
}

function FacetFieldset({ facet, values }: { facet: FacetKey; values: FacetCount[] }) {
  if (facet === 'level') return <LevelFieldset values={values} />;
  const numbered = values.map((value, index) => ({ value, index }));
  const cut = values.length > VISIBLE_VALUES + 2;
  const visible = cut
    ? numbered.filter(({ value, index }) => index < VISIBLE_VALUES || value.selected)
    : numbered;
  const hidden = cut ? numbered.filter(({ value, index }) => index >= VISIBLE_VALUES && !value.selected) : [];
  return (
    <fieldset class="fr-fieldset ccr-facet">
      <legend class="fr-fieldset__legend fr-fieldset__legend--regular ccr-facet__legend">
        {facetLabels[facet]}
      </legend>
      {visible.map(({ value, index }) => (
        <FacetCheckbox facet={facet} value={value} index={index} />
      ))}
      {hidden.length > 0 && (
        <details class="ccr-facet__more">
          <summary>
            {hidden.length === 1 ? 'Afficher 1 autre valeur' : `Afficher ${hidden.length} autres valeurs`}
          </summary>
          {hidden.map(({ value, index }) => (
            <FacetCheckbox facet={facet} value={value} index={index} />
          ))}
        </details>
      )}
    </fieldset>
  );
}

/** The one-value facets (note ≥ 4, appraisal, RIP label, teacher's resource) share one fieldset. */
function RankingFieldset({ result }: { result: SearchResult }) {
  const shown = rankingFacetKeys.flatMap((facet) =>
    result.facets[facet].slice(0, 1).map((value) => ({ facet, value })),
  );
  if (shown.length === 0) return null;
  return (
    <fieldset class="fr-fieldset ccr-facet">
      <legend class="fr-fieldset__legend fr-fieldset__legend--regular ccr-facet__legend">
        Avis et origine
      </legend>
      {shown.map(({ facet, value }) => (
        <FacetCheckbox facet={facet} value={value} index={0} />
      ))}
    </fieldset>
  );
}

function PriceBound({
  name,
  label,
  value,
}: {
  name: 'priceMin' | 'priceMax';
  label: string;
  value: number | undefined;
}) {
  return (
    <div class="fr-fieldset__element fr-fieldset__element--inline ccr-price-range">
      <div class="fr-input-group">
        <label class="fr-label" for={name}>
          {label}
        </label>
        <input class="fr-input" type="text" id={name} name={name} inputMode="numeric" value={value ?? ''} />
      </div>
    </div>
  );
}

function PriceRange({ state }: { state: SearchState }) {
  return (
    <fieldset class="fr-fieldset ccr-facet">
      <legend class="fr-fieldset__legend fr-fieldset__legend--regular ccr-facet__legend">
        Fourchette de prix, en euros
      </legend>
      <PriceBound name="priceMin" label="Minimum" value={state.priceMin} />
      <PriceBound name="priceMax" label="Maximum" value={state.priceMax} />
    </fieldset>
  );
}

/**
 * The values a facet offers in the panel. "gratuit" is offered once, under Coût: the price band of the
 * same meaning (lowest price 0 €) is left out there unless the URL selected it. Both filters still work.
 */
export function shownValues(result: SearchResult, facet: FacetKey): FacetCount[] {
  const values = result.facets[facet];
  if (facet !== 'price' || result.facets.cost.length === 0) return values;
  return values.filter((value) => value.value !== 'free' || value.selected);
}

export function FacetFilters({ result, state }: { result: SearchResult; state: SearchState }) {
  return (
    <div class="ccr-filters" id="filtres">
      <h2 class="fr-h5">Filtrer les résultats</h2>
      {/* Revealed by static/search-filters.js: only true when the script runs. */}
      <p class="fr-text--sm ccr-filters__auto" hidden>
        Les résultats se mettent à jour dès qu’une case est cochée ou décochée.
      </p>
      {facetKeys.map((facet) => {
        if ((rankingFacetKeys as readonly string[]).includes(facet)) return null;
        const values = shownValues(result, facet);
        return values.length > 0 ? <FacetFieldset facet={facet} values={values} /> : null;
      })}
      <RankingFieldset result={result} />
      <PriceRange state={state} />
      <div class="ccr-filters__apply">
        <button class="fr-btn" type="submit">
          Appliquer les filtres
        </button>
      </div>
    </div>
  );
}
