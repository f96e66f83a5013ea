// Navigation (issue 10, item 1): the DSFR header with its mobile menu and icons, each role's home page
// (/mon-espace), every link of the header and of the home page answering for every role that sees it,
// and signed-out visitors sent to sign in from a private page (the API keeps its 401).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../src/modules/accounts/actor.js';
import {
  createOrdersWorld,
  createUserPerRole,
  type OrdersWorld,
  type TestUser,
} from '../support/factories/index.js';
import { pageClient } from '../support/orders-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let world: OrdersWorld;
let users: Record<Role, TestUser>;
beforeAll(async () => {
  server = await startTestServer();
  world = await createOrdersWorld(server.database.db);
  users = await createUserPerRole(server.database.db, { establishmentId: world.establishment.id });
});
afterAll(async () => {
  await server?.close();
});

const { page } = pageClient(() => server.app);

/** The local links of a part of the page (the header, or main), without fragments. */
function localLinks(html: string, part: 'header' | 'main'): string[] {
  const section = html.slice(html.indexOf(`<${part}`), html.indexOf(`</${part}>`));
  const hrefs = [...section.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
  return [...new Set(hrefs.filter((href) => href.startsWith('/') && !href.startsWith('/static/')))];
}

/** GET `url` as `user`, following local redirects (/financement → /financement/campagnes). */
async function follow(user: TestUser, url: string): Promise<{ status: number; html: string; url: string }> {
  let current = url;
  for (let hops = 0; hops < 3; hops++) {
    const reply = await page(user, current);
    if (reply.status !== 303 && reply.status !== 302) return { ...reply, url: current };
    current = reply.location!;
  }
  throw new Error(`too many redirects from ${url}`);
}

describe('the header', () => {
  it('has the DSFR mobile menu (button and modal) and links the icon stylesheets, which are served', async () => {
    const home = await page(undefined, '/');
    expect(home.html).toContain('class="fr-btn--menu fr-btn"');
    expect(home.html).toMatch(/aria-controls="menu-principal"/);
    expect(home.html).toContain('id="menu-principal"');
    expect(home.html).toContain('class="fr-header__menu-links"');
    const icons = [...home.html.matchAll(/href="(\/static\/dsfr\/[^"]+\/utility\/icons\/[^"]+\.css)"/g)];
    expect(icons.map((m) => m[1])).toHaveLength(3);
    const stylesheets: string[] = [];
    for (const [, href] of icons) {
      const css = await server.app.inject(href!);
      expect(css.statusCode, href).toBe(200);
      stylesheets.push(css.body);
    }
    // Every icon class a page uses is defined by one of them.
    const served = stylesheets.join('');
    for (const icon of ['lock-line', 'account-circle-line', 'notification-3-line', 'add-line'])
      expect(served, icon).toContain(`.fr-icon-${icon}`);
  });

  it('shows a signed-in user who they are, on the national dashboard too', async () => {
    const dashboard = await page(world.admin, `/financement/campagnes/${world.campaign.id}/tableau-de-bord`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.html).toContain('Mon compte (DGESCO Test)');
    expect(dashboard.html).not.toContain('Se connecter');
  });

  it.each(roles)('every header and home-page link works for the %s', async (role) => {
    const user = users[role];
    const home = await follow(user, '/mon-espace');
    expect(home.status).toBe(200);
    expect(home.html).toContain('<h1>Mon espace</h1>');
    const links = [...new Set([...localLinks(home.html, 'header'), ...localLinks(home.html, 'main')])];
    expect(links).toContain('/mon-espace');
    for (const link of links) {
      const reply = await follow(user, link);
      expect(reply.status, `${role} ${link}`).toBe(200);
      expect(reply.html, `${role} ${link}`).toContain('href="/mon-compte"');
    }
  });
});

describe('each role’s home page', () => {
  const linksOf = async (user: TestUser) => localLinks((await page(user, '/mon-espace')).html, 'main');
  const uai = () => world.establishment.uai;

  it('offers the teacher search and her proposals, nothing to order', async () => {
    const links = await linksOf(world.teacher);
    expect(links).toContain('/recherche');
    expect(links).toContain(`/etablissements/${uai()}/panier`);
    expect(links.some((l) => l.startsWith('/commandes'))).toBe(false);
  });

  it('offers the referent and the librarian proposals, cart and orders', async () => {
    for (const user of [world.referent, world.librarian]) {
      const links = await linksOf(user);
      expect(links).toContain(`/etablissements/${uai()}/panier`);
      expect(links).toContain(`/commandes?etablissement=${uai()}`);
    }
  });

  it('offers the head the drawing right and cart, orders and subscriptions', async () => {
    const home = await page(world.head, '/mon-espace');
    expect(home.html).toContain('Panier et droit de tirage');
    const links = localLinks(home.html, 'main');
    expect(links).toContain(`/etablissements/${uai()}/panier`);
    expect(links).toContain(`/commandes?etablissement=${uai()}`);
    expect(links).toContain(`/etablissements/${uai()}/abonnements`);
  });

  it('offers the publisher the lines to deliver, academy and national staff campaigns and statistics', async () => {
    expect(await linksOf(users.publisher)).toContain('/editeur/commandes');
    expect(await linksOf(world.staff)).toContain('/financement/campagnes');
    const national = await linksOf(world.admin);
    expect(national).toContain('/financement/campagnes');
    expect(national).toContain(`/financement/campagnes/${world.campaign.id}/tableau-de-bord`);
  });

  it('opens the notices to the expert and the publisher; the inspection finds its campaigns', async () => {
    const expert = await linksOf(users.expert);
    expect(expert).toContain('/expertise/notices');
    expect(expert).toContain('/statistiques/notices');
    expect(await linksOf(users.publisher)).toContain('/editeur/notices');
    const inspection = (await page(users.inspector, '/mon-espace')).html;
    expect(inspection).not.toContain('arrive bientôt');
    expect(inspection).toContain('href="/financement/campagnes"');
  });
});

describe('orders for the librarian', () => {
  it('opens her establishment’s orders, as the header link does', async () => {
    expect((await page(world.librarian, '/commandes')).status).toBe(200);
    expect((await page(world.librarian, `/commandes?etablissement=${world.establishment.uai}`)).status).toBe(
      200,
    );
    expect(
      (await page(world.librarian, `/etablissements/${world.establishment.uai}/abonnements`)).status,
    ).toBe(200);
    // Not another establishment's.
    expect((await page(world.librarian, `/commandes?etablissement=${world.other.uai}`)).status).toBe(403);
  });
});

describe('a signed-out visitor', () => {
  it('is sent from a private page to sign in and back; the API and forms keep their 401', async () => {
    const urls = [
      '/mon-espace',
      '/commandes',
      `/etablissements/${world.establishment.uai}/panier`,
      '/financement/campagnes',
      `/financement/campagnes/${world.campaign.id}/tableau-de-bord`,
      '/editeur/commandes',
    ];
    for (const url of urls) {
      const reply = await server.app.inject(url);
      expect(reply.statusCode, url).toBe(303);
      expect(reply.headers.location, url).toBe(`/connexion?retour=${encodeURIComponent(url)}`);
    }
    expect((await server.app.inject('/api/me')).statusCode).toBe(401);
    const post = await server.app.inject({ method: 'POST', url: '/financement/campagnes' });
    expect(post.statusCode).toBe(401);
  });
});
