// The formal criteria an expert checks on a notice, as the 2011 validation did: update date, kind of
// product, levels and disciplines (present and coherent), technical compatibility, price and licence
// of paid offers, a demo or specimen. Computed from the fields (pure), so the expert sees at once
// which criteria hold; the decision stays the expert's.
import { disciplines, levels, resourceTypes } from '../catalogue/vocabulary.js';
import type { NoticeFields } from './notice-fields.js';
import { conceptOf, isUnder } from './scolomfr-vocabulary.js';

export const criteria = [
  'update-date',
  'product-kind',
  'levels-disciplines',
  'technical',
  'paid-offer',
  'demo',
] as const;
export type Criterion = (typeof criteria)[number];

export const criterionLabels: Record<Criterion, string> = {
  'update-date': 'Date de mise à jour récente',
  'product-kind': 'Type de produit accepté',
  'levels-disciplines': 'Niveaux et disciplines présents et cohérents',
  technical: 'Compatibilité technique déclarée',
  'paid-offer': 'Prix et licence complets pour une offre payante',
  demo: 'Démonstration ou spécimen disponible',
};

export interface CriterionCheck {
  criterion: Criterion;
  label: string;
  passed: boolean;
  /** Why it holds or not, in French. */
  detail: string;
}

/** School stages: which levels each covers, and which disciplines are taught there. */
type Stage = 'primary' | 'lower-secondary' | 'upper-secondary' | 'vocational' | 'higher';

const stageRoots: Record<Stage, readonly string[]> = {
  primary: ['scolomfr-voc-022-num-619', 'scolomfr-voc-022-num-014', 'scolomfr-voc-022-num-015'],
  'lower-secondary': ['scolomfr-voc-022-num-018', 'scolomfr-voc-022-num-621', 'scolomfr-voc-022-num-016'],
  'upper-secondary': ['scolomfr-voc-022-num-142'],
  vocational: ['scolomfr-voc-022-num-165'],
  higher: ['scolomfr-voc-022-num-195'],
};

/** Disciplines taught at some stages only; the others are taught everywhere. */
const disciplineStages: Readonly<Record<string, readonly Stage[]>> = {
  'scolomfr-voc-015-num-059': ['upper-secondary'], // philosophie
  'scolomfr-voc-015-num-070': ['upper-secondary'], // sciences économiques et sociales
  'scolomfr-voc-015-num-061': ['lower-secondary', 'upper-secondary', 'vocational', 'higher'], // physique-chimie
  'scolomfr-voc-015-num-069': ['lower-secondary', 'upper-secondary'], // SVT
  'scolomfr-voc-015-num-077': ['lower-secondary', 'vocational'], // technologie
  'scolomfr-voc-015-num-066': ['primary'], // sciences (école)
};

const CONCEPT = 'http://data.education.fr/voc/scolomfr/concept/';

/** The stages a level concept belongs to (a class, a cycle or the concept's broader ones). */
function stagesOf(levelUri: string): Stage[] {
  const concept = conceptOf(levelUri);
  const curated = levels.find((level) => level.uri === levelUri);
  const parentUri = curated?.parent ? CONCEPT + curated.parent : undefined;
  return (Object.keys(stageRoots) as Stage[]).filter((stage) =>
    stageRoots[stage].some((root) => {
      const rootUri = CONCEPT + root;
      return levelUri === rootUri || parentUri === rootUri || (concept ? isUnder(concept, rootUri) : false);
    }),
  );
}

/** The curated discipline a discipline concept falls under, itself or a broader one. */
function curatedDiscipline(uri: string): string | undefined {
  const concept = conceptOf(uri);
  return disciplines.find(
    (discipline) => discipline.uri === uri || (concept && isUnder(concept, discipline.uri!)),
  )?.code;
}

export interface ChecklistSettings {
  /** The update date must be in this year or later. */
  minUpdateYear: number;
}

/** Checks every criterion on a notice's fields. */
export function checkNotice(fields: NoticeFields, settings: ChecklistSettings): CriterionCheck[] {
  const check = (criterion: Criterion, passed: boolean, detail: string): CriterionCheck => ({
    criterion,
    label: criterionLabels[criterion],
    passed,
    detail,
  });

  const year = fields.updatedOn ? Number(fields.updatedOn.slice(0, 4)) : undefined;
  const updateDate =
    year === undefined
      ? check('update-date', false, 'La notice ne donne pas de date de mise à jour.')
      : check(
          'update-date',
          year >= settings.minUpdateYear,
          year >= settings.minUpdateYear
            ? `Mise à jour le ${fields.updatedOn}.`
            : `Mise à jour le ${fields.updatedOn}, avant ${settings.minUpdateYear}.`,
        );

  const acceptedTypes = fields.types.filter((type) =>
    resourceTypes.some((known) => known.uri === type || known.code === type),
  );
  const productKind = check(
    'product-kind',
    acceptedTypes.length > 0,
    acceptedTypes.length > 0
      ? `Type : ${acceptedTypes.map((type) => resourceTypes.find((known) => known.uri === type || known.code === type)!.label).join(', ')}.`
      : fields.types.length === 0
        ? 'La notice ne dit pas de quel type de ressource il s’agit.'
        : 'Aucun des types déclarés n’est un type de produit accepté par le catalogue.',
  );

  let coherence: CriterionCheck;
  if (fields.levels.length === 0 || fields.disciplines.length === 0) {
    coherence = check(
      'levels-disciplines',
      false,
      fields.levels.length === 0 ? 'Aucun niveau n’est indiqué.' : 'Aucune discipline n’est indiquée.',
    );
  } else {
    const stages = new Set(fields.levels.flatMap(stagesOf));
    const misfits = fields.disciplines.filter((uri) => {
      const code = curatedDiscipline(uri);
      const taught = code ? disciplineStages[code] : undefined;
      return taught !== undefined && stages.size > 0 && !taught.some((stage) => stages.has(stage));
    });
    coherence = check(
      'levels-disciplines',
      misfits.length === 0,
      misfits.length === 0
        ? `${fields.levels.length} niveau(x), ${fields.disciplines.length} discipline(s).`
        : `Discipline non enseignée aux niveaux indiqués : ${misfits.map((uri) => conceptOf(uri)?.label ?? uri).join(', ')}.`,
    );
  }

  const declared =
    fields.devices.length > 0 || fields.formats.length > 0 || fields.technicalRequirements.length > 0;
  const technical = check(
    'technical',
    declared,
    declared
      ? 'Équipements, format ou prérequis techniques indiqués.'
      : 'Ni équipement, ni format, ni prérequis technique n’est indiqué.',
  );

  let paid: CriterionCheck;
  if (fields.cost !== 'yes') {
    paid = check(
      'paid-offer',
      true,
      fields.cost === 'no' ? 'Ressource gratuite.' : 'Coût non précisé : gratuit.',
    );
  } else {
    const problems: string[] = [];
    if (fields.offers.length === 0) problems.push('aucune offre');
    if (fields.offers.some((offer) => offer.priceCents === 0)) problems.push('une offre sans prix');
    if (!fields.licence) problems.push('pas de licence');
    paid = check(
      'paid-offer',
      problems.length === 0,
      problems.length === 0
        ? `${fields.offers.length} offre(s), licence indiquée.`
        : `Ressource payante : ${problems.join(', ')}.`,
    );
  }

  const demo = check(
    'demo',
    Boolean(fields.demoUrl),
    fields.demoUrl ? `Démonstration : ${fields.demoUrl}` : 'Aucune adresse de démonstration ou de spécimen.',
  );

  return [updateDate, productKind, coherence, technical, paid, demo];
}
