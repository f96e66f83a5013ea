// The header's account entry, for layout.tsx to render in .fr-header__tools: "Se connecter" for a
// visitor; for a signed-in user "Mon espace", the workspaces their roles open, "Mon compte" with their
// name shown (so they always see who is signed in) and notifications. DSFR's script copies these links
// into the mobile menu.
import type { Actor } from '../../../modules/accounts/actor.js';
import { canViewCampaigns } from '../../../modules/funding/funding.policy.js';
import {
  canReadAllNotices,
  canReviewNotices,
  publisherProducerIds,
} from '../../../modules/notices/notices.policy.js';
import { canFollowOrders, canFulfilOrders } from '../../../modules/orders/orders.policy.js';

/** The workspaces a signed-in user's roles open, in the order they matter most. */
function workspaceLinks(actor: Actor): { href: string; label: string }[] {
  const links: { href: string; label: string }[] = [{ href: '/mon-espace', label: 'Mon espace' }];
  if (canViewCampaigns(actor)) links.push({ href: '/financement', label: 'Financement' });
  if (canFollowOrders(actor)) links.push({ href: '/commandes', label: 'Commandes' });
  // The drawing right those who follow the orders spend (the head) or prepare the cart against.
  if (canFollowOrders(actor)) links.push({ href: '/droit-de-tirage', label: 'Droit de tirage' });
  if (canFulfilOrders(actor)) links.push({ href: '/editeur/commandes', label: 'Commandes à livrer' });
  if (publisherProducerIds(actor).length > 0) links.push({ href: '/editeur/notices', label: 'Mes notices' });
  if (canReviewNotices(actor) || canReadAllNotices(actor))
    links.push({ href: '/expertise/notices', label: 'Notices à valider' });
  return links;
}

export function HeaderAccountLinks({ actor }: { actor: Actor | undefined }) {
  return (
    <div class="fr-header__tools">
      <div class="fr-header__tools-links">
        <ul class="fr-btns-group">
          {actor ? (
            <>
              {workspaceLinks(actor).map((link) => (
                <li key={link.href}>
                  <a class="fr-btn" href={link.href}>
                    {link.label}
                  </a>
                </li>
              ))}
              <li>
                <a class="fr-btn fr-icon-account-circle-line" href="/mon-compte">
                  Mon compte ({actor.displayName})
                </a>
              </li>
              <li>
                <a class="fr-btn fr-icon-notification-3-line" href="/notifications">
                  Notifications
                </a>
              </li>
            </>
          ) : (
            <li>
              <a class="fr-btn fr-icon-lock-line" href="/connexion">
                Se connecter
              </a>
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
