// DSFR form pieces shared by the account pages: a labelled input with its error, and the alert that
// sums up what went wrong at the top of a form.
import type { ComponentChildren } from 'preact';

export function TextField(props: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'email' | 'password';
  value?: string;
  autocomplete: string;
  error?: string | undefined;
  required?: boolean;
}) {
  const described = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={props.error ? 'fr-input-group fr-input-group--error' : 'fr-input-group'}>
      <label class="fr-label" for={props.id}>
        {props.label}
        {props.hint && (
          <span class="fr-hint-text" id={`${props.id}-hint`}>
            {props.hint}
          </span>
        )}
      </label>
      <input
        class={props.error ? 'fr-input fr-input--error' : 'fr-input'}
        type={props.type ?? 'text'}
        id={props.id}
        name={props.name}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        aria-describedby={described || undefined}
        aria-invalid={props.error ? 'true' : undefined}
      />
      {props.error && (
        <p class="fr-error-text" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

export function Alert(props: {
  kind: 'error' | 'success' | 'info' | 'warning';
  title: string;
  children?: ComponentChildren;
}) {
  return (
    <div
      class={`fr-alert fr-alert--${props.kind} fr-mb-3w`}
      role={props.kind === 'error' ? 'alert' : 'status'}
    >
      <h2 class="fr-alert__title">{props.title}</h2>
      {props.children}
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
