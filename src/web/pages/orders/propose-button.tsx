// What the product page offers the people of an establishment for a resource with paid offers:
// "Proposer pour mon établissement" (every school role: the offer, the seats and a note) and "Ajouter
// au panier" (the referent, the librarian and the head: offer, seats, quantity). Links at the top of
// the page lead to the two forms below the offers; plain POST forms that work without JavaScript and
// bring the person back to the product page with a confirmation.
import type { OfferChoice, ProductOrdering } from '../../../modules/orders/proposals.service.js';
import { ErrorSummary, SelectField, TextAreaField, TextField } from '../../components/form-fields.js';
import { formatMoney } from '../../format.js';
import { Alert, CsrfField } from '../../page-kit.js';

export type OrderFormKind = 'proposer' | 'panier';

/** What a refused form sends back: the values typed, the message and the field it is about. */
export interface OrderFormState {
  kind: OrderFormKind;
  values: Record<string, string>;
  error: { message: string; fields: Record<string, string> };
}

export interface ProductOrderProps extends ProductOrdering {
  /** The resource as its address names it (/ressources/:ref). */
  resourceRef: string;
  csrfToken: string;
  /** Defaults from the page's need comparison: seats, and the cheapest offer for them. */
  defaults: { seats?: string; offer?: number | undefined };
  form?: OrderFormState | undefined;
}

function offerLabel(offer: OfferChoice): string {
  const parts = [offer.label, offer.licence];
  if (offer.seats) parts.push(`${offer.seats} postes`);
  if (offer.durationMonths) parts.push(`${offer.durationMonths} mois`);
  return `${parts.join(', ')} — ${formatMoney(offer.priceCents)}`;
}

/** The two buttons under the title: links to the forms, so nothing needs JavaScript. */
export function ProductOrderLinks({ proposeIn, cartIn, offers }: ProductOrdering) {
  if (offers.length === 0 || proposeIn.length === 0) return null;
  return (
    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mb-3w">
      <li>
        <a class="fr-btn fr-btn--secondary fr-icon-add-line" href="#proposer">
          Proposer pour mon établissement
        </a>
      </li>
      {cartIn.length > 0 && (
        <li>
          <a class="fr-btn fr-btn--tertiary fr-icon-shopping-cart-2-line" href="#ajouter-au-panier">
            Ajouter au panier
          </a>
        </li>
      )}
    </ul>
  );
}

function EstablishmentField(props: {
  prefix: string;
  establishments: { uai: string; name: string }[];
  value: string | undefined;
}) {
  if (props.establishments.length === 1)
    return <input type="hidden" name="etablissement" value={props.establishments[0]!.uai} />;
  return (
    <SelectField
      id={`${props.prefix}-etablissement`}
      name="etablissement"
      label="Établissement"
      options={props.establishments.map((e) => ({ value: e.uai, label: `${e.name} (${e.uai})` }))}
      value={props.value}
    />
  );
}

/** The offer to propose or to put in the cart: the resource's paid offers valid today. */
function OfferField(props: {
  prefix: string;
  offers: OfferChoice[];
  value: string;
  error?: string | undefined;
}) {
  return (
    <SelectField
      id={`${props.prefix}-offre`}
      name="offer"
      label="Offre"
      options={props.offers.map((choice) => ({ value: String(choice.id), label: offerLabel(choice) }))}
      value={props.value}
      error={props.error}
    />
  );
}

export function ProposeForm(props: ProductOrderProps) {
  const state = props.form?.kind === 'proposer' ? props.form : undefined;
  const values = state?.values ?? {};
  const errors = state?.error.fields ?? {};
  const offer = values.offer ?? String(props.defaults.offer ?? props.offers[0]!.id);
  return (
    <section class="fr-mt-6w" aria-labelledby="proposer-titre" id="proposer">
      <h2 id="proposer-titre">Proposer cette ressource pour mon établissement</h2>
      <p>
        Votre proposition est transmise au référent numérique, au professeur documentaliste et au chef
        d’établissement, qui préparent les commandes. Suivez-la dans{' '}
        <a href="/mes-propositions">Mes propositions</a>.
      </p>
      {state && <ErrorSummary id="proposer-erreur" title={state.error.message} />}
      <form method="post" action={`/ressources/${encodeURIComponent(props.resourceRef)}/proposer`}>
        <CsrfField token={props.csrfToken} />
        <EstablishmentField prefix="proposer" establishments={props.proposeIn} value={values.etablissement} />
        <OfferField prefix="proposer" offers={props.offers} value={offer} error={errors.offer} />
        <TextField
          id="proposer-postes"
          name="seats"
          label="Nombre d’élèves ou de postes"
          hint="Un nombre entier, par exemple 28"
          inputMode="numeric"
          value={values.seats ?? props.defaults.seats ?? ''}
          error={errors.seats}
        />
        <TextAreaField
          id="proposer-note"
          name="note"
          label="Note (facultatif)"
          hint="Pour quelles classes, quel projet : 500 caractères au plus"
          maxLength={500}
          value={values.note}
          error={errors.note}
        />
        <button type="submit" class="fr-btn">
          Proposer
        </button>
      </form>
    </section>
  );
}

export function AddToCartForm(props: ProductOrderProps) {
  const state = props.form?.kind === 'panier' ? props.form : undefined;
  const values = state?.values ?? {};
  const errors = state?.error.fields ?? {};
  const offer = values.offer ?? String(props.defaults.offer ?? props.offers[0]!.id);
  return (
    <section class="fr-mt-6w" aria-labelledby="ajouter-au-panier-titre" id="ajouter-au-panier">
      <h2 id="ajouter-au-panier-titre">Ajouter au panier de l’établissement</h2>
      <p>
        La ligne rejoint le panier que le chef d’établissement commande. Pour un abonnement par élève, la
        quantité couvre au moins le nombre de postes.
      </p>
      {state && <ErrorSummary id="ajouter-au-panier-erreur" title={state.error.message} />}
      <form method="post" action={`/ressources/${encodeURIComponent(props.resourceRef)}/panier`}>
        <CsrfField token={props.csrfToken} />
        <EstablishmentField prefix="panier" establishments={props.cartIn} value={values.etablissement} />
        <OfferField prefix="panier" offers={props.offers} value={offer} error={errors.offer} />
        <TextField
          id="panier-postes"
          name="seats"
          label="Postes"
          hint="Le nombre d’élèves ou de postes à équiper"
          inputMode="numeric"
          value={values.seats ?? props.defaults.seats ?? '1'}
          error={errors.seats}
        />
        <TextField
          id="panier-quantite"
          name="quantity"
          label="Quantité"
          hint="Le nombre de licences de l’offre"
          inputMode="numeric"
          value={values.quantity ?? '1'}
          error={errors.quantity}
        />
        <button type="submit" class="fr-btn fr-btn--secondary">
          Ajouter au panier
        </button>
      </form>
    </section>
  );
}

/** The confirmation at the top of the product page after one of the forms. */
export function ProductOrderNotice({
  notice,
}: {
  notice: { title: string; link?: { href: string; label: string } | undefined };
}) {
  return (
    <Alert kind="success" title={notice.title}>
      {notice.link && (
        <p>
          <a href={notice.link.href}>{notice.link.label}</a>
        </p>
      )}
    </Alert>
  );
}
