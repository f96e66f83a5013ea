// /admin/moissonnage/nouvelle: registering a harvest source. Sources come in kinds (today the OAI-PMH
// repository): each kind draws its own fields (`kindForms`), the fields every kind shares (name,
// producer, defaults, review, schedule) follow. With several kinds, links at the top choose one
// (?type=…), so the page works without JavaScript. A refused form comes back with what was typed and
// each message next to its field, summed up at the top of the form.
import type { Actor } from '../../../modules/accounts/actor.js';
import { harvestPrefixes, sourceKinds, type SourceKind } from '../../../modules/harvest/harvest.schema.js';
import { MAX_SCHEDULE_HOURS } from '../../../modules/harvest/harvest-schedule.js';
import { CheckboxField, ErrorSummary, SelectField, TextField } from '../../components/form-fields.js';
import { renderPage } from '../../layout.js';
import { CsrfField } from '../../page-kit.js';
import type { FieldMap, FormRefusal } from '../funding/form-errors.js';
import { HARVEST_HOME, Shell } from './harvest-parts.js';

/** The form's field names (also the use case's input keys) → their ids and labels. */
export const sourceFields: FieldMap = {
  kind: { id: 'source-kind', label: 'Type de source' },
  name: { id: 'source-name', label: 'Nom de la source' },
  baseUrl: { id: 'source-baseUrl', label: 'Adresse de base' },
  prefix: { id: 'source-prefix', label: 'Format des notices' },
  set: { id: 'source-set', label: 'Ensemble (set)' },
  producer: { id: 'source-producer', label: 'Producteur' },
  licence: { id: 'source-licence', label: 'Licence par défaut' },
  cost: { id: 'source-cost', label: 'Coût par défaut' },
  redirectHosts: { id: 'source-redirectHosts', label: 'Hôtes de redirection autorisés' },
  scheduleKind: { id: 'source-scheduleKind', label: 'Fréquence' },
  scheduleHours: { id: 'source-scheduleHours', label: 'Nombre d’heures' },
  scheduleTime: { id: 'source-scheduleTime', label: 'Heure du moissonnage' },
};

export interface SourceFormPageInput {
  actor: Actor;
  kind: SourceKind;
  producers: { code: string; name: string }[];
  licences: { code: string; label: string }[];
  /** What was typed, by field name ('review': 'yes' when ticked). */
  values: Record<string, string>;
  refusal?: FormRefusal | undefined;
}

type FieldProps = { values: Record<string, string>; errors: Record<string, string> };

const kindLabels: Record<SourceKind, string> = {
  'oai-pmh': 'Entrepôt OAI-PMH',
  sitemap: 'Sitemap de pages schema.org',
};

const prefixLabels: Record<(typeof harvestPrefixes)[number], string> = {
  scolomfr: 'ScoLOMfr (scolomfr)',
  lom: 'LOM (lom)',
  oai_dc: 'Dublin Core (oai_dc)',
};

function text(
  key: string,
  { values, errors }: FieldProps,
  extra: Partial<Parameters<typeof TextField>[0]> & { label: string },
) {
  const field = sourceFields[key]!;
  return (
    <TextField
      id={field.id}
      name={key}
      value={values[key] ?? ''}
      error={errors[field.id]}
      autocomplete="off"
      {...extra}
    />
  );
}

/** The fields of each kind of source. */
const kindForms: Record<SourceKind, (props: FieldProps) => preact.JSX.Element> = {
  'oai-pmh': (props) => (
    <>
      {text('baseUrl', props, {
        label: 'Adresse de base OAI-PMH',
        hint: 'L’adresse à laquelle l’entrepôt répond aux verbes OAI-PMH, par exemple https://oai.exemple.fr/oai.',
        type: 'url',
      })}
      <SelectField
        id={sourceFields.prefix!.id}
        name="prefix"
        label="Format des notices (metadataPrefix)"
        hint="ScoLOMfr et LOM passent par les règles des notices ; Dublin Core est converti, puis vérifié de même."
        options={harvestPrefixes.map((prefix) => ({ value: prefix, label: prefixLabels[prefix] }))}
        value={props.values.prefix ?? 'scolomfr'}
        error={props.errors[sourceFields.prefix!.id]}
      />
      {text('set', props, {
        label: 'Ensemble (set), facultatif',
        hint: 'Le setSpec à moissonner ; vide : tout l’entrepôt.',
        required: false,
      })}
    </>
  ),
  sitemap: (props) =>
    text('baseUrl', props, {
      label: 'Adresse du sitemap',
      hint: 'Un sitemap XML (ou un index de sitemaps) dont chaque page décrit une ressource en JSON-LD schema.org LearningResource, par exemple https://ressources.exemple.fr/sitemap.xml.',
      type: 'url',
    }),
};

function ScheduleFields({ values, errors }: FieldProps) {
  return (
    <fieldset class="fr-fieldset" id="source-schedule" aria-labelledby="source-schedule-legend">
      <legend class="fr-fieldset__legend" id="source-schedule-legend">
        Fréquence du moissonnage
        <span class="fr-hint-text">
          À la demande : seulement avec « Moissonner maintenant ». Toutes les N heures : N heures après la fin
          du moissonnage précédent (le premier tout de suite). Chaque jour : à l’heure dite, heure de Paris.
        </span>
      </legend>
      <div class="fr-fieldset__element">
        <SelectField
          id={sourceFields.scheduleKind!.id}
          name="scheduleKind"
          label="Fréquence"
          options={[
            { value: 'none', label: 'À la demande' },
            { value: 'every', label: 'Toutes les N heures' },
            { value: 'daily', label: 'Chaque jour à une heure donnée' },
          ]}
          value={values.scheduleKind ?? 'none'}
          error={errors[sourceFields.scheduleKind!.id]}
        />
      </div>
      <div class="fr-fieldset__element">
        {text(
          'scheduleHours',
          { values, errors },
          {
            label: 'Toutes les N heures : nombre d’heures',
            hint: `De 1 à ${MAX_SCHEDULE_HOURS} ; pris en compte avec « Toutes les N heures ».`,
            inputMode: 'numeric',
            required: false,
          },
        )}
      </div>
      <div class="fr-fieldset__element">
        {text(
          'scheduleTime',
          { values, errors },
          {
            label: 'Chaque jour : heure (HH:MM)',
            hint: 'Par exemple 02:30 ; pris en compte avec « Chaque jour ».',
            required: false,
          },
        )}
      </div>
    </fieldset>
  );
}

export function renderSourceFormPage(input: SourceFormPageInput): string {
  const errors = input.refusal?.fields ?? {};
  const values = input.values;
  const props = { values, errors };
  const KindFields = kindForms[input.kind];
  return renderPage({
    actor: input.actor,
    title: 'Enregistrer une source',
    children: (
      <Shell title="Enregistrer une source" crumbs={[{ label: 'Nouvelle source' }]} flash={{}}>
        {sourceKinds.length > 1 && (
          <nav aria-label="Type de source">
            <ul class="fr-tags-group">
              {sourceKinds.map((kind) => (
                <li>
                  <a
                    class="fr-tag"
                    href={`${HARVEST_HOME}/nouvelle?type=${kind}`}
                    aria-current={kind === input.kind ? 'page' : undefined}
                  >
                    {kindLabels[kind]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <form method="post" action={`${HARVEST_HOME}/nouvelle`} id="source-form" novalidate>
          <CsrfField token={input.actor.csrfToken} />
          <input type="hidden" name="kind" value={input.kind} />
          {input.refusal && (
            <ErrorSummary id="source-form-errors" title={input.refusal.title} lines={input.refusal.lines} />
          )}
          <p class="fr-text--sm">
            Type de source : {kindLabels[input.kind]}. Les champs sont obligatoires sauf mention contraire.
          </p>
          <KindFields {...props} />
          {text('name', props, {
            label: 'Nom de la source, facultatif',
            hint: 'Le nom montré dans le catalogue (filtre « Source »). Par défaut : l’hôte et le chemin de l’adresse.',
            required: false,
          })}
          <SelectField
            id={sourceFields.producer!.id}
            name="producer"
            label="Producteur"
            hint="Les ressources moissonnées sont rangées sous ce producteur."
            options={[
              { value: '', label: 'Choisissez un producteur' },
              ...input.producers.map((producer) => ({ value: producer.code, label: producer.name })),
            ]}
            value={values.producer ?? ''}
            error={errors[sourceFields.producer!.id]}
          />
          <SelectField
            id={sourceFields.licence!.id}
            name="licence"
            label="Licence quand une notice n’en dit rien"
            options={input.licences.map((licence) => ({ value: licence.code, label: licence.label }))}
            value={values.licence ?? 'proprietary'}
            error={errors[sourceFields.licence!.id]}
          />
          <SelectField
            id={sourceFields.cost!.id}
            name="cost"
            label="Coût quand une notice n’en dit rien"
            options={[
              { value: 'no', label: 'Gratuite' },
              { value: 'yes', label: 'Payante' },
            ]}
            value={values.cost ?? 'no'}
            error={errors[sourceFields.cost!.id]}
          />
          <div class="fr-fieldset__element fr-mb-3w">
            <CheckboxField
              id="source-review"
              name="review"
              value="yes"
              label="Faire valider chaque notice par les experts avant sa publication"
              checked={values.review === 'yes'}
            />
          </div>
          {text('redirectHosts', props, {
            label: 'Hôtes vers lesquels la source peut rediriger, facultatif',
            hint: 'Séparés par des espaces ou des virgules, par exemple cdn.exemple.fr. Toute autre redirection est refusée.',
            required: false,
          })}
          <ScheduleFields {...props} />
          <ul class="fr-btns-group fr-btns-group--inline">
            <li>
              <button class="fr-btn" type="submit">
                Enregistrer la source
              </button>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary" href={HARVEST_HOME}>
                Annuler
              </a>
            </li>
          </ul>
        </form>
      </Shell>
    ),
  });
}
