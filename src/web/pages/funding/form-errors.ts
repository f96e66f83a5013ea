// A refused form, said at the form: each message next to the field it is about, and a summary at the
// top of the form that links to them. The page is sent back with what was typed.
import { AppError } from '../../../shared/errors.js';
import { refusalFlash } from '../../page-kit.js';

/** One form's refusal: its status, the summary's title and lines, and the message of each field id. */
export interface FormRefusal {
  /** Which form of the page was refused (a page may hold several). */
  form: string;
  status: number;
  title: string;
  lines: (string | { href: string; text: string })[];
  fields: Record<string, string>;
  /** What was typed, by field name, to fill the form again. */
  values: Record<string, string>;
}

/** Where an input key (the use case's field, as in the zod issue path) is shown: its id and label. */
export type FieldMap = Record<string, { id: string; label: string }>;

/** "Le formulaire contient une erreur…" or "…3 erreurs…". */
export function summaryTitle(count: number): string {
  return count === 1
    ? 'Le formulaire contient une erreur : corrigez le champ signalé.'
    : `Le formulaire contient ${count} erreurs : corrigez les champs signalés.`;
}

/**
 * The refusal of `form` from a use case's error. zod issues go to the field their path names; a
 * refusal about the input as a whole (a validation or an amount over budget) goes to `fallback`, the
 * field it is most about. Other refusals (forbidden, wrong state) stay a message at the top of the form.
 * Anything but an AppError is the error handler's.
 */
export function formRefusal(
  error: unknown,
  form: string,
  fields: FieldMap,
  values: Record<string, string>,
  fallback?: string,
): FormRefusal {
  if (!(error instanceof AppError)) throw error;
  const { status, flash } = refusalFlash(error);
  const messages: Record<string, string> = {};
  const unplaced: string[] = [];
  const issues = (error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
  const place = (key: string | undefined, message: string) => {
    const field = (key !== undefined ? fields[key] : undefined) ?? (fallback ? fields[fallback] : undefined);
    if (field) messages[field.id] ??= message;
    else unplaced.push(message);
  };
  if (issues && issues.length > 0) {
    for (const issue of issues) place(issue.path.split('.')[0], issue.message);
  } else if (error.code === 'VALIDATION_FAILED' || error.code === 'BUDGET_EXCEEDED') {
    place(undefined, error.message);
  } else {
    return { form, status, title: flash.error ?? error.message, lines: [], fields: {}, values };
  }
  const labelOf = new Map(Object.values(fields).map((field) => [field.id, field.label]));
  const count = Object.keys(messages).length;
  return {
    form,
    status,
    title: count === 0 ? (unplaced[0] ?? error.message) : summaryTitle(count),
    lines: [
      ...Object.entries(messages).map(([id, message]) => ({
        href: `#${id}`,
        text: `${labelOf.get(id) ?? id} : ${message}`,
      })),
      ...(count === 0 ? unplaced.slice(1) : unplaced),
    ],
    fields: messages,
    values,
  };
}
