// DSFR form pieces shared by every page with a form: a labelled input or select with its hint and
// error, a checkbox, a group of checkboxes with its error, and the alert that sums up what went wrong
// at the top of a form (ErrorSummary). The error sits next to its field and the field points to it (aria-describedby), so a
// screen reader reads both; everything works without JavaScript.
import type { ComponentChildren } from 'preact';

/** What a field's aria-describedby names: its hint and its error, when it has them. */
function describedBy(props: { id: string; hint?: string | undefined; error?: string | undefined }) {
  const ids = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** A field's label with its hint (the hint inside the label, as DSFR does). */
function FieldLabel(props: { id: string; label: ComponentChildren; hint?: string | undefined }) {
  return (
    <label class="fr-label" for={props.id}>
      {props.label}
      {props.hint && (
        <span class="fr-hint-text" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
    </label>
  );
}

/** A field's error, next to it and named by its aria-describedby. */
function FieldError(props: { id: string; error?: string | undefined }) {
  return props.error ? (
    <p class="fr-error-text" id={`${props.id}-error`}>
      {props.error}
    </p>
  ) : null;
}

export function TextField(props: {
  id: string;
  name: string;
  /** Text, or text with a visually hidden part that tells same-named fields apart. */
  label: ComponentChildren;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'number' | 'url';
  value?: string;
  autocomplete?: string;
  inputMode?: 'decimal' | 'numeric';
  min?: string;
  max?: string;
  error?: string | undefined;
  required?: boolean;
}) {
  return (
    <div class={props.error ? 'fr-input-group fr-input-group--error' : 'fr-input-group'}>
      <FieldLabel id={props.id} label={props.label} hint={props.hint} />
      <input
        class={props.error ? 'fr-input fr-input--error' : 'fr-input'}
        type={props.type ?? 'text'}
        id={props.id}
        name={props.name}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        min={props.min}
        max={props.max}
        required={props.required ?? true}
        aria-describedby={describedBy(props)}
        aria-invalid={props.error ? 'true' : undefined}
      />
      <FieldError id={props.id} error={props.error} />
    </div>
  );
}

/** A multi-line text field with its label, hint and error, like TextField. Optional unless required. */
export function TextAreaField(props: {
  id: string;
  name: string;
  label: ComponentChildren;
  hint?: string;
  value?: string | undefined;
  rows?: number;
  maxLength?: number;
  error?: string | undefined;
}) {
  return (
    <div class={props.error ? 'fr-input-group fr-input-group--error' : 'fr-input-group'}>
      <FieldLabel id={props.id} label={props.label} hint={props.hint} />
      <textarea
        class={props.error ? 'fr-input fr-input--error' : 'fr-input'}
        id={props.id}
        name={props.name}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        aria-describedby={describedBy(props)}
        aria-invalid={props.error ? 'true' : undefined}
        value={props.value ?? ''}
      />
      <FieldError id={props.id} error={props.error} />
    </div>
  );
}

export function CheckboxField(props: {
  id: string;
  name: string;
  value: string;
  label: ComponentChildren;
  checked?: boolean;
}) {
  return (
    <div class="fr-checkbox-group">
      <input type="checkbox" id={props.id} name={props.name} value={props.value} checked={props.checked} />
      <label class="fr-label" for={props.id}>
        {props.label}
      </label>
    </div>
  );
}

/** Checkboxes under one legend (inline), with the group's hint and error below the legend's fields. */
export function CheckboxGroup(props: {
  id: string;
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  checked: ReadonlySet<string>;
  error?: string | undefined;
  /** Shown between the legend and the boxes, e.g. "Toutes" and "Aucune" buttons for a long list. */
  actions?: ComponentChildren;
}) {
  const messages = `${props.id}-messages`;
  return (
    <fieldset
      class={props.error ? 'fr-fieldset fr-fieldset--error' : 'fr-fieldset'}
      id={props.id}
      aria-labelledby={`${props.id}-legend ${messages}`}
      role="group"
    >
      <legend class="fr-fieldset__legend" id={`${props.id}-legend`}>
        {props.legend}
        {props.hint && <span class="fr-hint-text">{props.hint}</span>}
      </legend>
      {props.actions && <div class="fr-fieldset__element">{props.actions}</div>}
      {props.options.map((option) => (
        <div class="fr-fieldset__element fr-fieldset__element--inline">
          <CheckboxField
            id={`${props.id}-${option.value}`}
            name={props.name}
            value={option.value}
            label={option.label}
            checked={props.checked.has(option.value)}
          />
        </div>
      ))}
      <div class="fr-messages-group" id={messages} aria-live="polite">
        {props.error && <p class="fr-message fr-message--error">{props.error}</p>}
      </div>
    </fieldset>
  );
}

/** A select with its label, hint and error, like TextField (the error said next to it, and read with it). */
export function SelectField(props: {
  id: string;
  name: string;
  label: ComponentChildren;
  hint?: string;
  options: { value: string; label: string }[];
  value?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <div class={props.error ? 'fr-select-group fr-select-group--error' : 'fr-select-group'}>
      <FieldLabel id={props.id} label={props.label} hint={props.hint} />
      <select
        class={props.error ? 'fr-select fr-select--error' : 'fr-select'}
        id={props.id}
        name={props.name}
        aria-describedby={describedBy(props)}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={props.id} error={props.error} />
    </div>
  );
}

/**
 * What went wrong, at the top of the form it is about (not of the page): a title, then one line per
 * field in error, each a link to the field; lines without a field are plain text.
 */
export function ErrorSummary(props: {
  id: string;
  title: string;
  lines?: (string | { href: string; text: string })[] | undefined;
}) {
  return (
    <div class="fr-alert fr-alert--error fr-mb-3w" role="alert" id={props.id}>
      <h3 class="fr-alert__title">{props.title}</h3>
      {props.lines && props.lines.length > 0 && (
        <ul>
          {props.lines.map((line) => (
            <li>{typeof line === 'string' ? line : <a href={line.href}>{line.text}</a>}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Narrow({ children }: { children: ComponentChildren }) {
  return (
    <div class="fr-container fr-py-6w">
      <div class="ccr-narrow">{children}</div>
    </div>
  );
}
