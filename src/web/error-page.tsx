// The page shown for any failure outside the API: what went wrong in French, and two ways out (home
// and a new search), so an error is never a dead end.
import type { Actor } from '../modules/accounts/actor.js';
import { renderPage } from './layout.js';
import { SearchForm } from './search-bar.js';

const titles: Record<number, string> = {
  400: 'Requête invalide',
  401: 'Connexion nécessaire',
  403: 'Accès refusé',
  404: 'Page introuvable',
  409: 'Conflit',
  503: 'Service momentanément indisponible',
};

export function errorTitle(status: number): string {
  return titles[status] ?? (status >= 500 ? 'Erreur inattendue' : 'Requête impossible');
}

export function renderErrorPage(status: number, message: string, actor?: Actor): string {
  const title = errorTitle(status);
  return renderPage({
    actor,
    title,
    children: (
      <div class="fr-container fr-py-6w">
        <h1>{title}</h1>
        <p class="fr-text--sm fr-mb-3w">Erreur {status}</p>
        <p class="fr-text--lead fr-mb-3w">{message}</p>
        <p>Vous pouvez lancer une nouvelle recherche ou revenir à la page d’accueil.</p>
        <div class="ccr-narrow fr-mb-4w">
          <SearchForm id="recherche-erreur" />
        </div>
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <a class="fr-btn" href="/">
              Page d’accueil
            </a>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href="/recherche">
              Toutes les ressources
            </a>
          </li>
        </ul>
      </div>
    ),
  });
}
