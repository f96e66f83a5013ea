// /dev/outbox: the emails the app queued, newest first. Invitation and reset links are in the bodies,
// so the page exists only with DEV_OUTBOX (never in production) and says in red what it shows.
import type { Actor } from '../../../modules/accounts/actor.js';
import type { OutboxEmailView } from '../../../modules/accounts/inbox.service.js';
import { countOf } from '../../format.js';
import { renderPage } from '../../layout.js';
import { Alert } from '../../page-kit.js';

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'medium',
  timeZone: 'Europe/Paris',
});

/** A local path for a link of ours (emails carry absolute URLs); the text is shown as is. */
function localHref(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return '/';
  }
}

/** One line of a plain-text body, its links rendered as anchors so a tester can follow them. */
function LineWithLinks({ line }: { line: string }) {
  const parts = line.split(/(https?:\/\/[^\s]+)/g);
  return <>{parts.map((part, index) => (index % 2 === 1 ? <a href={localHref(part)}>{part}</a> : part))}</>;
}

/** Paragraphs and line breaks of the plain-text body, wrapping on narrow screens (unlike <pre>). */
function PlainTextBody({ body }: { body: string }) {
  return (
    <div class="ccr-email-body">
      {body
        .trim()
        .split(/\n{2,}/)
        .map((paragraph) => (
          <p class="fr-mb-1w">
            {paragraph.split('\n').map((line, index) => (
              <>
                {index > 0 && <br />}
                <LineWithLinks line={line} />
              </>
            ))}
          </p>
        ))}
    </div>
  );
}

export function renderOutboxPage(props: {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  emails: OutboxEmailView[];
}): string {
  return renderPage({
    actor: props.actor,
    title: 'Courriels envoyés (développement)',
    children: (
      <div class="fr-container fr-py-6w">
        <h1>Courriels envoyés</h1>
        <Alert kind="error" title="Outil de développement : liens secrets">
          <p class="fr-text-default--error">
            Cette page montre les liens d’invitation et de réinitialisation du mot de passe de tous les
            comptes : qui la lit peut prendre ces comptes. Elle n’existe que si DEV_OUTBOX=1, jamais en
            production.
          </p>
        </Alert>
        <p>
          Aucun serveur de messagerie n’est branché : voici les courriels que l’application aurait envoyés, du
          plus récent au plus ancien ({countOf(props.emails.length, 'courriel')}, 200 au plus). Les liens
          pointent vers ce serveur.
        </p>
        {props.emails.map((email) => (
          <section class="fr-mb-4w ccr-email" aria-labelledby={`courriel-${email.id}`}>
            <h2 class="fr-h6 fr-mb-1v" id={`courriel-${email.id}`}>
              {email.subject}
            </h2>
            <p class="fr-text--sm fr-mb-1w">
              À <span class="ccr-email-to">{email.to}</span>, le {dateTime.format(email.createdAt)}
            </p>
            <PlainTextBody body={email.body} />
          </section>
        ))}
      </div>
    ),
  });
}
