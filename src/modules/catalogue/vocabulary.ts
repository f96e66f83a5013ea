// The curated vocabularies the catalogue uses: official ScoLOMfr concepts (URI + French label) where
// ScoLOMfr has one, stable project codes otherwise. vocabulary.skos.test.ts checks every ScoLOMfr URI
// and label against the SKOS files in ../shared/scolomfr/skos-3.2.

const SCOLOMFR_CONCEPT = 'http://data.education.fr/voc/scolomfr/concept/';

export interface Concept {
  /** Stable code used in URLs and the API: the ScoLOMfr concept id, or a project code. */
  readonly code: string;
  /** Official ScoLOMfr concept URI, when the value comes from ScoLOMfr. */
  readonly uri?: string;
  /** French label shown to users (the SKOS prefLabel for ScoLOMfr concepts). */
  readonly label: string;
  /** Code of the broader concept, for hierarchical facets (class → cycle or track). */
  readonly parent?: string;
}

/** A ScoLOMfr concept, by its id (the last segment of its URI). */
function scolomfr(id: string, label: string, parent?: string): Concept {
  return { code: id, uri: SCOLOMFR_CONCEPT + id, label, ...(parent ? { parent } : {}) };
}

const v22 = (num: string, label: string, parent?: string) =>
  scolomfr(`scolomfr-voc-022-num-${num}`, label, parent && `scolomfr-voc-022-num-${parent}`);

/**
 * Educational levels (ScoLOMfr voc 022): cycles and tracks at the top, classes beneath. A resource
 * tagged with a class is also found under its cycle (see expandLevels).
 */
export const levels: readonly Concept[] = [
  v22('619', 'cycle 2 (2016)'),
  v22('010', 'CP', '619'),
  v22('011', 'CE1', '619'),
  v22('013', 'CE2', '619'),
  v22('620', 'cycle 3 (2016)'),
  v22('014', 'CM1', '620'),
  v22('015', 'CM2', '620'),
  v22('018', '6e', '620'),
  v22('621', 'cycle 4 (2016)'),
  v22('020', '5e', '621'),
  v22('021', '4e', '621'),
  v22('023', '3e', '621'),
  v22('142', 'lycée général et technologique'),
  v22('136', '2de générale et technologique', '142'),
  v22('123', '1re générale et technologique', '142'),
  v22('201', 'terminale générale', '142'),
  v22('165', 'lycée professionnel'),
  v22('103', 'CAP - 1re année', '165'),
  v22('104', 'CAP - 2e année', '165'),
  v22('027', '2de professionnelle', '165'),
  v22('127', '1re professionnelle', '165'),
  v22('050', 'terminale professionnelle', '165'),
  v22('195', 'section BTS'),
  v22('101', 'BTS - 1re année', '195'),
  v22('102', 'BTS - 2e année', '195'),
];

const v15 = (num: string, label: string) => scolomfr(`scolomfr-voc-015-num-${num}`, label);

/** Disciplines and teaching domains (ScoLOMfr voc 015). */
export const disciplines: readonly Concept[] = [
  v15('035', 'français'),
  v15('054', 'mathématiques'),
  v15('061', 'physique-chimie'),
  v15('069', 'sciences de la vie et de la Terre'),
  v15('077', 'technologie'),
  v15('066', 'sciences'),
  v15('042', 'histoire et géographie'),
  v15('087', 'anglais'),
  v15('086', 'allemand'),
  v15('090', 'espagnol'),
  v15('092', 'italien'),
  v15('006', 'arts plastiques'),
  v15('030', 'éducation musicale'),
  v15('031', 'éducation physique et sportive'),
  v15('070', 'sciences économiques et sociales'),
  v15('059', 'philosophie'),
  v15('022', 'documentation'),
];

/** Pedagogical resource types (ScoLOMfr voc 010). */
export const resourceTypes: readonly Concept[] = [
  scolomfr('scolomfr-voc-010-num-014', "manuel d'enseignement"),
  scolomfr('scolomfr-voc-010-num-001', 'animation'),
  scolomfr('simulation', 'simulation'),
  scolomfr('exercise', 'exercice'),
  scolomfr('scolomfr-voc-010-num-013', 'jeu éducatif'),
  scolomfr('scolomfr-voc-010-num-015', 'matériel de référence'),
  scolomfr('scolomfr-voc-010-num-0082', "préparation à l'examen"),
  scolomfr('scolomfr-voc-010-num-027', 'activité pédagogique'),
  scolomfr('scolomfr-voc-010-num-020', 'scénario pédagogique'),
  scolomfr('lecture', 'cours / présentation'),
  scolomfr('scolomfr-voc-010-num-017', 'outil'),
  scolomfr('self_assessment', 'autoévaluation'),
];

/** How the resource reaches the class (ScoLOMfr voc 046, distribution type). */
export const formats: readonly Concept[] = [
  scolomfr('scolomfr-voc-046-num-001', 'en ligne'),
  scolomfr('scolomfr-voc-046-num-003', 'téléchargeable'),
  scolomfr('scolomfr-voc-046-num-002', 'mode de distribution physique'),
];

/** Devices the resource works on. ScoLOMfr has no vocabulary for device kinds: project codes. */
export const devices: readonly Concept[] = [
  { code: 'computer', label: 'ordinateur' },
  { code: 'tablet', label: 'tablette' },
  { code: 'whiteboard', label: 'tableau blanc interactif' },
  { code: 'offline', label: 'utilisable hors connexion' },
  { code: 'smartphone', label: 'smartphone' },
];

/** Cost (ScoLOMfr voc 026). */
export const costs: readonly Concept[] = [scolomfr('no', 'gratuit'), scolomfr('yes', 'payant')];
export const FREE = 'no';
export const PAID = 'yes';

/** Copyright and other restrictions (ScoLOMfr voc 027), completed by the licence text of the notice. */
export const copyrights: readonly Concept[] = [scolomfr('yes_2', 'oui'), scolomfr('no_2', 'non')];

/** Licences a resource is published under. Project codes (Creative Commons, Etalab, publisher terms). */
export const licences: readonly Concept[] = [
  { code: 'proprietary', label: 'licence de l’éditeur (tous droits réservés)' },
  { code: 'cc-by', label: 'Creative Commons BY' },
  { code: 'cc-by-sa', label: 'Creative Commons BY-SA' },
  { code: 'cc-by-nc-sa', label: 'Creative Commons BY-NC-SA' },
  { code: 'etalab-2.0', label: 'Licence Ouverte Etalab 2.0' },
];

/** Licence kinds of offers (project codes, the 2011 catalogue's monoposte / multiposte and more). */
export const licenceKinds: readonly Concept[] = [
  { code: 'single-seat', label: 'monoposte' },
  { code: 'multi-seat', label: 'multiposte' },
  { code: 'class', label: 'licence classe' },
  { code: 'establishment', label: 'licence établissement' },
  { code: 'open', label: 'accès libre' },
];

/** Conditions an offer may be reserved to (besides level codes): project codes. */
export const ADOPTER_ELIGIBILITY = 'adopter-paper-textbook';
export const offerEligibilities: readonly Concept[] = [
  { code: ADOPTER_ELIGIBILITY, label: 'établissements utilisant le manuel papier' },
];

/** Price bands over the lowest offer price, in cents (upper bound exclusive). */
export const priceBands: readonly (Concept & { minCents: number; maxCents: number | null })[] = [
  { code: 'free', label: 'gratuit', minCents: 0, maxCents: 1 },
  { code: 'under-20', label: 'moins de 20 €', minCents: 1, maxCents: 2000 },
  { code: '20-50', label: 'de 20 à 50 €', minCents: 2000, maxCents: 5000 },
  { code: '50-100', label: 'de 50 à 100 €', minCents: 5000, maxCents: 10000 },
  { code: '100-300', label: 'de 100 à 300 €', minCents: 10000, maxCents: 30000 },
  { code: 'over-300', label: '300 € et plus', minCents: 30000, maxCents: null },
];

export function priceBandOf(lowestPriceCents: number): string {
  const band = priceBands.find(
    (candidate) =>
      lowestPriceCents >= candidate.minCents &&
      (candidate.maxCents === null || lowestPriceCents < candidate.maxCents),
  );
  return (band ?? priceBands[priceBands.length - 1]!).code;
}

/** Curriculum themes: project codes, each linked to the disciplines that teach it. */
export const themes: readonly (Concept & { disciplines: readonly string[] })[] = [
  {
    code: 'energie',
    label: 'énergie',
    disciplines: [
      'scolomfr-voc-015-num-061',
      'scolomfr-voc-015-num-069',
      'scolomfr-voc-015-num-077',
      'scolomfr-voc-015-num-066',
    ],
  },
  {
    code: 'developpement-durable',
    label: 'développement durable',
    disciplines: ['scolomfr-voc-015-num-069', 'scolomfr-voc-015-num-042', 'scolomfr-voc-015-num-077'],
  },
  {
    code: 'corps-humain',
    label: 'corps humain et santé',
    disciplines: ['scolomfr-voc-015-num-069', 'scolomfr-voc-015-num-066', 'scolomfr-voc-015-num-031'],
  },
  {
    code: 'matiere',
    label: 'matière et ses transformations',
    disciplines: ['scolomfr-voc-015-num-061', 'scolomfr-voc-015-num-066'],
  },
  {
    code: 'programmation',
    label: 'algorithmique et programmation',
    disciplines: ['scolomfr-voc-015-num-054', 'scolomfr-voc-015-num-077'],
  },
  { code: 'geometrie', label: 'géométrie', disciplines: ['scolomfr-voc-015-num-054'] },
  { code: 'nombres-calcul', label: 'nombres et calcul', disciplines: ['scolomfr-voc-015-num-054'] },
  {
    code: 'statistiques',
    label: 'statistiques et probabilités',
    disciplines: ['scolomfr-voc-015-num-054', 'scolomfr-voc-015-num-070'],
  },
  { code: 'lecture-ecriture', label: 'lecture et écriture', disciplines: ['scolomfr-voc-015-num-035'] },
  { code: 'grammaire', label: 'grammaire et orthographe', disciplines: ['scolomfr-voc-015-num-035'] },
  {
    code: 'litterature',
    label: 'littérature',
    disciplines: ['scolomfr-voc-015-num-035', 'scolomfr-voc-015-num-059'],
  },
  {
    code: 'oral',
    label: 'compréhension et expression orale',
    disciplines: [
      'scolomfr-voc-015-num-087',
      'scolomfr-voc-015-num-086',
      'scolomfr-voc-015-num-090',
      'scolomfr-voc-015-num-092',
      'scolomfr-voc-015-num-035',
    ],
  },
  {
    code: 'civilisation',
    label: 'culture et civilisation',
    disciplines: [
      'scolomfr-voc-015-num-087',
      'scolomfr-voc-015-num-086',
      'scolomfr-voc-015-num-090',
      'scolomfr-voc-015-num-092',
    ],
  },
  {
    code: 'moyen-age',
    label: 'Moyen Âge',
    disciplines: ['scolomfr-voc-015-num-042', 'scolomfr-voc-015-num-035'],
  },
  { code: 'revolution-francaise', label: 'Révolution française', disciplines: ['scolomfr-voc-015-num-042'] },
  { code: 'cartographie', label: 'cartographie et territoires', disciplines: ['scolomfr-voc-015-num-042'] },
  {
    code: 'citoyennete',
    label: 'citoyenneté',
    disciplines: ['scolomfr-voc-015-num-042', 'scolomfr-voc-015-num-059'],
  },
  { code: 'arts-visuels', label: 'arts visuels', disciplines: ['scolomfr-voc-015-num-006'] },
  { code: 'musique', label: 'pratique musicale', disciplines: ['scolomfr-voc-015-num-030'] },
  { code: 'economie', label: 'économie et marchés', disciplines: ['scolomfr-voc-015-num-070'] },
  {
    code: 'recherche-information',
    label: 'recherche d’information',
    disciplines: ['scolomfr-voc-015-num-022'],
  },
  { code: 'sport-sante', label: 'activités physiques et santé', disciplines: ['scolomfr-voc-015-num-031'] },
];

/**
 * Facets of one value each, on what the resource's ratings, appraisals and origin say (kept in
 * resource_rankings; the index adds these values to the resource's facet_ids when it reads it).
 */
export const RATED_4_PLUS = 'note-4-et-plus';
export const WITH_APPRAISAL = 'avis-institutionnel';
export const RIP_LABEL = 'label-rip';
export const TEACHER_RESOURCE = 'ressource-enseignant';
export const rankingFacetKeys = ['rating', 'appraisal', 'rip', 'teacher'] as const;
export type RankingFacetKey = (typeof rankingFacetKeys)[number];

/** The facets of a catalogue search, in display order. Producer values come from the database. */
export const facetKeys = [
  'level',
  'discipline',
  'theme',
  'type',
  'format',
  'device',
  'cost',
  'price',
  'producer',
  'licence',
  'source',
  ...rankingFacetKeys,
] as const;
export type FacetKey = (typeof facetKeys)[number];

/** Facets whose values are rows of the database (producers, harvest sources), not a fixed vocabulary. */
export type OpenFacetKey = 'producer' | 'source';
export const isOpenFacet = (facet: FacetKey): facet is OpenFacetKey =>
  facet === 'producer' || facet === 'source';

export const facetLabels: Record<FacetKey, string> = {
  level: 'Niveau',
  discipline: 'Discipline',
  theme: 'Thème',
  type: 'Type de ressource',
  format: 'Format',
  device: 'Équipement',
  cost: 'Coût',
  price: 'Prix',
  producer: 'Producteur',
  licence: 'Licence',
  source: 'Source',
  rating: 'Note des enseignants',
  appraisal: 'Avis institutionnel',
  rip: 'Label RIP',
  teacher: 'Origine',
};

/**
 * Fixed vocabularies per facet (producer and source are open: their values are the producers and the
 * harvest sources in the database).
 */
export const facetVocabularies: Record<Exclude<FacetKey, OpenFacetKey>, readonly Concept[]> = {
  level: levels,
  discipline: disciplines,
  theme: themes,
  type: resourceTypes,
  format: formats,
  device: devices,
  cost: costs,
  price: priceBands,
  licence: licenceKinds,
  rating: [{ code: RATED_4_PLUS, label: 'note ≥ 4' }],
  appraisal: [{ code: WITH_APPRAISAL, label: 'avec avis institutionnel' }],
  rip: [{ code: RIP_LABEL, label: 'label RIP' }],
  teacher: [{ code: TEACHER_RESOURCE, label: 'ressource d’enseignant' }],
};

const levelByCode = new Map(levels.map((level) => [level.code, level]));

/** A resource tagged with a class also belongs to its cycle or track, so the level facet nests. */
export function expandLevels(codes: readonly string[]): string[] {
  const expanded = new Set<string>();
  for (const code of codes) {
    let current = levelByCode.get(code);
    while (current) {
      expanded.add(current.code);
      current = current.parent ? levelByCode.get(current.parent) : undefined;
    }
  }
  return [...expanded];
}

/** Accepts a stable code or a full ScoLOMfr URI and returns the code, or undefined if unknown. */
export function conceptCodeOf(vocabulary: readonly Concept[], value: string): string | undefined {
  const found = vocabulary.find((concept) => concept.code === value || concept.uri === value);
  return found?.code;
}

export function labelOf(vocabulary: readonly Concept[], code: string): string {
  return vocabulary.find((concept) => concept.code === code)?.label ?? code;
}
