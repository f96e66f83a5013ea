// /connexion: the sign-in form (email and password), with a link to reset a forgotten password.
import type { Actor } from '../../../modules/accounts/actor.js';
import { renderPage } from '../../layout.js';
import { Narrow, TextField } from '../../components/form-fields.js';
import { Alert } from '../../page-kit.js';

export interface SignInPageProps {
  /** The signed-in user, for the header's account links. */
  actor?: Actor | undefined;
  email?: string;
  returnPath: string;
  /** Double-submit token, also set in the ccr_signin cookie (see csrf.tsx). */
  formToken: string;
  /** A problem with the whole attempt: wrong credentials, too many attempts. */
  error?: string;
  fieldErrors?: Record<string, string>;
  /** A neutral message: signed out, password chosen. */
  notice?: string;
}

export function renderSignInPage(props: SignInPageProps): string {
  const errors = props.fieldErrors ?? {};
  return renderPage({
    actor: props.actor,
    title: props.error || Object.keys(errors).length > 0 ? 'Erreur - Connexion' : 'Connexion',
    children: (
      <Narrow>
        <h1>Connexion</h1>
        {props.notice && <Alert kind="success" title={props.notice} />}
        {props.error && (
          <Alert kind="error" title="Connexion impossible">
            <p>{props.error}</p>
          </Alert>
        )}
        <p>Connectez-vous avec l’adresse électronique à laquelle vous avez reçu votre invitation.</p>
        <form method="post" action="/connexion" novalidate>
          <input type="hidden" name="retour" value={props.returnPath} />
          <input type="hidden" name="_signin" value={props.formToken} />
          <fieldset class="fr-fieldset" aria-labelledby="identifiants-legende">
            <legend class="fr-fieldset__legend" id="identifiants-legende">
              Vos identifiants
            </legend>
            <div class="fr-fieldset__element">
              <TextField
                id="connexion-email"
                name="email"
                type="email"
                label="Adresse électronique"
                hint="Format attendu : nom@domaine.fr"
                value={props.email}
                autocomplete="username"
                error={errors.email}
              />
            </div>
            <div class="fr-fieldset__element">
              <TextField
                id="connexion-mot-de-passe"
                name="password"
                type="password"
                label="Mot de passe"
                autocomplete="current-password"
                error={errors.password}
              />
              <p class="fr-mt-1w">
                <a class="fr-link" href="/mot-de-passe-oublie">
                  Mot de passe oublié ?
                </a>
              </p>
            </div>
          </fieldset>
          <button class="fr-btn" type="submit">
            Se connecter
          </button>
        </form>
      </Narrow>
    ),
  });
}
