// The page shell every public page shares: DSFR header, skip links, main landmark and footer.
// No inline script or style anywhere (the CSP is 'self' only), and nothing from another host.
import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import type { Actor } from '../modules/accounts/actor.js';
import { APP_ASSETS_BASE, DSFR_BASE, DSFR_ICON_STYLESHEETS } from './assets.js';
import { HeaderAccountLinks } from './pages/accounts/account-link.js';

export const SERVICE_NAME = 'Catalogue chèque ressources';
const TAGLINE = 'Les ressources numériques éducatives, gratuites et payantes, en un seul catalogue';

export interface SkipLink {
  href: string;
  label: string;
}

export interface PageOptions {
  /** What the page is about; the service name is appended, as the DSFR recommends. */
  title: string;
  /** Extra skip links (the content and footer links are always there). */
  skipLinks?: SkipLink[];
  /** The signed-in user, for the header's account links ("Se connecter" when absent). */
  actor?: Actor | undefined;
  /** JSON-LD for the head (already serialized with "<" escaped: see learning-resource.ts). */
  jsonLd?: string;
  children: ComponentChildren;
}

/**
 * The DSFR 1.14 header: below 992 px its tools are hidden and the "Menu" button opens a modal whose
 * .fr-header__menu-links DSFR's script fills with a copy of the tools links (it throws without it).
 */
function Header({ actor }: { actor: Actor | undefined }) {
  return (
    <header role="banner" class="fr-header">
      <div class="fr-header__body">
        <div class="fr-container">
          <div class="fr-header__body-row">
            <div class="fr-header__brand fr-enlarge-link">
              <div class="fr-header__brand-top">
                <div class="fr-header__logo">
                  <p class="fr-logo">
                    République
                    <br />
                    Française
                  </p>
                </div>
                <div class="fr-header__navbar">
                  <button
                    type="button"
                    class="fr-btn--menu fr-btn"
                    data-fr-opened="false"
                    aria-controls="menu-principal"
                    aria-haspopup="menu"
                    id="bouton-menu"
                    title="Menu"
                  >
                    Menu
                  </button>
                </div>
              </div>
              <div class="fr-header__service">
                <a href="/" title={`Accueil - ${SERVICE_NAME}`}>
                  <p class="fr-header__service-title">{SERVICE_NAME}</p>
                </a>
                <p class="fr-header__service-tagline">{TAGLINE}</p>
              </div>
            </div>
            <HeaderAccountLinks actor={actor} />
          </div>
        </div>
      </div>
      <div class="fr-header__menu fr-modal" id="menu-principal" aria-labelledby="bouton-menu">
        <div class="fr-container">
          <button type="button" class="fr-btn--close fr-btn" aria-controls="menu-principal" title="Fermer">
            Fermer
          </button>
          <div class="fr-header__menu-links"></div>
        </div>
      </div>
    </header>
  );
}

function Footer() {
  return (
    <footer class="fr-footer" role="contentinfo" id="pied-de-page">
      <div class="fr-container">
        <div class="fr-footer__body">
          <div class="fr-footer__brand fr-enlarge-link">
            <a href="/" title={`Retour à l’accueil - ${SERVICE_NAME} - République Française`}>
              <p class="fr-logo">
                République
                <br />
                Française
              </p>
            </a>
          </div>
          <div class="fr-footer__content">
            <p class="fr-footer__content-desc">
              Le {SERVICE_NAME} référence les ressources numériques éducatives des éditeurs, des organismes
              publics et des enseignants, et compare leurs offres pour les écoles et les établissements.
            </p>
            <ul class="fr-footer__content-list">
              <li class="fr-footer__content-item">
                <a class="fr-footer__content-link" href="https://www.education.gouv.fr">
                  education.gouv.fr
                </a>
              </li>
              <li class="fr-footer__content-item">
                <a class="fr-footer__content-link" href="https://www.service-public.fr">
                  service-public.fr
                </a>
              </li>
            </ul>
          </div>
        </div>
        <div class="fr-footer__bottom">
          <ul class="fr-footer__bottom-list">
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" href="/recherche">
                Toutes les ressources
              </a>
            </li>
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" href="/statistiques">
                Statistiques publiques
              </a>
            </li>
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" href="/api/openapi.json">
                API ouverte (OpenAPI)
              </a>
            </li>
            <li class="fr-footer__bottom-item">
              <span class="fr-footer__bottom-link">Accessibilité : audit en cours</span>
            </li>
          </ul>
          <div class="fr-footer__bottom-copy">
            <p>
              Sauf mention contraire, les contenus de ce site sont sous{' '}
              <a href="https://github.com/etalab/licence-ouverte/blob/master/LO.md">licence etalab-2.0</a>
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}

function Page({ title, skipLinks = [], actor, jsonLd, children }: PageOptions) {
  const links: SkipLink[] = [
    { href: '#contenu', label: 'Contenu' },
    ...skipLinks,
    { href: '#pied-de-page', label: 'Pied de page' },
  ];
  return (
    <html lang="fr" data-fr-scheme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="format-detection" content="telephone=no" />
        <title>{`${title} - ${SERVICE_NAME}`}</title>
        <link rel="stylesheet" href={`${DSFR_BASE}/dsfr.min.css`} />
        {DSFR_ICON_STYLESHEETS.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        <link rel="stylesheet" href={`${APP_ASSETS_BASE}/app.css`} />
        {/* Without the DSFR script the mobile menu cannot open: show the header's links instead. */}
        <noscript>
          <link rel="stylesheet" href={`${APP_ASSETS_BASE}/no-js.css`} />
        </noscript>
        <link rel="icon" href={`${DSFR_BASE}/favicon/favicon.svg`} type="image/svg+xml" />
        {/* A data block, never run: the CSP's script-src does not apply to it. */}
        {jsonLd && <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />}
      </head>
      <body>
        <div class="fr-skiplinks">
          <nav class="fr-container" role="navigation" aria-label="Accès rapide">
            <ul class="fr-skiplinks__list">
              {links.map((link) => (
                <li>
                  <a class="fr-link" href={link.href}>
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
        <Header actor={actor} />
        <main id="contenu" role="main" tabIndex={-1}>
          {children}
        </main>
        <Footer />
        {/* DSFR behaviours are progressive: every page works without them. */}
        <script type="module" src={`${DSFR_BASE}/dsfr.module.min.js`}></script>
        <script nomodule src={`${DSFR_BASE}/dsfr.nomodule.min.js`}></script>
      </body>
    </html>
  );
}

/** Renders a whole HTML document. Preact escapes every text and attribute value. */
export function renderPage(options: PageOptions): string {
  return `<!DOCTYPE html>${render(<Page {...options} />)}`;
}
