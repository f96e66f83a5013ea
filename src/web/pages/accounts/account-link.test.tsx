import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { HeaderAccountLinks } from './account-link.js';

describe('header account links', () => {
  it('offers "Se connecter" to a visitor and "Mon compte" to a signed-in user', () => {
    expect(render(<HeaderAccountLinks actor={undefined} />)).toContain('href="/connexion"');
    const html = render(
      <HeaderAccountLinks
        actor={{ userId: 1, email: 'a@b.fr', displayName: 'Ana <b>', grants: [], csrfToken: 't' }}
      />,
    );
    expect(html).toContain('href="/mon-compte"');
    expect(html).toContain('Ana &lt;b>');
    expect(html).not.toContain('/connexion');
  });
});
