// The campaigns page (national administration): the list, and the form that creates a campaign with
// its allocation rules (amounts per école, pupil bands per secondary type, co-funding, academies).
import type { Actor } from '../../../modules/accounts/actor.js';
import { CsrfField, type Flash } from '../../page-kit.js';
import {
  defaultBands,
  establishmentTypeLabels,
  secondaryTypes,
} from '../../../modules/funding/campaign-rules.js';
import { campaignStatusLabels } from '../../../modules/funding/campaign.workflow.js';
import type { Campaign as CampaignRow } from '../../../modules/funding/campaign.service.js';
import { bandFieldName, MAX_BAND_ROWS, type SecondaryType } from '../../../modules/funding/funding.schema.js';
import { CheckboxField, CheckboxGroup, ErrorSummary, TextField } from '../../components/form-fields.js';
import { formatDate, formatMoney } from '../../format.js';
import { renderPage } from '../../layout.js';
import { AcademyChoiceActions, Shell, Table, academyOptions } from './funding-parts.js';

export interface BandRowValues {
  upTo: string;
  amount: string;
}

/** The campaign form as typed (shown again after a refusal), and its errors by field id. */
export interface CampaignFormValues {
  name?: string;
  envelope?: string;
  deadline?: string;
  policy?: string;
  primary?: string;
  secondaryMin?: string;
  secondaryMax?: string;
  includePrivateContract?: boolean;
  coFundingAllowed?: boolean;
  academyIds?: number[];
  bands?: Partial<Record<SecondaryType, BandRowValues[]>> | undefined;
  errors?: Record<string, string>;
  /** Why the form came back: its summary at the top of the form, lines linking to the fields. */
  refusal?: { title: string; lines?: (string | { href: string; text: string })[] | undefined };
  /** The sentence under the academies after "Toutes" or "Aucune" without JavaScript. */
  academyStatus?: string;
}

export const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The 2012 bands as form rows: one list per secondary type. */
export function defaultBandRows(): Record<SecondaryType, BandRowValues[]> {
  return Object.fromEntries(
    secondaryTypes.map((type) => [
      type,
      defaultBands
        .filter((band) => band.types.includes(type))
        .map((band) => ({
          upTo: band.upToPupils === null ? '' : String(band.upToPupils),
          amount: String(band.amountCents / 100),
        })),
    ]),
  ) as Record<SecondaryType, BandRowValues[]>;
}

const campaignFieldNames: Record<string, string> = {
  name: 'Nom de la campagne',
  envelope: 'Enveloppe nationale',
  deadline: 'Date limite de commande',
  policy: 'Reliquats',
  primary: 'Montant par école',
  secondaryMin: 'Minimum par EPLE',
  secondaryMax: 'Maximum par EPLE',
  academies: 'Académies participantes',
};

/** "Collège, tranche 2, montant" for band-college-1-amount; the field's label otherwise. */
function campaignFieldName(id: string): string {
  const band = /^band-([a-z]+)-(\d+)-(upto|amount)$/.exec(id);
  if (band) {
    const type = capitalized(establishmentTypeLabels[band[1] as SecondaryType] ?? band[1]!);
    return `${type}, tranche ${Number(band[2]) + 1}, ${band[3] === 'upto' ? 'effectif' : 'montant'}`;
  }
  return campaignFieldNames[id] ?? id;
}

/** Links from the alert at the top of a form to each field in error, in the form's order. */
export function fieldErrorLinks(errors: Record<string, string>): { href: string; text: string }[] {
  return Object.entries(errors).map(([id, message]) => ({
    href: `#${id}`,
    text: `${campaignFieldName(id)} : ${message}`,
  }));
}

function BandFields({ values, errors }: { values: CampaignFormValues; errors: Record<string, string> }) {
  const defaults = defaultBandRows();
  return (
    <>
      {secondaryTypes.map((type) => {
        const typed = values.bands ? (values.bands[type] ?? []) : defaults[type];
        const rows = Array.from({ length: MAX_BAND_ROWS }, (_, i) => typed[i] ?? { upTo: '', amount: '' });
        const label = establishmentTypeLabels[type];
        return (
          <fieldset class="fr-fieldset" id={`tranches-${type}`} aria-labelledby={`tranches-${type}-legend`}>
            <legend class="fr-fieldset__legend" id={`tranches-${type}-legend`}>
              Tranches d’effectif : {label}
            </legend>
            {rows.map((row, index) => {
              const upTo = bandFieldName(type, index, 'upto');
              const amount = bandFieldName(type, index, 'amount');
              const which = <span class="fr-sr-only"> ({label})</span>;
              return (
                <div class="fr-fieldset__element">
                  <div class="fr-grid-row fr-grid-row--gutters">
                    <div class="fr-col-12 fr-col-sm-6">
                      <TextField
                        id={upTo}
                        name={upTo}
                        label={
                          <>
                            Tranche {index + 1} : jusqu’à (élèves){which}
                          </>
                        }
                        inputMode="numeric"
                        autocomplete="off"
                        required={false}
                        value={row.upTo}
                        error={errors[upTo]}
                      />
                    </div>
                    <div class="fr-col-12 fr-col-sm-6">
                      <TextField
                        id={amount}
                        name={amount}
                        label={
                          <>
                            Tranche {index + 1} : montant (euros){which}
                          </>
                        }
                        inputMode="decimal"
                        autocomplete="off"
                        required={false}
                        value={row.amount}
                        error={errors[amount]}
                      />
                    </div>
                  </div>
                </div>
              );
            })}
          </fieldset>
        );
      })}
    </>
  );
}

export function renderCampaignsPage(input: {
  actor: Actor;
  campaigns: CampaignRow[];
  academies: { id: number; code: string; name: string }[];
  canCreate: boolean;
  flash?: Flash;
  values?: CampaignFormValues;
}): string {
  const values = input.values ?? {};
  const errors = values.errors ?? {};
  const chosen = new Set((values.academyIds ?? []).map(String));
  const text = (
    id: string,
    label: string,
    value: string,
    extra: Partial<Parameters<typeof TextField>[0]> = {},
  ) => (
    <TextField
      id={id}
      name={id}
      label={label}
      value={value}
      autocomplete="off"
      error={errors[id]}
      {...extra}
    />
  );
  return renderPage({
    actor: input.actor,
    title: 'Campagnes de dotation',
    children: (
      <Shell title="Campagnes de dotation" crumbs={[{ label: 'Campagnes' }]} flash={input.flash ?? {}}>
        {input.campaigns.length === 0 ? (
          <p>Aucune campagne pour le moment.</p>
        ) : (
          <Table
            caption="Campagnes"
            head={['Campagne', 'État', 'Enveloppe', 'Date limite de commande']}
            rows={input.campaigns.map((c) => [
              <a href={`/financement/campagnes/${c.id}`}>{c.name}</a>,
              campaignStatusLabels[c.status],
              formatMoney(c.envelopeCents),
              formatDate(c.orderingDeadline),
            ])}
          />
        )}
        {input.canCreate && (
          <section class="fr-mt-6w" aria-labelledby="nouvelle-campagne">
            <h2 id="nouvelle-campagne">Nouvelle campagne</h2>
            <form
              method="post"
              action="/financement/campagnes#nouvelle-campagne"
              class="ccr-narrow"
              novalidate
            >
              <CsrfField token={input.actor?.csrfToken} />
              {/* The first submit button is the one Enter in a field presses: creating, not "Toutes". */}
              <button type="submit" class="fr-sr-only" tabindex={-1} aria-hidden="true">
                Créer la campagne
              </button>
              {values.refusal && (
                <ErrorSummary
                  id="campagne-erreurs"
                  title={values.refusal.title}
                  lines={values.refusal.lines}
                />
              )}
              {text('name', 'Nom de la campagne', values.name ?? 'Plan 2026, phase 1')}
              {text('envelope', 'Enveloppe nationale (en euros)', values.envelope ?? '', {
                hint: 'Deux décimales au plus, par exemple 8 000 000 ou 1 500,50.',
                inputMode: 'decimal',
              })}
              {text('deadline', 'Date limite de commande', values.deadline ?? '', { type: 'date' })}
              <div class="fr-select-group">
                <label class="fr-label" for="policy">
                  Reliquats
                </label>
                <select class="fr-select" id="policy" name="policy">
                  <option value="return-to-academy" selected={values.policy !== 'carry-to-next-campaign'}>
                    Rendus à l’académie, qui les réaffecte
                  </option>
                  <option
                    value="carry-to-next-campaign"
                    selected={values.policy === 'carry-to-next-campaign'}
                  >
                    Reportés sur la campagne suivante
                  </option>
                </select>
              </div>
              <fieldset class="fr-fieldset" aria-labelledby="regles-legend">
                <legend class="fr-fieldset__legend" id="regles-legend">
                  Règles de dotation
                </legend>
                <div class="fr-fieldset__element">
                  {text('primary', 'Montant par école (euros)', values.primary ?? '500', {
                    inputMode: 'decimal',
                  })}
                </div>
                <div class="fr-fieldset__element">
                  {text(
                    'secondaryMin',
                    'Minimum par EPLE (euros, par pas de 500 €)',
                    values.secondaryMin ?? '1000',
                    {
                      inputMode: 'decimal',
                    },
                  )}
                </div>
                <div class="fr-fieldset__element">
                  {text(
                    'secondaryMax',
                    'Maximum par EPLE (euros, par pas de 500 €)',
                    values.secondaryMax ?? '2500',
                    {
                      inputMode: 'decimal',
                    },
                  )}
                </div>
                <div class="fr-fieldset__element">
                  <CheckboxField
                    id="private"
                    name="private"
                    value="yes"
                    label="Inclure les établissements privés sous contrat"
                    checked={values.includePrivateContract ?? true}
                  />
                </div>
                <div class="fr-fieldset__element">
                  <CheckboxField
                    id="cofunding"
                    name="cofunding"
                    value="yes"
                    label="Autoriser le cofinancement (collectivité, établissement, académie)"
                    checked={values.coFundingAllowed ?? true}
                  />
                </div>
              </fieldset>
              <h3 class="fr-h6" id="tranches">
                Montant par EPLE selon le type et l’effectif
              </h3>
              <p class="fr-hint-text" id="tranches-aide">
                Pour chaque type, la première tranche dont la limite couvre l’effectif donne le montant.
                Limites croissantes ; laissez « jusqu’à » vide sur la dernière tranche pour « et au-delà ».
                Montants par pas de 500 €, entre le minimum et le maximum, sans jamais baisser d’une tranche à
                la suivante. Les lignes vides sont ignorées ; un établissement qu’aucune tranche ne couvre
                reçoit le minimum.
              </p>
              <BandFields values={values} errors={errors} />
              <CheckboxGroup
                id="academies"
                name="academy"
                legend="Académies participantes"
                hint="Modifiables tant que la campagne est en préparation."
                options={academyOptions(input.academies)}
                checked={chosen}
                error={errors.academies}
                actions={
                  <AcademyChoiceActions
                    group="academies"
                    count={input.academies.length}
                    status={values.academyStatus}
                  />
                }
              />
              <button class="fr-btn" type="submit">
                Créer la campagne
              </button>
            </form>
          </section>
        )}
      </Shell>
    ),
  });
}
