// The resource page's infomédiation: the rating summary and the RIP label near the title, then the
// institutional appraisals (with the publisher's replies) apart from the teachers' reviews, each
// review with its badges and its forms (mark helpful, report), and the links to write or edit one's
// own review. Plain forms and links: everything works without JavaScript. User text is only ever a
// text child (Preact escapes it).
import type { ResourceInfomediation } from '../../../modules/reviews/infomediation.service.js';
import type { AppraisalView } from '../../../modules/reviews/reviews.presenter.js';
import { dayInFrance } from '../../../shared/clock.js';
import { countOf, formatDate } from '../../format.js';
import { CsrfField } from '../../page-kit.js';

export type { ResourceInfomediation };

/** "12 mars 2026" for an instant, as a French calendar day. */
export const dayOf = (instant: string) => formatDate(dayInFrance(new Date(instant)));

/** "4,3" */
export const ratingText = (rating: number) =>
  rating.toLocaleString('fr-FR', {
    minimumFractionDigits: rating % 1 === 0 ? 0 : 1,
    maximumFractionDigits: 1,
  });

/** Five stars, filled up to the rating (rounded), with the figure said in words beside them. */
export function Stars({ rating }: { rating: number }) {
  const filled = Math.round(rating);
  return (
    <span class="ccr-stars">
      <span aria-hidden="true">{'★'.repeat(filled) + '☆'.repeat(5 - filled)}</span>{' '}
      <span>{ratingText(rating)} sur 5</span>
    </span>
  );
}

export function reviewsPath(resourceId: string): string {
  return `/ressources/${encodeURIComponent(resourceId)}`;
}

/** Under the title: the average and the count, and the RIP label when the resource has it. */
export function RatingSummary({ info }: { info: ResourceInfomediation }) {
  return (
    <div class="ccr-rating-summary fr-mb-3w">
      {info.ripLabel && (
        <p class="fr-badge fr-badge--success fr-badge--no-icon ccr-rip-badge" id="label-rip">
          Label RIP : reconnu d’intérêt pédagogique
        </p>
      )}
      <p class="fr-mb-0">
        {info.averageRating === null ? (
          <a href="#avis">Aucun avis d’enseignant pour l’instant</a>
        ) : (
          <>
            <Stars rating={info.averageRating} />{' '}
            <a href="#avis">({countOf(info.reviewCount, 'avis d’enseignant', 'avis d’enseignants')})</a>
          </>
        )}
        {info.appraisals.length > 0 && (
          <>
            {' · '}
            <a href="#avis-institutionnels">
              {countOf(info.appraisals.length, 'avis institutionnel', 'avis institutionnels')}
            </a>
          </>
        )}
      </p>
    </div>
  );
}

function Appraisal({ appraisal }: { appraisal: AppraisalView & { canReply: boolean } }) {
  const heading = `appraisal-${appraisal.id}`;
  return (
    <article
      class="fr-card fr-card--no-arrow fr-mb-3w"
      id={`avis-institutionnel-${appraisal.id}`}
      aria-labelledby={heading}
    >
      <div class="fr-card__body">
        <div class="fr-card__content">
          <h3 class="fr-card__title" id={heading}>
            Avis de {appraisal.signature}
          </h3>
          <p class="fr-card__detail">Publié le {dayOf(appraisal.createdAt)}</p>
          {appraisal.ripLabel && (
            <p class="fr-badge fr-badge--success fr-badge--no-icon fr-mt-1w">
              Label RIP attribué le {formatDate(appraisal.ripLabel.awardedOn)}
            </p>
          )}
          <dl class="ccr-notice fr-mt-2w">
            <div class="ccr-notice__row">
              <dt>Points forts</dt>
              <dd class="ccr-user-text">{appraisal.strengths}</dd>
            </div>
            <div class="ccr-notice__row">
              <dt>Limites</dt>
              <dd class="ccr-user-text">{appraisal.limits}</dd>
            </div>
            <div class="ccr-notice__row">
              <dt>Usages recommandés</dt>
              <dd class="ccr-user-text">{appraisal.recommendedUses}</dd>
            </div>
            <div class="ccr-notice__row">
              <dt>Niveaux recommandés</dt>
              <dd>
                {appraisal.levels.length > 0
                  ? appraisal.levels.map((level) => level.label).join(', ')
                  : 'non précisés'}
              </dd>
            </div>
          </dl>
          {appraisal.reply ? (
            <div class="fr-callout fr-mt-2w">
              <h4 class="fr-callout__title">Droit de réponse de l’éditeur ({appraisal.reply.producer})</h4>
              <p class="fr-callout__text ccr-user-text">{appraisal.reply.body}</p>
              <p class="fr-text--sm fr-mb-0">Publiée le {dayOf(appraisal.reply.createdAt)}</p>
            </div>
          ) : (
            appraisal.canReply && (
              <p class="fr-mt-2w">
                <a class="fr-link" href={`/editeur/avis-institutionnels/${appraisal.id}/reponse`}>
                  Répondre à cet avis (droit de réponse)
                </a>
              </p>
            )
          )}
        </div>
      </div>
    </article>
  );
}

function Appraisals({ info }: { info: ResourceInfomediation }) {
  return (
    <section class="fr-mt-6w" aria-labelledby="avis-institutionnels">
      <h2 id="avis-institutionnels">Avis institutionnels</h2>
      <p class="fr-text--sm">
        Expertises signées des inspecteurs et des experts, distinctes des avis des enseignants.
      </p>
      {info.ripLabel && (
        <div class="fr-callout fr-callout--green-emeraude fr-mb-3w">
          <h3 class="fr-callout__title">Label RIP : reconnu d’intérêt pédagogique</h3>
          <p class="fr-callout__text">
            Attribué le {formatDate(info.ripLabel.awardedOn)} par {info.ripLabel.awardedBy}.
          </p>
        </div>
      )}
      {info.appraisals.length === 0 && <p>Aucun avis institutionnel pour l’instant.</p>}
      {info.appraisals.map((appraisal) => (
        <Appraisal appraisal={appraisal} />
      ))}
      {info.canAppraise && (
        <p>
          <a
            class="fr-btn fr-btn--secondary"
            href={`/expertise/ressources/${encodeURIComponent(info.resourceId)}/avis-institutionnel`}
          >
            Rédiger un avis institutionnel
          </a>
        </p>
      )}
    </section>
  );
}

type ReviewOnPage = ResourceInfomediation['reviews'][number];

/** Where and how she used it: "utilisée en classe", level, discipline. */
export function ReviewBadges({
  review,
}: {
  review: Pick<ReviewOnPage, 'usedInClass' | 'level' | 'discipline'>;
}) {
  return (
    <ul class="fr-badges-group">
      {review.usedInClass && (
        <li>
          <p class="fr-badge fr-badge--info fr-badge--no-icon">utilisée en classe</p>
        </li>
      )}
      {review.level && (
        <li>
          <p class="fr-badge fr-badge--no-icon">{review.level.label}</p>
        </li>
      )}
      {review.discipline && (
        <li>
          <p class="fr-badge fr-badge--no-icon">{review.discipline.label}</p>
        </li>
      )}
    </ul>
  );
}

function Review({ review, csrfToken }: { review: ReviewOnPage; csrfToken: string | undefined }) {
  const heading = `avis-${review.id}-titre`;
  return (
    <li class="ccr-review fr-mb-4w" id={`avis-${review.id}`}>
      <article aria-labelledby={heading}>
        <h3 class="fr-h6 fr-mb-1w" id={heading}>
          <Stars rating={review.rating} /> — {review.author}
          {review.mine && ' (vous)'}
        </h3>
        <ReviewBadges review={review} />
        <p class="ccr-user-text fr-mt-1w">{review.body}</p>
        <p class="fr-text--sm fr-mb-1w">
          Publié le {dayOf(review.createdAt)}
          {review.editedAt && <>, modifié le {dayOf(review.editedAt)}</>}
          {' · '}
          {review.helpfulCount === 0
            ? 'aucune personne ne l’a trouvé utile'
            : `${countOf(review.helpfulCount, 'personne l’a trouvé utile', 'personnes l’ont trouvé utile')}`}
        </p>
        <div class="ccr-review__actions">
          {review.canMarkHelpful && (
            <form method="post" action={`/avis/${review.id}/utile`}>
              <CsrfField token={csrfToken} />
              <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">
                Avis utile<span class="fr-sr-only"> : l’avis de {review.author}</span>
              </button>
            </form>
          )}
          {review.markedHelpful && <p class="fr-text--sm fr-mb-0">Vous avez trouvé cet avis utile.</p>}
          {review.canReport && (
            <a class="fr-link fr-link--sm" href={`/avis/${review.id}/signaler`}>
              Signaler<span class="fr-sr-only"> l’avis de {review.author}</span>
            </a>
          )}
          {review.reported && <p class="fr-text--sm fr-mb-0">Vous avez signalé cet avis.</p>}
        </div>
      </article>
    </li>
  );
}

function OwnReview({ info }: { info: ResourceInfomediation }) {
  const own = info.myReview;
  const formPath = `${reviewsPath(info.resourceId)}/mon-avis`;
  if (own?.hidden)
    return (
      <div class="fr-alert fr-alert--warning fr-mb-3w">
        <h3 class="fr-alert__title">Votre avis a été masqué par la modération</h3>
        <p class="ccr-user-text">Motif : {own.hiddenReason}</p>
      </div>
    );
  if (own)
    return (
      <p>
        <a class="fr-btn fr-btn--secondary" href={formPath}>
          Modifier mon avis
        </a>
      </p>
    );
  if (info.canWriteReview)
    return (
      <p>
        <a class="fr-btn" href={formPath}>
          Donner mon avis
        </a>
      </p>
    );
  if (!info.signedIn && !info.withdrawn)
    return (
      <p>
        <a class="fr-link" href={`/connexion?${new URLSearchParams({ retour: formPath }).toString()}`}>
          Connectez-vous pour donner votre avis
        </a>
      </p>
    );
  return null;
}

/** ?avis=… after a form on this page: fixed messages, never text from the address. */
export const reviewNotices: Record<string, string> = {
  publie: 'Votre avis est publié. Merci !',
  modifie: 'Votre avis est modifié.',
  utile: 'Merci : votre vote est enregistré.',
  signale: 'Merci : l’avis est signalé aux modérateurs.',
  'avis-institutionnel': 'Votre avis institutionnel est publié.',
  reponse: 'Votre réponse est publiée sous l’avis institutionnel.',
};

function Reviews({ info, csrfToken }: { info: ResourceInfomediation; csrfToken: string | undefined }) {
  const pageLink = (page: number) =>
    `${reviewsPath(info.resourceId)}?${new URLSearchParams({ 'avis-page': String(page) }).toString()}#avis`;
  return (
    <section class="fr-mt-6w" aria-labelledby="avis">
      <h2 id="avis">Avis des enseignants</h2>
      {info.averageRating !== null && (
        <p>
          Note moyenne : <Stars rating={info.averageRating} />, sur {countOf(info.reviewCount, 'avis')}.
        </p>
      )}
      <OwnReview info={info} />
      {info.reviews.length === 0 ? (
        <p>Aucun enseignant n’a encore donné son avis sur cette ressource.</p>
      ) : (
        <ul class="ccr-reviews">
          {info.reviews.map((review) => (
            <Review review={review} csrfToken={csrfToken} />
          ))}
        </ul>
      )}
      {info.pageCount > 1 && (
        <nav role="navigation" class="fr-pagination" aria-label="Pages des avis">
          <ul class="fr-pagination__list">
            {Array.from({ length: info.pageCount }, (_, index) => index + 1).map((page) => (
              <li>
                <a
                  class="fr-pagination__link"
                  href={pageLink(page)}
                  aria-current={page === info.page ? 'page' : undefined}
                  title={`Page ${page}`}
                >
                  {page}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </section>
  );
}

/** Both sections, appraisals first; `notice` is a fixed message after a form. */
export function InfomediationSections({
  info,
  csrfToken,
  notice,
}: {
  info: ResourceInfomediation;
  csrfToken: string | undefined;
  notice?: string | undefined;
}) {
  return (
    <>
      {notice && (
        <div class="fr-alert fr-alert--success fr-mt-4w" role="status">
          <h2 class="fr-alert__title">{notice}</h2>
        </div>
      )}
      <Appraisals info={info} />
      <Reviews info={info} csrfToken={csrfToken} />
    </>
  );
}

/** The fixed message of a code (?avis=code), or undefined for any other text. */
export function reviewNoticeOf(code: string): string | undefined {
  return Object.hasOwn(reviewNotices, code) ? reviewNotices[code] : undefined;
}
