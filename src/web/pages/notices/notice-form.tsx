// The notice form (new notice, or a new version of one): the fields with the catalogue's vocabularies as
// pickers (levels as a cycle → class tree), cost and licence, three rows of offers, and two buttons:
// "Prévisualiser" shows the form again with a preview of the product page, "Soumettre" stores it. Plain
// HTML (no JavaScript): each error sits next to its field and a summary at the top links to them.
import type { ComponentChildren } from 'preact';
import {
  devices,
  disciplines,
  formats,
  levels,
  licenceKinds,
  licences,
  resourceTypes,
  type Concept,
} from '../../../modules/catalogue/vocabulary.js';
import { deliveryLabels } from '../../../modules/catalogue/catalogue.presenter.js';
import { vocabularyLabel } from '../../../modules/notices/publisher-notices.service.js';
import {
  CheckboxField,
  ErrorSummary,
  SelectField,
  TextAreaField,
  TextField,
} from '../../components/form-fields.js';
import { languageName, shortLabel } from '../../format.js';
import { CsrfField } from '../../page-kit.js';
import {
  fieldIds,
  offerFieldId,
  type FormErrors,
  type NoticeFormValues,
  type OfferRowValues,
} from './notice-form-values.js';

/** Languages offered as boxes; a notice's other languages are added to them. */
const commonLanguages = ['fr', 'en', 'de', 'es', 'it', 'pt', 'ar', 'zh', 'oc', 'br'];

/** A group of boxes: its id (the fieldset's), legend, hint and error. */
interface GroupProps {
  id: string;
  legend: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ComponentChildren;
}

/** A fieldset of boxes or radios under its legend, its error read with the legend. */
function Group(props: GroupProps) {
  const messages = `${props.id}-messages`;
  return (
    <fieldset
      class={props.error ? 'fr-fieldset fr-fieldset--error' : 'fr-fieldset'}
      id={props.id}
      aria-labelledby={`${props.id}-legend ${messages}`}
    >
      <legend class="fr-fieldset__legend" id={`${props.id}-legend`}>
        {props.legend}
        {props.hint && <span class="fr-hint-text">{props.hint}</span>}
      </legend>
      {props.children}
      <div class="fr-messages-group" id={messages} aria-live="polite">
        {props.error && <p class="fr-message fr-message--error">{props.error}</p>}
      </div>
    </fieldset>
  );
}

/** One box of a group, inline. */
function Box(props: {
  id: string;
  name: string;
  value: string;
  label: string;
  checked: ReadonlySet<string>;
}) {
  return (
    <div class="fr-fieldset__element fr-fieldset__element--inline">
      <CheckboxField
        id={props.id}
        name={props.name}
        value={props.value}
        label={props.label}
        checked={props.checked.has(props.value)}
      />
    </div>
  );
}

/** The value a box posts for a concept: its ScoLOMfr URI when it has one (what is stored), else its code. */
const valueOf = (concept: Concept) => concept.uri ?? concept.code;

/** Values of the notice outside the curated list (an imported notice's finer concepts): kept, as boxes. */
function Extras(props: {
  id: string;
  name: string;
  values: readonly string[];
  known: readonly Concept[];
  checked: ReadonlySet<string>;
}) {
  const extras = props.values.filter(
    (value) => !props.known.some((concept) => concept.uri === value || concept.code === value),
  );
  return (
    <>
      {extras.map((value, index) => (
        <Box
          id={`${props.id}-autre-${index}`}
          name={props.name}
          value={value}
          label={`${shortLabel(vocabularyLabel(value))} (valeur de la notice)`}
          checked={props.checked}
        />
      ))}
    </>
  );
}

/** A vocabulary as a group of boxes (shared with the teachers' resource form). */
export function VocabularyGroup(props: {
  field: 'disciplines' | 'types' | 'formats' | 'devices';
  legend: string;
  hint?: string;
  vocabulary: readonly Concept[];
  values: NoticeFormValues;
  errors: FormErrors;
}) {
  const id = fieldIds[props.field];
  const selected = props.values[props.field];
  const checked = new Set(selected);
  return (
    <Group id={id} legend={props.legend} hint={props.hint} error={props.errors.fields[id]}>
      {props.vocabulary.map((concept) => (
        <Box
          id={`${id}-${concept.code}`}
          name={props.field}
          value={valueOf(concept)}
          label={shortLabel(concept.label)}
          checked={checked}
        />
      ))}
      <Extras id={id} name={props.field} values={selected} known={props.vocabulary} checked={checked} />
    </Group>
  );
}

/** Levels as a tree: one fieldset per cycle or track, the whole cycle first, then its classes. */
export function LevelTree({ values, errors }: { values: NoticeFormValues; errors: FormErrors }) {
  const id = fieldIds.levels;
  const checked = new Set(values.levels);
  const roots = levels.filter((level) => !level.parent);
  const extras = values.levels.filter(
    (value) => !levels.some((level) => level.uri === value || level.code === value),
  );
  return (
    <Group
      id={id}
      legend="Niveaux"
      hint="Cochez un cycle ou une filière entière, ou seulement certaines classes."
      error={errors.fields[id]}
    >
      {roots.map((root) => (
        <div class="fr-fieldset__element">
          <fieldset
            class="fr-fieldset"
            id={`${id}-${root.code}`}
            aria-labelledby={`${id}-${root.code}-legend`}
          >
            <legend class="fr-fieldset__legend fr-fieldset__legend--regular" id={`${id}-${root.code}-legend`}>
              {shortLabel(root.label)}
            </legend>
            <Box
              id={`${id}-${root.code}-tout`}
              name="levels"
              value={valueOf(root)}
              label={`${shortLabel(root.label)}, tous niveaux`}
              checked={checked}
            />
            {levels
              .filter((level) => level.parent === root.code)
              .map((level) => (
                <Box
                  id={`${id}-${level.code}`}
                  name="levels"
                  value={valueOf(level)}
                  label={shortLabel(level.label)}
                  checked={checked}
                />
              ))}
          </fieldset>
        </div>
      ))}
      {extras.length > 0 && (
        <div class="fr-fieldset__element">
          <fieldset class="fr-fieldset" id={`${id}-autres`} aria-labelledby={`${id}-autres-legend`}>
            <legend class="fr-fieldset__legend fr-fieldset__legend--regular" id={`${id}-autres-legend`}>
              Autres niveaux de la notice
            </legend>
            <Extras id={id} name="levels" values={extras} known={levels} checked={checked} />
          </fieldset>
        </div>
      )}
    </Group>
  );
}

function LanguageGroup({ values, errors }: { values: NoticeFormValues; errors: FormErrors }) {
  const id = fieldIds.languages;
  const checked = new Set(values.languages);
  const codes = [...commonLanguages, ...values.languages.filter((code) => !commonLanguages.includes(code))];
  return (
    <Group id={id} legend="Langues de la ressource" error={errors.fields[id]}>
      {codes.map((code, index) => (
        <Box
          id={`${id}-${index}`}
          name="languages"
          value={code}
          label={languageName(code)}
          checked={checked}
        />
      ))}
    </Group>
  );
}

function CostRadios({ values, errors }: { values: NoticeFormValues; errors: FormErrors }) {
  const id = fieldIds.cost;
  const choices = [
    { value: 'no', label: 'Gratuite' },
    { value: 'yes', label: 'Payante (au moins une offre ci-dessous)' },
  ];
  return (
    <Group id={id} legend="Coût de la ressource" error={errors.fields[id]}>
      {choices.map((choice) => (
        <div class="fr-fieldset__element fr-fieldset__element--inline">
          <div class="fr-radio-group">
            <input
              type="radio"
              id={`${id}-${choice.value}`}
              name="cost"
              value={choice.value}
              checked={values.cost === choice.value}
            />
            <label class="fr-label" for={`${id}-${choice.value}`}>
              {choice.label}
            </label>
          </div>
        </div>
      ))}
    </Group>
  );
}

const options = (vocabulary: readonly Concept[]) =>
  vocabulary.map((concept) => ({ value: concept.code, label: concept.label }));

/** The sr-only part that tells the rows' same-named fields apart: " de l’offre 2". */
const ofRow = (row: number) => <span class="fr-sr-only"> de l’offre {row + 1}</span>;

function OfferRow({ row, offer, errors }: { row: number; offer: OfferRowValues; errors: FormErrors }) {
  const field = (name: keyof OfferRowValues) => ({
    id: offerFieldId(row, name),
    name: offerFieldId(row, name),
    value: offer[name],
    error: errors.fields[offerFieldId(row, name)],
  });
  return (
    <div class="fr-fieldset__element">
      <fieldset class="fr-fieldset" id={`offre-${row + 1}`} aria-labelledby={`offre-${row + 1}-legend`}>
        <legend class="fr-fieldset__legend fr-fieldset__legend--regular" id={`offre-${row + 1}-legend`}>
          Offre {row + 1}
        </legend>
        <div class="fr-fieldset__element">
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-6">
              <TextField {...field('label')} label={<>Libellé{ofRow(row)}</>} required={false} />
            </div>
            <div class="fr-col-12 fr-col-md-3">
              <TextField
                {...field('price')}
                label={<>Prix en euros{ofRow(row)}</>}
                hint="Par exemple 49,90"
                inputMode="decimal"
                required={false}
              />
            </div>
            <div class="fr-col-12 fr-col-md-3">
              <SelectField
                {...field('tariff')}
                label={<>Tarif{ofRow(row)}</>}
                options={[
                  { value: 'normal', label: 'tarif normal' },
                  { value: 'adopter', label: 'tarif adoptant' },
                ]}
              />
            </div>
            <div class="fr-col-12 fr-col-md-4">
              <SelectField
                {...field('licenceKind')}
                label={<>Licence{ofRow(row)}</>}
                options={options(licenceKinds)}
              />
            </div>
            <div class="fr-col-6 fr-col-md-2">
              <TextField
                {...field('seats')}
                label={<>Postes{ofRow(row)}</>}
                hint="Multiposte"
                inputMode="numeric"
                required={false}
              />
            </div>
            <div class="fr-col-6 fr-col-md-2">
              <TextField
                {...field('durationMonths')}
                label={<>Durée en mois{ofRow(row)}</>}
                hint="Vide : sans limite"
                inputMode="numeric"
                required={false}
              />
            </div>
            <div class="fr-col-12 fr-col-md-4">
              <SelectField
                {...field('delivery')}
                label={<>Livraison{ofRow(row)}</>}
                options={Object.entries(deliveryLabels).map(([value, label]) => ({ value, label }))}
              />
            </div>
            <div class="fr-col-12">
              <TextField
                {...field('alsoCovers')}
                label={<>Bouquet : couvre aussi{ofRow(row)}</>}
                hint="Identifiants de vos autres ressources que cette offre couvre, séparés par des virgules"
                required={false}
              />
            </div>
          </div>
        </div>
      </fieldset>
    </div>
  );
}

export interface NoticeFormProps {
  action: string;
  csrfToken: string;
  values: NoticeFormValues;
  errors: FormErrors;
  /** The summary's title when something was refused. */
  errorTitle?: string | undefined;
  /** The publisher's producers: a select when there are several (new notices only). */
  producers: readonly { id: number; name: string }[];
  /** Editing: the identifier is the stored notice's, shown read-only; the producer is the notice's. */
  editing?: { producerName: string } | undefined;
}

export function NoticeForm(props: NoticeFormProps) {
  const { values, errors, editing } = props;
  const error = (id: string) => errors.fields[id];
  const producerName =
    editing?.producerName ?? (props.producers.length === 1 ? props.producers[0]!.name : undefined);
  return (
    <form method="post" action={props.action} aria-labelledby="formulaire-titre">
      <h2 id="formulaire-titre">{editing ? 'Nouvelle version de la notice' : 'Notice de la ressource'}</h2>
      {props.errorTitle && <ErrorSummary id="erreurs-notice" title={props.errorTitle} lines={errors.lines} />}
      <CsrfField token={props.csrfToken} />
      <p class="fr-hint-text">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      {producerName ? (
        <p>
          Notice déposée pour <strong>{producerName}</strong>.
        </p>
      ) : (
        <SelectField
          id={fieldIds.producer}
          name="producer"
          label="Maison d’édition *"
          options={props.producers.map((producer) => ({ value: String(producer.id), label: producer.name }))}
          value={values.producer}
          error={error(fieldIds.producer)}
        />
      )}

      <h3 class="fr-mt-4w">Identification</h3>
      {editing ? (
        <div class="fr-input-group">
          <label class="fr-label" for={fieldIds.identifier}>
            Identifiant
            <span class="fr-hint-text" id={`${fieldIds.identifier}-hint`}>
              Une nouvelle version garde l’identifiant de la notice.
            </span>
          </label>
          <input
            class="fr-input"
            type="text"
            id={fieldIds.identifier}
            name="identifier"
            value={values.identifier}
            readOnly
            aria-describedby={`${fieldIds.identifier}-hint`}
          />
        </div>
      ) : (
        <TextField
          id={fieldIds.identifier}
          name="identifier"
          label="Identifiant *"
          hint="ISBN, ISSN ou référence unique de la ressource dans votre catalogue. La soumettre à nouveau avec le même identifiant en fait une nouvelle version."
          value={values.identifier}
          error={error(fieldIds.identifier)}
        />
      )}
      <TextField
        id={fieldIds.title}
        name="title"
        label="Titre *"
        value={values.title}
        error={error(fieldIds.title)}
      />
      <TextAreaField
        id={fieldIds.description}
        name="description"
        label="Description"
        hint="Une ligne vide sépare deux paragraphes. 20 000 caractères au plus."
        rows={6}
        value={values.description}
        error={error(fieldIds.description)}
      />
      <TextField
        id={fieldIds.keywords}
        name="keywords"
        label="Mots-clés"
        hint="Séparés par des virgules, par exemple : volcans, séismes"
        value={values.keywords}
        error={error(fieldIds.keywords)}
        required={false}
      />
      <LanguageGroup values={values} errors={errors} />

      <h3 class="fr-mt-4w">Public</h3>
      <LevelTree values={values} errors={errors} />
      <VocabularyGroup
        field="disciplines"
        legend="Disciplines"
        vocabulary={disciplines}
        values={values}
        errors={errors}
      />

      <h3 class="fr-mt-4w">Nature et technique</h3>
      <VocabularyGroup
        field="types"
        legend="Types de ressource"
        vocabulary={resourceTypes}
        values={values}
        errors={errors}
      />
      <VocabularyGroup
        field="formats"
        legend="Formats"
        hint="Comment la ressource arrive dans la classe"
        vocabulary={formats}
        values={values}
        errors={errors}
      />
      <VocabularyGroup
        field="devices"
        legend="Équipements"
        vocabulary={devices}
        values={values}
        errors={errors}
      />
      <TextAreaField
        id={fieldIds.technicalRequirements}
        name="technicalRequirements"
        label="Prérequis techniques"
        hint="Navigateurs, systèmes, modules nécessaires"
        rows={3}
        value={values.technicalRequirements}
        error={error(fieldIds.technicalRequirements)}
      />
      <TextField
        id={fieldIds.demoUrl}
        name="demoUrl"
        type="url"
        label="Adresse d’une démonstration ou d’un spécimen"
        hint="Commence par https://"
        value={values.demoUrl}
        error={error(fieldIds.demoUrl)}
        required={false}
      />
      <TextField
        id={fieldIds.updatedOn}
        name="updatedOn"
        type="date"
        label="Date de la dernière mise à jour"
        hint="Format attendu : AAAA-MM-JJ"
        value={values.updatedOn}
        error={error(fieldIds.updatedOn)}
        required={false}
      />

      <h3 class="fr-mt-4w">Coût et licence</h3>
      <CostRadios values={values} errors={errors} />
      <SelectField
        id={fieldIds.licence}
        name="licence"
        label="Licence de la ressource"
        options={[{ value: '', label: 'Non précisée' }, ...options(licences)]}
        value={values.licence}
        error={error(fieldIds.licence)}
      />

      <h3 class="fr-mt-4w">Offres</h3>
      <Group
        id={fieldIds.offers}
        legend="Offres de la ressource payante"
        hint="Une ligne par offre ; les lignes laissées vides sont ignorées."
        error={error(fieldIds.offers)}
      >
        {values.offers.map((offer, row) => (
          <OfferRow row={row} offer={offer} errors={errors} />
        ))}
      </Group>

      <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
        <li>
          {/* First: the Enter key in a field previews, never submits by surprise. */}
          <button type="submit" class="fr-btn fr-btn--secondary" name="action" value="preview" formNoValidate>
            Prévisualiser
          </button>
        </li>
        <li>
          <button type="submit" class="fr-btn" name="action" value="submit">
            Soumettre
          </button>
        </li>
      </ul>
    </form>
  );
}
