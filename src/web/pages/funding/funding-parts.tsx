// What every funding page shares: the page shell with its breadcrumb and flash, tables, percentages
// and the academy options of forms.
import { Breadcrumb } from '../../breadcrumb.js';
import type { ComponentChildren } from 'preact';
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
    <div class="fr-table">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((cell) => (
              <th scope="col">{cell}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {row.map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
