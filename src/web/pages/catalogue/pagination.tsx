// DSFR pagination over the results: first, previous, a window of page numbers, next, last.
import { MAX_RESULT_WINDOW } from '../../../modules/catalogue/search-query.js';
import { atPage, searchHref, type SearchState } from './search-url.js';

/** Page numbers to show around the current one; null stands for an ellipsis. */
export function pageWindow(current: number, last: number): (number | null)[] {
  const pages = new Set([1, current - 1, current, current + 1, last].filter((p) => p >= 1 && p <= last));
  const sorted = [...pages].sort((a, b) => a - b);
  const shown: (number | null)[] = [];
  for (const page of sorted) {
    const previous = shown[shown.length - 1];
    // An ellipsis never hides a single page: that page takes no more room than the ellipsis.
    if (typeof previous === 'number' && page - previous === 2) shown.push(previous + 1);
    if (typeof previous === 'number' && page - previous > 2) shown.push(null);
    shown.push(page);
  }
  return shown;
}

export function lastPageOf(total: number, pageSize: number): number {
  // Only the first MAX_RESULT_WINDOW results can be paged to (see search-query.ts).
  return Math.max(1, Math.min(Math.ceil(total / pageSize), Math.ceil(MAX_RESULT_WINDOW / pageSize)));
}

function EdgeLink(props: { href: string | undefined; modifier: string; label: string }) {
  const className = `fr-pagination__link fr-pagination__link--${props.modifier}`;
  return props.href ? (
    <a class={className} href={props.href}>
      {props.label}
    </a>
  ) : (
    <a class={className} aria-disabled="true" role="link">
      {props.label}
    </a>
  );
}

export function Pagination({ state, total }: { state: SearchState; total: number }) {
  const last = lastPageOf(total, state.pageSize);
  if (last <= 1) return null;
  const current = Math.min(state.page, last);
  const href = (page: number) => searchHref(atPage(state, page));
  return (
    <nav role="navigation" class="fr-pagination fr-mt-4w" aria-label="Pagination">
      <ul class="fr-pagination__list">
        <li>
          <EdgeLink href={current > 1 ? href(1) : undefined} modifier="first" label="Première page" />
        </li>
        <li>
          <EdgeLink
            href={current > 1 ? href(current - 1) : undefined}
            modifier="prev fr-pagination__link--lg-label"
            label="Page précédente"
          />
        </li>
        {pageWindow(current, last).map((page) =>
          page === null ? (
            <li>
              <span class="fr-pagination__link">…</span>
            </li>
          ) : (
            <li>
              {page === current ? (
                <a class="fr-pagination__link" aria-current="page" title={`Page ${page}`}>
                  {page}
                </a>
              ) : (
                <a class="fr-pagination__link" href={href(page)} title={`Page ${page}`}>
                  {page}
                </a>
              )}
            </li>
          ),
        )}
        <li>
          <EdgeLink
            href={current < last ? href(current + 1) : undefined}
            modifier="next fr-pagination__link--lg-label"
            label="Page suivante"
          />
        </li>
        <li>
          <EdgeLink href={current < last ? href(last) : undefined} modifier="last" label="Dernière page" />
        </li>
      </ul>
    </nav>
  );
}
