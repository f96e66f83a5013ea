import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { ProposeButton } from './propose-button.js';

describe('ProposeButton', () => {
  it('is a plain POST form per establishment, with the CSRF token and the resource', () => {
    const html = render(
      <ProposeButton
        resourceId={42}
        csrfToken="jeton"
        establishments={[{ uai: '0130001A', name: 'Collège <Mistral>' }]}
      />,
    );
    expect(html).toContain('<form method="post" action="/etablissements/0130001A/propositions">');
    expect(html).toContain('name="_csrf" value="jeton"');
    expect(html).toContain('name="resource" value="42"');
    expect(html).toContain('Proposer pour mon établissement');
  });

  it('names the establishment when there are several, escaped, and renders nothing without one', () => {
    const html = render(
      <ProposeButton
        resourceId={1}
        csrfToken="t"
        establishments={[
          { uai: '0130001A', name: 'Collège <Mistral>' },
          { uai: '0130002B', name: 'École du Port' },
        ]}
      />,
    );
    expect(html).toContain('Proposer pour Collège &lt;Mistral>');
    expect(html).toContain('Proposer pour École du Port');
    expect(render(<ProposeButton resourceId={1} csrfToken="t" establishments={[]} />)).toBe('');
  });
});
