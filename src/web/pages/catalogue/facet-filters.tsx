// The left column of the results page: one fieldset of checkboxes per facet, with counts, and the
// price range. Plain form fields submitted by the "Appliquer les filtres" button: no JavaScript needed.
// We do not auto-submit on change: an unannounced page change on a checkbox is a change of context
// that RGAA (criterion 7.5) asks to avoid.
import type { FacetCount, SearchResult } from '../../../modules/catalogue/search.service.js';
import { facetKeys, facetLabels, type FacetKey } from '../../../modules/catalogue/vocabulary.js';
import { formatCount, shortLabel } from '../../format.js';
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

function FacetFieldset({ facet, values }: { facet: FacetKey; values: FacetCount[] }) {
  const numbered = values.map((value, index) => ({ value, index }));
  // The level facet is a hierarchy (cycles and their classes): cutting it would orphan classes.
  const cut = facet !== 'level' && values.length > VISIBLE_VALUES + 2;
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

function PriceRange({ state }: { state: SearchState }) {
  return (
    <fieldset class="fr-fieldset ccr-facet">
      <legend class="fr-fieldset__legend fr-fieldset__legend--regular ccr-facet__legend">
        Fourchette de prix, en euros
      </legend>
      <div class="fr-fieldset__element fr-fieldset__element--inline ccr-price-range">
        <div class="fr-input-group">
          <label class="fr-label" for="priceMin">
            Minimum
          </label>
          <input
            class="fr-input"
            type="text"
            id="priceMin"
            name="priceMin"
            inputMode="numeric"
            value={state.priceMin ?? ''}
          />
        </div>
      </div>
      <div class="fr-fieldset__element fr-fieldset__element--inline ccr-price-range">
        <div class="fr-input-group">
          <label class="fr-label" for="priceMax">
            Maximum
          </label>
          <input
            class="fr-input"
            type="text"
            id="priceMax"
            name="priceMax"
            inputMode="numeric"
            value={state.priceMax ?? ''}
          />
        </div>
      </div>
    </fieldset>
  );
}

export function FacetFilters({ result, state }: { result: SearchResult; state: SearchState }) {
  return (
    <div class="ccr-filters" id="filtres">
      <h2 class="fr-h5">Filtrer les résultats</h2>
      {facetKeys.map((facet) =>
        result.facets[facet].length > 0 ? (
          <FacetFieldset facet={facet} values={result.facets[facet]} />
        ) : null,
      )}
      <PriceRange state={state} />
      <button class="fr-btn" type="submit">
        Appliquer les filtres
      </button>
    </div>
  );
}
