// A DSFR table that scrolls sideways on a phone: the table is focusable so the keyboard can scroll it
// (axe: scrollable-region-focusable). Rows come as children; column heads as text.
import type { ComponentChildren } from 'preact';

export function ScrollableTable(props: {
  caption: ComponentChildren;
  /** Column heads; false leaves a column out (e.g. "Action" for those who may not act). */
  head: (string | false)[];
  bordered?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class={props.bordered ? 'fr-table fr-table--bordered' : 'fr-table'}>
      <table tabIndex={0}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.head
              .filter((cell): cell is string => cell !== false)
              .map((cell) => (
                <th scope="col">{cell}</th>
              ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
