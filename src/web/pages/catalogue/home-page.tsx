// The home page: one search box across the whole catalogue (what the 2011 catalogue lacked), and entry
// points by cycle, by discipline and for free resources, each with its number of resources.
import type { Actor } from '../../../modules/accounts/actor.js';
import type { FacetCount, SearchResult } from '../../../modules/catalogue/search.service.js';
import { countOf, formatCount, shortLabel } from '../../format.js';
import { renderPage } from '../../layout.js';
import { SearchForm } from '../../search-bar.js';

function EntryLinks({ values, param }: { values: FacetCount[]; param: string }) {
  return (
    <ul class="fr-tags-group">
      {values.map((value) => (
        <li>
          <a class="fr-tag" href={`/recherche?${new URLSearchParams({ [param]: value.value }).toString()}`}>
            {shortLabel(value.label)} ({formatCount(value.count)})
          </a>
        </li>
      ))}
    </ul>
  );
}

export function renderHomePage(catalogue: SearchResult, actor?: Actor): string {
  // Cycles and tracks only: their classes are one click further, in the results page facet.
  const cycles = catalogue.facets.level.filter((value) => value.parent === undefined);
  const disciplines = [...catalogue.facets.discipline].sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  const free = catalogue.facets.cost.find((value) => value.value === 'no');
  return renderPage({
    actor,
    title: 'Accueil',
    children: (
      <>
        <div class="ccr-hero fr-py-6w">
          <div class="fr-container">
            <h1>Trouvez des ressources numériques pour vos élèves</h1>
            <p class="fr-text--lead">
              Manuels numériques, animations, exerciseurs, vidéos : {countOf(catalogue.total, 'ressource')}{' '}
              d’éditeurs, d’organismes publics et d’enseignants, gratuites ou payantes, dans un seul
              catalogue.
            </p>
            <div class="ccr-narrow">
              <SearchForm id="recherche-accueil" large />
            </div>
          </div>
        </div>
        <div class="fr-container fr-py-6w">
          <p>
            Cherchez par mots, puis affinez par niveau, discipline, type de ressource, format ou prix. Chaque
            ressource a une seule page qui compare toutes ses offres : tarif adoptant, licence monoposte ou
            établissement, abonnement ou achat définitif, lots.
          </p>
          <section class="fr-mt-4w" aria-labelledby="par-cycle">
            <h2 id="par-cycle">Par cycle ou par voie</h2>
            <EntryLinks values={cycles} param="level" />
          </section>
          <section class="fr-mt-4w" aria-labelledby="par-discipline">
            <h2 id="par-discipline">Par discipline</h2>
            <EntryLinks values={disciplines} param="discipline" />
          </section>
          <section class="fr-mt-4w" aria-labelledby="gratuites">
            <h2 id="gratuites">Ressources gratuites</h2>
            <p>
              Ressources des portails disciplinaires, des organismes publics, des communautés et des
              enseignants, utilisables sans commande.
            </p>
            <a class="fr-btn fr-btn--secondary" href="/recherche?cost=no">
              Voir les{' '}
              {free
                ? countOf(free.count, 'ressource gratuite', 'ressources gratuites')
                : 'ressources gratuites'}
            </a>
          </section>
        </div>
      </>
    ),
  });
}
