import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { ProductOrderLinks, ProposeForm, type ProductOrderProps } from './propose-button.js';

const offer = {
  id: 7,
  label: 'Licence élève 1 an',
  priceCents: 450,
  licence: 'monoposte',
  licenceKind: 'single-seat',
  seats: null,
  durationMonths: 12,
};
const props = (over: Partial<ProductOrderProps> = {}): ProductOrderProps => ({
  resourceRef: 'ccr-42',
  csrfToken: 'jeton',
  offers: [offer],
  proposeIn: [{ uai: '0130001A', name: 'Collège <Mistral>' }],
  cartIn: [],
  defaults: {},
  ...over,
});

describe('the product page’s proposal form', () => {
  it('is a plain POST form with the CSRF token, the offer, the seats and a note', () => {
    const html = render(<ProposeForm {...props()} />);
    expect(html).toContain('<form method="post" action="/ressources/ccr-42/proposer">');
    expect(html).toContain('name="_csrf" value="jeton"');
    expect(html).toContain('name="etablissement" value="0130001A"');
    expect(html).toContain('<option value="7" selected>Licence élève 1 an, monoposte, 12 mois');
    expect(html).toContain('name="seats"');
    expect(html).toContain('name="note"');
  });

  it('asks which establishment when there are several, names escaped, and keeps what was typed', () => {
    const html = render(
      <ProposeForm
        {...props({
          proposeIn: [
            { uai: '0130001A', name: 'Collège <Mistral>' },
            { uai: '0130002B', name: 'École du Port' },
          ],
          form: {
            kind: 'proposer',
            values: { etablissement: '0130002B', offer: '7', seats: 'douze', note: 'Pour les 6e' },
            error: {
              message: 'Nombre de postes : un nombre entier est attendu.',
              fields: { seats: 'Un nombre.' },
            },
          },
        })}
      />,
    );
    expect(html).toContain('Collège &lt;Mistral> (0130001A)');
    expect(html).toContain('<option value="0130002B" selected>');
    expect(html).toContain('value="douze"');
    expect(html).toContain('Pour les 6e</textarea>');
    expect(html).toContain('id="proposer-postes-error"');
    expect(html).toContain('Nombre de postes : un nombre entier est attendu.');
  });

  it('offers the links only with a paid offer and somewhere to propose; the cart link to cart fillers', () => {
    expect(render(<ProductOrderLinks {...props({ offers: [] })} />)).toBe('');
    expect(render(<ProductOrderLinks {...props({ proposeIn: [] })} />)).toBe('');
    const teacher = render(<ProductOrderLinks {...props()} />);
    expect(teacher).toContain('href="#proposer"');
    expect(teacher).not.toContain('href="#ajouter-au-panier"');
    const referent = render(<ProductOrderLinks {...props({ cartIn: [{ uai: '0130001A', name: 'C' }] })} />);
    expect(referent).toContain('href="#ajouter-au-panier"');
  });
});
