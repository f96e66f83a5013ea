// What every funding page shares: the page shell with its breadcrumb and flash, tables, percentages
// and the academy options of forms.
import { APP_ASSETS_BASE } from '../../assets.js';
import { Breadcrumb } from '../../breadcrumb.js';
import type { ComponentChildren } from 'preact';
import { ScrollableTable } from '../../components/scrollable-table.js';
import { FlashAlerts, type Flash } from '../../page-kit.js';

export function Shell({
  title,
  crumbs,
  flash,
  children,
}: {
  title: string;
  crumbs: { label: string; href?: string }[];
  flash: Flash;
  children: ComponentChildren;
}) {
  return (
    <div class="fr-container fr-py-4w">
      <Breadcrumb items={[{ label: 'Financement', href: '/financement/campagnes' }, ...crumbs]} />
      <h1>{title}</h1>
      <FlashAlerts flash={flash} />
      {children}
    </div>
  );
}

export function percent(ratio: number): string {
  return `${(ratio * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`;
}

export function Table({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string[];
  rows: ComponentChildren[][];
}) {
  return (
    <ScrollableTable caption={caption} head={head}>
      {rows.map((row) => (
        <tr>
          {row.map((cell) => (
            <td>{cell}</td>
          ))}
        </tr>
      ))}
    </ScrollableTable>
  );
}

/**
 * The words of the money, said once where its figures appear (issue 10: one term per concept). The
 * dotation de l’académie is what the academy receives from the national envelope (the split); the
 * dotations d’établissement are what it gives its establishments and pools out of it, which become
 * their drawing rights once published. « Part » is used only here, to say what the first one is.
 */
export function MoneyTerms() {
  return (
    <p class="fr-text--sm">
      La <strong>dotation de l’académie</strong> est sa part de l’enveloppe nationale, fixée par la
      répartition. L’académie la distribue en <strong>dotations d’établissement</strong> : une fois publiées,
      elles deviennent les droits de tirage sur lesquels les établissements commandent.
    </p>
  );
}

// ---- Campaigns ----

export function academyOptions(academies: { id: number; name: string }[]) {
  return academies.map((academy) => ({ value: String(academy.id), label: academy.name }));
}

/** The field a form's "Toutes" / "Aucune" buttons send; the routes re-render the form, nothing saved. */
export const ACADEMY_CHOICE_FIELD = 'choix-academies';

/** What the academy list says after "Toutes" or "Aucune" (sent by the buttons, or shown by the page). */
export function academyChoiceStatus(choice: 'all' | 'none', count: number): string {
  return choice === 'all'
    ? `Les ${count} académies sont cochées. Rien n’est enregistré avant l’envoi du formulaire.`
    : 'Aucune académie n’est cochée. Rien n’est enregistré avant l’envoi du formulaire.';
}

/**
 * "Toutes" and "Aucune" over a checkbox group of academies. Without JavaScript they are submit buttons
 * the route answers by showing the form again, every box ticked or none (formnovalidate: the rest of
 * the form may still be incomplete); static/check-all.js ticks the boxes at once instead.
 */
export function AcademyChoiceActions({
  group,
  count,
  status,
}: {
  /** The id of the CheckboxGroup. */
  group: string;
  count: number;
  /** The sentence after a choice made without JavaScript. */
  status?: string | undefined;
}) {
  return (
    <>
      <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-mb-0">
        {(['all', 'none'] as const).map((choice) => (
          <li>
            <button
              class="fr-btn fr-btn--tertiary"
              type="submit"
              name={ACADEMY_CHOICE_FIELD}
              value={choice}
              formNoValidate
              data-check-all={group}
              data-status={academyChoiceStatus(choice, count)}
            >
              {choice === 'all' ? 'Toutes' : 'Aucune'}
              <span class="fr-sr-only">{choice === 'all' ? ' les académies' : ' académie'}</span>
            </button>
          </li>
        ))}
      </ul>
      <p class="fr-hint-text fr-mb-0" aria-live="polite" data-check-all-status>
        {status}
      </p>
      <script defer src={`${APP_ASSETS_BASE}/check-all.js`}></script>
    </>
  );
}
