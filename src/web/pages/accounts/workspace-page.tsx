// /mon-espace: each role's home page, with what it can do today. Every link is chosen by a module
// policy (in the route) and leads to a page that exists.
import type { Actor } from '../../../modules/accounts/actor.js';
import type { EstablishmentWork } from '../../../modules/orders/orders.service.js';
import { canManageHarvest } from '../../../modules/harvest/harvest.policy.js';
import { renderPage } from '../../layout.js';

export interface WorkspaceLink {
  href: string;
  label: string;
  /** One sentence under the link: what the page is for. */
  description: string;
}

export interface WorkspaceSection {
  title: string;
  links: WorkspaceLink[];
}

export interface Workspace {
  establishments: EstablishmentWork[];
  /** Sections beyond the establishments: publisher, academy, national. */
  sections: WorkspaceSection[];
}

/** The links of one establishment, from what the policies let the actor open there. */
export function establishmentLinks(work: EstablishmentWork): WorkspaceLink[] {
  const base = `/etablissements/${encodeURIComponent(work.uai)}`;
  const links: WorkspaceLink[] = [];
  if (work.cart)
    links.push({
      href: `${base}/panier`,
      label: work.placeOrders ? 'Panier et droit de tirage' : 'Propositions et panier',
      description: work.placeOrders
        ? 'Le droit de tirage de l’établissement, ce qu’il reste à dépenser, et le panier à commander.'
        : 'Les ressources proposées pour l’établissement et le panier en préparation.',
    });
  if (work.cart)
    links.push({
      href: `${base}/propositions`,
      label: 'Propositions classées par votes',
      description: work.orders
        ? 'Les propositions de l’équipe par nombre de votes, leur coût face au droit de tirage, et la sélection à mettre au panier.'
        : 'Votez pour les propositions de vos collègues.',
    });
  if (work.orders) {
    // Who follows the orders reads the drawing right they spend; only the head orders with it.
    links.push({
      href: `${base}/droit-de-tirage`,
      label: work.placeOrders ? 'Mon droit de tirage' : 'Droit de tirage',
      description: 'La dotation, ce qui est dépensé et engagé, le reste, la date limite et l’historique.',
    });
    links.push({
      href: `/commandes?${new URLSearchParams({ etablissement: work.uai }).toString()}`,
      label: 'Commandes',
      description: 'Les commandes passées et leur état de livraison.',
    });
    links.push({
      href: `${base}/abonnements`,
      label: 'Abonnements',
      description: 'Les abonnements en cours, leur échéance et leur renouvellement.',
    });
  }
  return links;
}

function LinkList({ links }: { links: WorkspaceLink[] }) {
  return (
    <ul class="fr-links-group">
      {links.map((link) => (
        <li class="fr-mb-2w">
          <a class="fr-link" href={link.href}>
            {link.label}
          </a>
          <p class="fr-text--sm fr-mb-0">{link.description}</p>
        </li>
      ))}
    </ul>
  );
}

export function renderWorkspacePage({ actor, workspace }: { actor: Actor; workspace: Workspace }): string {
  // The harvest sources: the national administration's (harvest.policy.ts).
  const sections: WorkspaceSection[] = canManageHarvest(actor)
    ? [
        ...workspace.sections,
        {
          title: 'Moissonnage',
          links: [
            {
              href: '/admin/moissonnage',
              label: 'Sources moissonnées',
              description:
                'Les entrepôts OAI-PMH dont le catalogue reprend les notices : enregistrer, planifier, moissonner, suivre.',
            },
          ],
        },
      ]
    : workspace.sections;
  return renderPage({
    actor,
    title: 'Mon espace',
    children: (
      <div class="fr-container fr-py-6w">
        <h1>Mon espace</h1>
        <p class="fr-text--lead">Bonjour {actor.displayName}. Voici ce que vous pouvez faire aujourd’hui.</p>
        <h2>Le catalogue</h2>
        <LinkList
          links={[
            {
              href: '/recherche',
              label: 'Rechercher une ressource',
              description:
                'Toutes les ressources numériques éducatives, gratuites et payantes, et leurs offres.',
            },
            // Every school role proposes resources (the establishments listed are where they may).
            ...(workspace.establishments.length > 0
              ? [
                  {
                    href: '/mes-propositions',
                    label: 'Mes propositions',
                    description:
                      'Les ressources que vous avez proposées et ce qu’elles sont devenues : dans le panier, commandées, livrées ou refusées.',
                  },
                ]
              : []),
          ]}
        />
        {workspace.establishments.map((work) => (
          <section>
            <h2>
              {work.name} ({work.uai})
            </h2>
            <LinkList links={establishmentLinks(work)} />
          </section>
        ))}
        {sections.map((section) => (
          <section>
            <h2>{section.title}</h2>
            {section.links.length > 0 ? <LinkList links={section.links} /> : <p>Rien pour l’instant.</p>}
          </section>
        ))}
        <p>
          <a class="fr-link" href="/mon-compte">
            Mon compte : mes rôles et mes notifications
          </a>
        </p>
      </div>
    ),
  });
}
