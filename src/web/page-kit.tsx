// The one toolkit every page route uses: HTML replies, form bodies, flash messages, the CSRF field,
// the sign-in address and error pages. Page routes import from here, never write their own.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { type AppError, httpStatusByCode } from '../shared/errors.js';

export { renderErrorPage } from './error-page.js';

// ---- HTML replies ----

/**
 * Sends a rendered page. Whether it may be stored is decided in one place, the session plugin: never
 * when it depends on the session (shared school computers).
 */
export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}

// ---- Form bodies (application/x-www-form-urlencoded or multipart fields) ----

export type Form = Record<string, unknown>;

/** The posted fields, or an empty form when the body is missing or not an object. */
export function formOf(request: FastifyRequest): Form {
  const body = request.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Form) : {};
}

/**
 * One text field: the last value when the field was sent several times, '' when absent. Capped, so a
 * huge field never reaches a parser or argon2.
 */
export function formText(form: Form | undefined, name: string, maxLength = 1000): string {
  const value = form?.[name];
  const last: unknown = Array.isArray(value) ? (value as unknown[])[value.length - 1] : value;
  return typeof last === 'string' ? last.slice(0, maxLength) : '';
}

/** Every value of a repeated field (checkbox groups). */
export function formList(form: Form | undefined, name: string): string[] {
  const value = form?.[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string',
  );
}

// ---- Flash messages ----

/** What a page says above its content after an action: an error with its lines, or a success. */
export interface Flash {
  error?: string | undefined;
  /** Lines under the error; a line with href links to the field it is about. */
  details?: (string | { href: string; text: string })[] | undefined;
  success?: string | undefined;
}

/**
 * Success messages travel in the redirect after a POST as a short code (`?ok=code`), never as free
 * text: a link cannot make the page say something we did not write.
 */
export function successMessage(
  query: unknown,
  messages: Readonly<Record<string, string>>,
): string | undefined {
  const ok = (query as { ok?: unknown } | undefined)?.ok;
  return typeof ok === 'string' && Object.hasOwn(messages, ok) ? messages[ok] : undefined;
}

/** The status and flash of a refused action, for a page that shows it next to its form. */
export function refusalFlash(error: AppError): { status: number; flash: Flash } {
  const issues = (error.details as { issues?: { message: string }[] } | undefined)?.issues;
  return {
    status: httpStatusByCode[error.code],
    flash: {
      error: error.message,
      details: issues && issues.length > 1 ? issues.map((issue) => issue.message) : undefined,
    },
  };
}

export function Alert(props: {
  kind: 'error' | 'success' | 'info' | 'warning';
  title: string;
  children?: ComponentChildren;
  id?: string | undefined;
}) {
  return (
    <div
      class={`fr-alert fr-alert--${props.kind} fr-mb-3w`}
      role={props.kind === 'error' ? 'alert' : 'status'}
      id={props.id}
    >
      <h2 class="fr-alert__title">{props.title}</h2>
      {props.children}
    </div>
  );
}

/** A flash as DSFR alerts: the error first (role alert), then the success (role status). */
export function FlashAlerts({ flash }: { flash: Flash }) {
  return (
    <>
      {flash.error && (
        <Alert kind="error" title={flash.error}>
          {flash.details && flash.details.length > 0 && (
            <ul>
              {flash.details.map((line) => (
                <li>{typeof line === 'string' ? line : <a href={line.href}>{line.text}</a>}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {flash.success && <Alert kind="success" title={flash.success} />}
    </>
  );
}

// ---- CSRF ----

/** The session's CSRF token as the hidden field page forms carry (checked by the session plugin). */
export function CsrfField({ token }: { token: string | undefined }) {
  if (!token) return null;
  return <input type="hidden" name="_csrf" value={token} />;
}

// ---- Signed-in pages ----

/** The sign-in address that returns to `path` (a local path) afterwards. */
export function signInUrl(path: string): string {
  return `/connexion?${new URLSearchParams({ retour: path }).toString()}`;
}
