// Pages of the email links: accept an invitation or reset a password (choose a password), the
// "forgotten password" form, and the page shown when a link cannot be used.
import type { Actor } from '../../../modules/accounts/actor.js';
import { Alert, CsrfField } from '../../page-kit.js';
import { PASSWORD_MIN_LENGTH } from '../../../modules/accounts/secrets.js';
import { renderPage } from '../../layout.js';
import { Narrow, TextField } from '../../components/form-fields.js';

export type PasswordLinkKind = 'invitation' | 'password-reset';

const pathOf: Record<PasswordLinkKind, string> = {
  invitation: '/invitation',
  'password-reset': '/reinitialisation',
};

export function renderChoosePasswordPage(props: {
  kind: PasswordLinkKind;
  token: string;
  user: { email: string; displayName: string };
  actor: Actor | undefined;
  errors?: Record<string, string>;
}): string {
  const errors = props.errors ?? {};
  const title = props.kind === 'invitation' ? 'Créer votre compte' : 'Choisir un nouveau mot de passe';
  const hasErrors = Object.keys(errors).length > 0;
  return renderPage({
    actor: props.actor,
    title: hasErrors ? `Erreur - ${title}` : title,
    children: (
      <Narrow>
        <h1>{title}</h1>
        {hasErrors && (
          <Alert kind="error" title="Le mot de passe n’a pas été enregistré">
            <p>{errors.password ?? errors.confirmation ?? errors._}</p>
          </Alert>
        )}
        <p>
          Compte de <strong>{props.user.displayName}</strong> ({props.user.email}).
        </p>
        <form method="post" action={`${pathOf[props.kind]}/${props.token}`} novalidate>
          <CsrfField token={props.actor?.csrfToken} />
          {/* Lets password managers store the password under the right account. */}
          <input type="hidden" name="username" value={props.user.email} autocomplete="username" />
          <TextField
            id="nouveau-mot-de-passe"
            name="password"
            type="password"
            label="Mot de passe"
            hint={`Au moins ${PASSWORD_MIN_LENGTH} caractères. Une phrase de plusieurs mots est facile à retenir.`}
            autocomplete="new-password"
            error={errors.password}
          />
          <TextField
            id="confirmation-mot-de-passe"
            name="confirmation"
            type="password"
            label="Confirmez le mot de passe"
            autocomplete="new-password"
            error={errors.confirmation}
          />
          <button class="fr-btn" type="submit">
            Enregistrer le mot de passe
          </button>
        </form>
      </Narrow>
    ),
  });
}

export function renderLinkProblemPage(message: string): string {
  return renderPage({
    title: 'Lien inutilisable',
    children: (
      <Narrow>
        <h1>Lien inutilisable</h1>
        <Alert kind="error" title="Ce lien ne peut pas être utilisé">
          <p>{message}</p>
        </Alert>
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <a class="fr-btn" href="/mot-de-passe-oublie">
              Recevoir un nouveau lien
            </a>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href="/connexion">
              Se connecter
            </a>
          </li>
        </ul>
      </Narrow>
    ),
  });
}

export function renderForgotPasswordPage(props: {
  actor: Actor | undefined;
  email?: string;
  error?: string;
  sent?: boolean;
}): string {
  return renderPage({
    actor: props.actor,
    title: props.error ? 'Erreur - Mot de passe oublié' : 'Mot de passe oublié',
    children: (
      <Narrow>
        <h1>Mot de passe oublié</h1>
        {props.sent ? (
          <Alert kind="info" title="Demande enregistrée">
            <p>
              Si un compte existe pour cette adresse, un message avec un lien pour choisir un nouveau mot de
              passe vient d’y être envoyé. Ce lien est valable 1 heure.
            </p>
          </Alert>
        ) : (
          <>
            <p>
              Indiquez votre adresse électronique : vous recevrez un lien pour choisir un nouveau mot de
              passe.
            </p>
            <form method="post" action="/mot-de-passe-oublie" novalidate>
              <CsrfField token={props.actor?.csrfToken} />
              <TextField
                id="oubli-email"
                name="email"
                type="email"
                label="Adresse électronique"
                hint="Format attendu : nom@domaine.fr"
                value={props.email}
                autocomplete="email"
                error={props.error}
              />
              <button class="fr-btn" type="submit">
                Recevoir un lien
              </button>
            </form>
          </>
        )}
        <p class="fr-mt-3w">
          <a class="fr-link" href="/connexion">
            Retour à la connexion
          </a>
        </p>
      </Narrow>
    ),
  });
}
