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

// ---- Campaigns ----

export function academyOptions(academies: { id: number; name: string }[]) {
  return academies.map((academy) => ({ value: String(academy.id), label: academy.name }));
}
