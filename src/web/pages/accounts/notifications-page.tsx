// /notifications: the signed-in user's in-app notifications, newest first, each marked as read with a
// CSRF-protected POST (no JavaScript needed).
import type { Actor } from '../../../modules/accounts/actor.js';
import type { NotificationView } from '../../../modules/accounts/inbox.service.js';
import { CsrfField } from '../../page-kit.js';
import { countOf } from '../../format.js';
import { renderPage } from '../../layout.js';

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** Only local links are rendered as links: a notification never sends anyone to another site. */
function localLink(link: string | null): string | null {
  return link !== null && /^\/(?![/\\])/.test(link) ? link : null;
}

export function renderNotificationsPage(props: { actor: Actor; notifications: NotificationView[] }): string {
  const unread = props.notifications.filter((item) => item.readAt === null).length;
  return renderPage({
    actor: props.actor,
    title: 'Mes notifications',
    children: (
      <div class="fr-container fr-py-6w">
        <h1>Mes notifications</h1>
        <p>
          {unread === 0
            ? 'Aucune notification non lue.'
            : countOf(unread, 'notification non lue', 'notifications non lues')}
        </p>
        {unread > 0 && (
          <form method="post" action="/notifications/toutes-lues" class="fr-mb-3w">
            <CsrfField token={props.actor?.csrfToken} />
            <button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit">
              Tout marquer comme lu
            </button>
          </form>
        )}
        {props.notifications.length === 0 ? (
          <p>Vous n’avez reçu aucune notification.</p>
        ) : (
          <ul class="fr-raw-list ccr-notifications">
            {props.notifications.map((item) => {
              const link = localLink(item.link);
              return (
                <li
                  class={
                    item.readAt === null
                      ? 'fr-mb-3w ccr-notification ccr-notification--unread'
                      : 'fr-mb-3w ccr-notification'
                  }
                >
                  <h2 class="fr-h6 fr-mb-1v">
                    {item.readAt === null && (
                      <span class="fr-badge fr-badge--new fr-badge--sm fr-mr-1w">Non lue</span>
                    )}
                    {item.title}
                  </h2>
                  <p class="fr-text--sm fr-mb-1v">{dateTime.format(item.createdAt)}</p>
                  <p class="fr-mb-1w">{item.body}</p>
                  {link && (
                    <p class="fr-mb-1w">
                      <a class="fr-link" href={link}>
                        Voir le détail<span class="fr-sr-only"> : {item.title}</span>
                      </a>
                    </p>
                  )}
                  {item.readAt === null && (
                    <form method="post" action={`/notifications/${item.id}/lue`}>
                      <CsrfField token={props.actor?.csrfToken} />
                      <button class="fr-btn fr-btn--tertiary fr-btn--sm" type="submit">
                        Marquer comme lue<span class="fr-sr-only"> : {item.title}</span>
                      </button>
                    </form>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    ),
  });
}
