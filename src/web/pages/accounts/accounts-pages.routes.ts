// Page routes of accounts: sign-in and sign-out, the account page, email links (invitation and
// password reset), in-app notifications and the development outbox. Plain HTML forms (POST, then 303).
//   /connexion, /deconnexion (POST), /mon-compte, /invitation/:token, /reinitialisation/:token,
//   /mot-de-passe-oublie, /notifications (+ POST to mark read), /dev/outbox, /mon-espace (each role's
//   home page)
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../app-context.js';
import { requireActor } from '../../../modules/accounts/actor.js';
import {
  choosePasswordSchema,
  fieldErrors,
  forgotPasswordSchema,
  notificationIdSchema,
  safeReturnPath,
  signInSchema,
  tokenParamSchema,
} from '../../../modules/accounts/accounts.schema.js';
import {
  checkToken,
  createSession,
  getProfile,
  requestPasswordReset,
  setPasswordWithToken,
  signIn,
  signOut,
} from '../../../modules/accounts/accounts.service.js';
import { tokenStateMessages } from '../../../modules/accounts/auth-tokens.js';
import { checkSignInFormToken, SIGN_IN_COOKIE, SIGN_IN_FIELD } from '../../../modules/accounts/csrf.js';
import {
  countUnread,
  listMyNotifications,
  listOutboxEmails,
  markAllNotificationsRead,
  markNotificationRead,
} from '../../../modules/accounts/inbox.service.js';
import { newToken } from '../../../modules/accounts/secrets.js';
import {
  clearSessionCookie,
  currentSessionToken,
  privateAnswers,
  setRetryAfter,
  setSessionCookie,
} from '../../../modules/accounts/session.plugin.js';
import { getCampaignDetail, getCampaigns } from '../../../modules/funding/campaign.service.js';
import {
  canViewAcademyDashboard,
  canViewCampaigns,
  canViewNationalDashboard,
} from '../../../modules/funding/funding.policy.js';
import { canReadAllNotices, publisherProducerIds } from '../../../modules/notices/notices.policy.js';
import { canFulfilOrders } from '../../../modules/orders/orders.policy.js';
import { listMyEstablishmentsWork } from '../../../modules/orders/orders.service.js';
import {
  canAppraise,
  canModerateReviews,
  replyingProducerIds,
} from '../../../modules/reviews/reviews.policy.js';
import { AppError } from '../../../shared/errors.js';
import { formOf, formText, sendHtml } from '../../page-kit.js';
import { renderAccountPage } from './account-page.js';
import { renderNotificationsPage } from './notifications-page.js';
import { renderOutboxPage } from './outbox-page.js';
import {
  renderChoosePasswordPage,
  renderForgotPasswordPage,
  renderLinkProblemPage,
  type PasswordLinkKind,
} from './password-pages.js';
import { renderSignInPage } from './sign-in-page.js';
import { canWriteScenarios } from '../../../modules/scenarios/scenarios.policy.js';
import {
  canModerateAny,
  canPublishTeacherResources,
} from '../../../modules/teacher-resources/teacher-resources.policy.js';
import { renderWorkspacePage, type WorkspaceSection } from './workspace-page.js';

// No config variable for this yet: NODE_ENV is the usual switch (see canViewOutbox).
const PRODUCTION = process.env.NODE_ENV === 'production';

export function accountsPageRoutes(app: FastifyInstance, context: AppContext): void {
  const { db } = context;

  // ---- Sign-in and sign-out ----

  app.get<{ Querystring: Record<string, unknown> }>('/connexion', async (request, reply) => {
    const returnPath = safeReturnPath(request.query.retour);
    if (request.actor) return reply.redirect(returnPath, 303);
    const formToken = request.cookies[SIGN_IN_COOKIE] ?? newToken();
    void reply.setCookie(SIGN_IN_COOKIE, formToken, {
      path: '/connexion',
      httpOnly: true,
      sameSite: 'strict',
      secure: PRODUCTION ? true : 'auto',
      maxAge: 2 * 60 * 60,
    });
    const notice =
      request.query.deconnecte !== undefined
        ? 'Vous êtes déconnecté.'
        : request.query.motdepasse !== undefined
          ? 'Votre mot de passe est enregistré. Connectez-vous.'
          : undefined;
    return sendHtml(
      reply,
      200,
      renderSignInPage({ actor: request.actor, returnPath, formToken, ...(notice ? { notice } : {}) }),
    );
  });

  app.post('/connexion', async (request, reply) => {
    checkSignInFormToken(request);
    const form = formOf(request);
    const returnPath = safeReturnPath(form.retour);
    const email = formText(form, 'email');
    const formToken = formText(form, SIGN_IN_FIELD);
    const parsed = signInSchema.safeParse({ email, password: formText(form, 'password') });
    if (!parsed.success) {
      return sendHtml(
        reply,
        400,
        renderSignInPage({
          actor: request.actor,
          email,
          returnPath,
          formToken,
          fieldErrors: fieldErrors(parsed.error),
        }),
      );
    }
    try {
      const session = await signIn(
        db,
        { ...parsed.data, ip: request.ip },
        { production: context.production },
      );
      setSessionCookie(reply, session);
      return await reply.redirect(returnPath, 303);
    } catch (error) {
      if (error instanceof AppError && (error.code === 'UNAUTHENTICATED' || error.code === 'RATE_LIMITED')) {
        if (error.code === 'RATE_LIMITED') setRetryAfter(reply, error);
        const status = error.code === 'RATE_LIMITED' ? 429 : 401;
        return sendHtml(
          reply,
          status,
          renderSignInPage({ actor: request.actor, email, returnPath, formToken, error: error.message }),
        );
      }
      throw error;
    }
  });

  app.post('/deconnexion', async (request, reply) => {
    const token = currentSessionToken(request);
    if (token) {
      await signOut(db, token);
      context.sessions.forget(token);
    }
    clearSessionCookie(reply);
    return reply.redirect('/connexion?deconnecte=1', 303);
  });

  app.get<{ Querystring: Record<string, unknown> }>('/mon-compte', async (request, reply) => {
    const actor = requireActor(request);
    const [profile, unread] = await Promise.all([getProfile(db, actor.userId), countUnread(db, actor)]);
    const notice =
      request.query.bienvenue !== undefined
        ? 'Votre mot de passe est enregistré. Vous êtes connecté.'
        : undefined;
    return sendHtml(reply, 200, renderAccountPage({ actor, profile, unread, ...(notice ? { notice } : {}) }));
  });

  // ---- Each role's home page ----

  app.get('/mon-espace', async (request, reply) => {
    const actor = requireActor(request);
    const sections: WorkspaceSection[] = [];
    if (canWriteScenarios(actor) || canPublishTeacherResources(actor))
      sections.push({
        title: 'Partager avec mes collègues',
        links: [
          {
            href: '/scenarios',
            label: 'Scénarios d’usage',
            description: 'Chercher, écrire et adapter des scénarios qui lient des ressources du catalogue.',
          },
          {
            href: '/mes-ressources',
            label: 'Mes ressources',
            description:
              'Publier une ressource que vous avez créée (fichier ou lien) sous licence Creative Commons.',
          },
        ],
      });
    if (canModerateAny(actor))
      sections.push({
        title: 'Ressources d’enseignants',
        links: [
          {
            href: '/moderation/ressources-enseignants',
            label: 'Ressources à modérer',
            description: 'Accepter ou refuser, avec un motif, les ressources que les enseignants publient.',
          },
        ],
      });
    if (canFulfilOrders(actor))
      sections.push({
        title: 'Mes commandes à livrer',
        links: [
          {
            href: '/editeur/commandes',
            label: 'Lignes à livrer',
            description: 'Les lignes de commande de vos offres : livrer ou refuser chacune.',
          },
        ],
      });
    if (publisherProducerIds(actor).length > 0)
      sections.push({
        title: 'Mes notices',
        links: [
          {
            href: '/editeur/notices',
            label: 'Notices de mes ressources',
            description: 'Soumettre une notice, importer des notices ScoLOMfr, suivre leur validation.',
          },
        ],
      });
    if (canReadAllNotices(actor))
      sections.push({
        title: 'Validation des notices',
        links: [
          {
            href: '/expertise/notices',
            label: 'Notices à valider',
            description: 'La file des notices soumises par les éditeurs : examiner, valider, refuser.',
          },
          {
            href: '/statistiques/notices',
            label: 'Statistiques de validation',
            description: 'Notices soumises, validées, refusées, retirées et en attente ; délais de décision.',
          },
        ],
      });
    // Reviews and appraisals (src/web/pages/reviews).
    if (canModerateReviews(actor))
      sections.push({
        title: 'Avis des enseignants',
        links: [
          {
            href: '/moderation/avis',
            label: 'Modération des avis',
            description:
              'Les avis signalés ou repérés automatiquement : masquer avec un motif, ou conserver.',
          },
        ],
      });
    if (canAppraise(actor))
      sections.push({
        title: 'Avis institutionnels',
        links: [
          {
            href: '/expertise/avis-institutionnels',
            label: 'Mes avis institutionnels',
            description:
              'Vos expertises signées et les labels RIP attribués ; un nouvel avis se rédige depuis la page de la ressource.',
          },
        ],
      });
    if (replyingProducerIds(actor).length > 0)
      sections.push({
        title: 'Avis institutionnels sur mes ressources',
        links: [
          {
            href: '/editeur/avis-institutionnels',
            label: 'Droit de réponse',
            description: 'Les avis des inspecteurs et des experts sur vos ressources : y répondre une fois.',
          },
        ],
      });
    if (canViewCampaigns(actor)) {
      const campaigns = await getCampaigns(db, actor);
      const links = [
        {
          href: '/financement/campagnes',
          label: 'Campagnes',
          description: 'Les campagnes du chèque ressources, leurs règles et leur répartition.',
        },
      ];
      for (const campaign of campaigns) {
        if (campaign.status === 'draft') continue;
        if (canViewNationalDashboard(actor)) {
          links.push({
            href: `/financement/campagnes/${campaign.id}/tableau-de-bord`,
            label: `Statistiques nationales – ${campaign.name}`,
            description: 'La consommation des dotations, par académie et dans le temps.',
          });
          continue;
        }
        const { academies } = await getCampaignDetail(db, actor, campaign.id);
        for (const academy of academies.filter((a) => canViewAcademyDashboard(actor, a.academyId)))
          links.push({
            href: `/financement/campagnes/${campaign.id}/academies/${academy.academyId}/tableau-de-bord`,
            label: `Tableau de bord – ${campaign.name} – ${academy.name}`,
            description: 'La consommation des droits de tirage des établissements de l’académie.',
          });
      }
      sections.push({ title: 'Financement', links });
    }
    const workspace = {
      establishments: await listMyEstablishmentsWork(db, actor),
      sections,
    };
    return sendHtml(reply, 200, renderWorkspacePage({ actor, workspace }));
  });

  // ---- Email links: invitation and password reset ----

  function linkRoutes(path: string, kind: PasswordLinkKind): void {
    // The page holds the link's secret, even for a signed-out visitor: never stored.
    app.get<{ Params: { token: string } }>(`${path}/:token`, privateAnswers, async (request, reply) => {
      const params = tokenParamSchema.safeParse(request.params);
      if (!params.success) {
        return sendHtml(reply, 404, renderLinkProblemPage(tokenStateMessages.unknown));
      }
      const check = await checkToken(db, params.data.token, kind);
      if (!check.user) return sendHtml(reply, 410, renderLinkProblemPage(check.message!));
      return sendHtml(
        reply,
        200,
        renderChoosePasswordPage({ kind, token: params.data.token, user: check.user, actor: request.actor }),
      );
    });

    app.post<{ Params: { token: string } }>(`${path}/:token`, async (request, reply) => {
      const params = tokenParamSchema.safeParse(request.params);
      if (!params.success) {
        return sendHtml(reply, 404, renderLinkProblemPage(tokenStateMessages.unknown));
      }
      const { token } = params.data;
      const form = formOf(request);
      const parsed = choosePasswordSchema.safeParse({
        password: formText(form, 'password'),
        confirmation: formText(form, 'confirmation'),
      });
      if (!parsed.success) {
        const check = await checkToken(db, token, kind);
        if (!check.user) return sendHtml(reply, 410, renderLinkProblemPage(check.message!));
        return sendHtml(
          reply,
          400,
          renderChoosePasswordPage({
            kind,
            token,
            user: check.user,
            actor: request.actor,
            errors: fieldErrors(parsed.error),
          }),
        );
      }
      try {
        const userId = await setPasswordWithToken(
          db,
          { token, password: parsed.data.password, purpose: kind },
          { production: context.production },
        );
        // Every older session of the user was deleted: this node must not keep serving them.
        context.sessions.forgetUser(userId);
        // The link proved the mailbox: sign in at once (every older session was ended).
        setSessionCookie(reply, await createSession(db, userId));
        return await reply.redirect('/mon-compte?bienvenue=1', 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'CONFLICT') {
          return sendHtml(reply, 410, renderLinkProblemPage(error.message));
        }
        // A password the service refuses (the demo's, in production): the form again, with why.
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
          const check = await checkToken(db, token, kind);
          if (check.user) {
            const errors = { password: error.message };
            const page = renderChoosePasswordPage({
              kind,
              token,
              user: check.user,
              actor: request.actor,
              errors,
            });
            return sendHtml(reply, 400, page);
          }
        }
        throw error;
      }
    });
  }
  linkRoutes('/invitation', 'invitation');
  linkRoutes('/reinitialisation', 'password-reset');

  app.get('/mot-de-passe-oublie', async (request, reply) =>
    sendHtml(reply, 200, renderForgotPasswordPage({ actor: request.actor })),
  );

  app.post('/mot-de-passe-oublie', async (request, reply) => {
    const email = formText(formOf(request), 'email');
    const parsed = forgotPasswordSchema.safeParse({ email });
    if (!parsed.success) {
      return sendHtml(
        reply,
        400,
        renderForgotPasswordPage({ actor: request.actor, email, error: parsed.error.issues[0]!.message }),
      );
    }
    await requestPasswordReset(db, { email: parsed.data.email });
    return sendHtml(reply, 200, renderForgotPasswordPage({ actor: request.actor, sent: true }));
  });

  // ---- In-app notifications ----

  app.get('/notifications', async (request, reply) => {
    const actor = requireActor(request);
    const notifications = await listMyNotifications(db, actor);
    return sendHtml(reply, 200, renderNotificationsPage({ actor, notifications }));
  });

  app.post<{ Params: { id: string } }>('/notifications/:id/lue', async (request, reply) => {
    const actor = requireActor(request);
    const params = notificationIdSchema.safeParse(request.params);
    if (!params.success) throw new AppError('NOT_FOUND', 'Cette notification n’existe pas.');
    await markNotificationRead(db, actor, params.data.id);
    return reply.redirect('/notifications', 303);
  });

  app.post('/notifications/toutes-lues', async (request, reply) => {
    const actor = requireActor(request);
    await markAllNotificationsRead(db, actor);
    return reply.redirect('/notifications', 303);
  });

  // ---- Development: the email outbox ----

  // Only where DEV_OUTBOX turned it on (never in production): elsewhere the route does not exist, so
  // everyone, national administration included, gets the same 404 as for any unknown page.
  if (context.devOutbox) {
    app.get('/dev/outbox', privateAnswers, async (request, reply) => {
      const emails = await listOutboxEmails(db, {
        devOutbox: context.devOutbox,
        production: context.production,
      });
      return sendHtml(reply, 200, renderOutboxPage({ actor: request.actor, emails }));
    });
  }
}
