// /mon-compte: who is signed in, their roles and scopes, their unread notifications, and sign-out.
import type { Actor } from '../../../modules/accounts/actor.js';
import { roleLabels } from '../../../modules/accounts/actor.js';
import type { Profile } from '../../../modules/accounts/accounts.service.js';
import { CsrfField } from '../../page-kit.js';
import { countOf } from '../../format.js';
import { renderPage } from '../../layout.js';

function scopeText(role: Profile['roles'][number]): string {
  if (role.establishment) return `${role.establishment.name} (${role.establishment.uai})`;
  if (role.academy) return `académie de ${role.academy.name}`;
  if (role.producer) return role.producer.name;
  return 'national';
}

/** The sign-out button, a CSRF-protected POST form (usable without JavaScript). */
export function SignOutForm({ actor, secondary = true }: { actor: Actor; secondary?: boolean }) {
  return (
    <form method="post" action="/deconnexion" class="ccr-inline-form">
      <CsrfField token={actor?.csrfToken} />
      <button class={secondary ? 'fr-btn fr-btn--secondary' : 'fr-btn'} type="submit">
        Se déconnecter
      </button>
    </form>
  );
}

export function renderAccountPage(props: {
  actor: Actor;
  profile: Profile;
  unread: number;
  notice?: string;
}): string {
  const { profile } = props;
  return renderPage({
    actor: props.actor,
    title: 'Mon compte',
    children: (
      <div class="fr-container fr-py-6w">
        <h1>Mon compte</h1>
        {props.notice && (
          <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
            <h2 class="fr-alert__title">{props.notice}</h2>
          </div>
        )}
        <p class="fr-text--lead" id="compte-nom">
          {profile.user.displayName}
        </p>
        <p>{profile.user.email}</p>
        <h2>Mes rôles</h2>
        {profile.roles.length === 0 ? (
          <p>Aucun rôle ne vous est attribué pour l’instant.</p>
        ) : (
          <ul class="ccr-roles">
            {profile.roles.map((role) => (
              <li>
                <strong>{roleLabels[role.role]}</strong> : {scopeText(role)}
              </li>
            ))}
          </ul>
        )}
        <h2>Notifications</h2>
        <p>
          <a class="fr-link" href="/notifications">
            {props.unread > 0
              ? `${countOf(props.unread, 'notification non lue', 'notifications non lues')}`
              : 'Voir mes notifications'}
          </a>
        </p>
        <SignOutForm actor={props.actor} />
      </div>
    ),
  });
}
