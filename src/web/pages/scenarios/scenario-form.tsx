// The scenario form (new, edit): title, objectives, level and discipline (the catalogue's vocabularies),
// duration, and rows of steps, each a resource's number and an instruction. Without JavaScript, a
// search box in the form finds resources: "Chercher" shows the form again with the matches, and each
// match's "Ajouter" button puts it in the first empty step. Each error sits next to its field.
import { disciplines, levels } from '../../../modules/catalogue/vocabulary.js';
import { MAX_STEPS } from '../../../modules/scenarios/scenarios.schema.js';
import { ErrorSummary, SelectField, TextAreaField, TextField } from '../../components/form-fields.js';
import { shortLabel } from '../../format.js';
import { CsrfField, formText, type Form } from '../../page-kit.js';

export const STEP_ROWS = 5;

export interface StepRowValues {
  resource: string;
  instruction: string;
}

export interface ScenarioFormValues {
  title: string;
  objectives: string;
  level: string;
  discipline: string;
  duration: string;
  steps: StepRowValues[];
  /** The words of the resource search box. */
  search: string;
}

export interface ScenarioFormErrors {
  /** Messages by field id. */
  fields: Record<string, string>;
  lines: { href: string; text: string }[];
}

export const noErrors = (): ScenarioFormErrors => ({ fields: {}, lines: [] });

export const stepFieldId = (row: number, field: 'resource' | 'instruction') =>
  `etape-${row + 1}-${field === 'resource' ? 'ressource' : 'consigne'}`;

const isBlank = (step: StepRowValues) => step.resource.trim() === '' && step.instruction.trim() === '';

/** The filled rows, then blank ones up to STEP_ROWS (one more than the filled, at most MAX_STEPS). */
export function withBlankSteps(steps: StepRowValues[]): StepRowValues[] {
  const filled = steps.filter((step) => !isBlank(step)).slice(0, MAX_STEPS);
  const count = Math.min(MAX_STEPS, Math.max(STEP_ROWS, filled.length + 1));
  return [
    ...filled,
    ...Array.from({ length: count - filled.length }, () => ({ resource: '', instruction: '' })),
  ];
}

export function emptyScenarioForm(): ScenarioFormValues {
  return {
    title: '',
    objectives: '',
    level: '',
    discipline: '',
    duration: '',
    steps: withBlankSteps([]),
    search: '',
  };
}

/** The form's values as posted (text only; every field capped). */
export function scenarioFormOf(form: Form): ScenarioFormValues {
  const steps: StepRowValues[] = [];
  for (let row = 0; row < MAX_STEPS; row++) {
    steps.push({
      resource: formText(form, stepFieldId(row, 'resource'), 20),
      instruction: formText(form, stepFieldId(row, 'instruction'), 2100),
    });
  }
  return {
    title: formText(form, 'title', 300),
    objectives: formText(form, 'objectives', 5100),
    level: formText(form, 'level', 100),
    discipline: formText(form, 'discipline', 100),
    duration: formText(form, 'duration', 20),
    steps: steps.filter((step) => !isBlank(step)),
    search: formText(form, 'recherche', 200),
  };
}

/** Digits become a number; anything else is left for the schema to refuse. */
const numberOf = (text: string): number | string => (/^\s*\d{1,10}\s*$/.test(text) ? Number(text) : text);

/** What the schema reads: the filled steps in order. */
export function scenarioSubmission(values: ScenarioFormValues) {
  return {
    title: values.title,
    objectives: values.objectives,
    level: values.level,
    discipline: values.discipline,
    durationMinutes: values.duration.trim() === '' ? undefined : numberOf(values.duration),
    steps: values.steps.map((step) => ({
      resource: step.resource.trim() === '' ? undefined : numberOf(step.resource.replace(/^n°\s*/i, '')),
      instruction: step.instruction,
    })),
  };
}

const fieldOfPath: Record<string, string> = {
  title: 'title',
  objectives: 'objectives',
  level: 'level',
  discipline: 'discipline',
  durationMinutes: 'duration',
  steps: 'etapes',
};

/** Errors located on the submission's paths (steps.2.resource…) placed back on the form's fields. */
export function scenarioFormErrors(issues: readonly { path: string; message: string }[]): ScenarioFormErrors {
  const errors = noErrors();
  for (const issue of issues) {
    const parts = issue.path.split('.');
    let id = fieldOfPath[parts[0] ?? ''] ?? 'etapes';
    if (parts[0] === 'steps' && parts.length >= 3) {
      id = stepFieldId(Number(parts[1]), parts[2] === 'resource' ? 'resource' : 'instruction');
    }
    if (errors.fields[id]) continue;
    errors.fields[id] = issue.message;
    errors.lines.push({ href: `#${id}`, text: issue.message });
  }
  return errors;
}

export interface ResourceMatch {
  id: number;
  title: string;
}

export function ScenarioForm(props: {
  action: string;
  csrfToken: string;
  values: ScenarioFormValues;
  errors: ScenarioFormErrors;
  errorTitle?: string | undefined;
  /** Resources found by the form's search box. */
  matches?: ResourceMatch[] | undefined;
  /** Titles of the steps' resources, by number. */
  titles: ReadonlyMap<number, string>;
  submitLabel: string;
}) {
  const { values, errors } = props;
  const rows = withBlankSteps(values.steps);
  return (
    <form method="post" action={props.action} aria-labelledby="formulaire-scenario">
      <h2 id="formulaire-scenario">Le scénario</h2>
      {props.errorTitle && (
        <ErrorSummary id="erreurs-scenario" title={props.errorTitle} lines={errors.lines} />
      )}
      <CsrfField token={props.csrfToken} />
      <p class="fr-hint-text">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      <TextField id="title" name="title" label="Titre *" value={values.title} error={errors.fields.title} />
      <TextAreaField
        id="objectives"
        name="objectives"
        label="Objectifs *"
        hint="Ce que les élèves apprennent ou savent faire à la fin. 5 000 caractères au plus."
        rows={5}
        value={values.objectives}
        error={errors.fields.objectives}
      />
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-4">
          <SelectField
            id="level"
            name="level"
            label="Niveau *"
            options={[
              { value: '', label: 'Choisir un niveau' },
              ...levels.map((level) => ({
                value: level.code,
                label: level.parent ? `— ${shortLabel(level.label)}` : shortLabel(level.label),
              })),
            ]}
            value={values.level}
            error={errors.fields.level}
          />
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <SelectField
            id="discipline"
            name="discipline"
            label="Discipline *"
            options={[
              { value: '', label: 'Choisir une discipline' },
              ...disciplines.map((discipline) => ({
                value: discipline.code,
                label: shortLabel(discipline.label),
              })),
            ]}
            value={values.discipline}
            error={errors.fields.discipline}
          />
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <TextField
            id="duration"
            name="duration"
            label="Durée en minutes *"
            hint="Par exemple 55 pour une séance"
            inputMode="numeric"
            value={values.duration}
            error={errors.fields.duration}
          />
        </div>
      </div>

      <h3 class="fr-mt-4w" id="etapes">
        Étapes
      </h3>
      {errors.fields.etapes && <p class="fr-error-text">{errors.fields.etapes}</p>}
      <p class="fr-hint-text">
        Chaque étape lie une ressource du catalogue, par son numéro (dans l’adresse de sa fiche :
        /ressources/numéro), avec la consigne. Les lignes laissées vides sont ignorées.
      </p>
      <div class="fr-input-group">
        <label class="fr-label" for="recherche">
          Trouver une ressource
          <span class="fr-hint-text" id="recherche-hint">
            Des mots du titre ; « Ajouter » la met dans la première étape libre.
          </span>
        </label>
        <div class="fr-search-bar" role="search">
          <input
            class="fr-input"
            type="search"
            id="recherche"
            name="recherche"
            value={values.search}
            aria-describedby="recherche-hint"
          />
          <button type="submit" class="fr-btn" name="action" value="chercher" formNoValidate title="Chercher">
            Chercher
          </button>
        </div>
      </div>
      {props.matches && (
        <div class="fr-mb-3w" aria-live="polite">
          {props.matches.length === 0 ? (
            <p>Aucune ressource ne correspond à ces mots.</p>
          ) : (
            <ul>
              {props.matches.map((match) => (
                <li>
                  n° {match.id} — {match.title}{' '}
                  <button
                    type="submit"
                    class="fr-btn fr-btn--sm fr-btn--tertiary"
                    name="ajouter"
                    value={String(match.id)}
                    formNoValidate
                  >
                    Ajouter<span class="fr-sr-only"> {match.title}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {rows.map((step, row) => {
        const number = /^\d+$/.test(step.resource.trim()) ? Number(step.resource) : undefined;
        const title = number !== undefined ? props.titles.get(number) : undefined;
        return (
          <fieldset class="fr-fieldset" id={`etape-${row + 1}`} aria-labelledby={`etape-${row + 1}-legend`}>
            <legend class="fr-fieldset__legend fr-fieldset__legend--regular" id={`etape-${row + 1}-legend`}>
              Étape {row + 1}
              {title && <span class="fr-hint-text">{title}</span>}
            </legend>
            <div class="fr-fieldset__element">
              <TextField
                id={stepFieldId(row, 'resource')}
                name={stepFieldId(row, 'resource')}
                label={
                  <>
                    Numéro de la ressource<span class="fr-sr-only"> de l’étape {row + 1}</span>
                  </>
                }
                inputMode="numeric"
                value={step.resource}
                error={errors.fields[stepFieldId(row, 'resource')]}
                required={false}
              />
              <TextAreaField
                id={stepFieldId(row, 'instruction')}
                name={stepFieldId(row, 'instruction')}
                label={
                  <>
                    Consigne<span class="fr-sr-only"> de l’étape {row + 1}</span>
                  </>
                }
                rows={2}
                value={step.instruction}
                error={errors.fields[stepFieldId(row, 'instruction')]}
              />
            </div>
          </fieldset>
        );
      })}
      <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
        <li>
          <button type="submit" class="fr-btn" name="action" value="enregistrer">
            {props.submitLabel}
          </button>
        </li>
      </ul>
    </form>
  );
}
