// One search result: a DSFR card whose title links to the product page.
import { presentResultItem } from '../../../modules/catalogue/catalogue.presenter.js';
import type { ResultRow } from '../../../modules/catalogue/search.service.js';
import { formatMoney, shortLabel } from '../../format.js';

const SUMMARY_LENGTH = 260;

function labels(values: readonly { label: string }[]): string {
  return values.map((value) => shortLabel(value.label)).join(', ');
}

/**
 * "Gratuit" as a badge, otherwise the lowest price of the resource's offers. A paid resource without a
 * priced offer here (a harvested record of another catalogue) says so, never "Gratuit".
 */
export function PriceTag({ cost, lowestPriceCents }: { cost: string; lowestPriceCents: number }) {
  if (cost !== 'no' && lowestPriceCents === 0) {
    return <p class="ccr-price">Payant : tarif auprès du producteur</p>;
  }
  return cost === 'no' ? (
    <p class="fr-badge fr-badge--sm fr-badge--green-emeraude">Gratuit</p>
  ) : (
    <p class="ccr-price">
      à partir de <strong>{formatMoney(lowestPriceCents)}</strong>
    </p>
  );
}

export function ResultCard({ row }: { row: ResultRow }) {
  const item = presentResultItem(row);
  // The database cuts the description; say so rather than end mid-word silently.
  const summary = item.summary.length >= SUMMARY_LENGTH ? `${item.summary.trimEnd()}…` : item.summary;
  const facts: [string, string][] = [
    ['Niveaux', labels(item.levels)],
    ['Disciplines', labels(item.disciplines)],
    ['Types', labels(item.types)],
    ['Formats', labels(item.formats)],
  ];
  return (
    <li class="ccr-result">
      <div class="fr-card fr-card--sm fr-enlarge-link">
        <div class="fr-card__body">
          <div class="fr-card__content">
            <h3 class="fr-card__title">
              <a href={item.url}>{item.title}</a>
            </h3>
            <p class="fr-card__desc">{summary}</p>
            <div class="fr-card__start">
              <PriceTag cost={row.cost} lowestPriceCents={row.lowest_price_cents} />
              <p class="fr-card__detail">{item.producer.name}</p>
            </div>
            <div class="fr-card__end">
              <ul class="ccr-facts">
                {facts
                  .filter(([, text]) => text.length > 0)
                  .map(([name, text]) => (
                    <li>
                      <span class="ccr-facts__name">{name} :</span> {text}
                    </li>
                  ))}
              </ul>
            </div>
          </div>
        </div>
      </div>
    </li>
  );
}
