// The DSFR search bar, shared by the home, results and error pages. Inside a GET form, it submits `q`.
interface SearchBarProps {
  /** The input id; each page has one search bar, but ids must stay unique if that changes. */
  id?: string;
  value?: string;
  large?: boolean;
}

export function SearchBar({ id = 'q', value = '', large = false }: SearchBarProps) {
  return (
    <div class={large ? 'fr-search-bar fr-search-bar--lg' : 'fr-search-bar'} role="search">
      <label class="fr-label" for={id}>
        Rechercher une ressource
      </label>
      <input
        class="fr-input"
        type="search"
        id={id}
        name="q"
        value={value}
        maxLength={200}
        placeholder="Ex. : énergie, fractions, Moyen Âge"
      />
      <button class="fr-btn" type="submit" title="Rechercher">
        Rechercher
      </button>
    </div>
  );
}

/** A stand-alone search form, for pages that are not the results page. */
export function SearchForm(props: SearchBarProps) {
  return (
    <form action="/recherche" method="get">
      <SearchBar {...props} />
    </form>
  );
}
