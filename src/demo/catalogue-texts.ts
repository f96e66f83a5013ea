// Word lists and profiles behind the demo catalogue: producers, disciplines, classes, themes and their
// topics. Every name here is invented (publishers, collections, people) or a public body / association;
// every web address uses the reserved .example domain.

/** School stages, the axis of the 2012 report's figures by level. */
export type Stage = 'primary' | 'college' | 'lgt' | 'lp' | 'bts';
export const stages: readonly Stage[] = ['primary', 'college', 'lgt', 'lp', 'bts'];

/** Resource families, the axis of the report's figures by type. */
export type Family = 'textbook' | 'multimedia' | 'reference' | 'homework' | 'other';

/** Short keys of the disciplines of vocabulary.ts (ScoLOMfr voc 015). */
export type DisciplineKey =
  | 'fr'
  | 'ma'
  | 'pc'
  | 'svt'
  | 'techno'
  | 'sci'
  | 'hg'
  | 'en'
  | 'de'
  | 'es'
  | 'it'
  | 'ap'
  | 'mu'
  | 'eps'
  | 'ses'
  | 'philo'
  | 'doc';

const v15 = (num: string) => `scolomfr-voc-015-num-${num}`;
export const disciplineCodes: Record<DisciplineKey, string> = {
  fr: v15('035'),
  ma: v15('054'),
  pc: v15('061'),
  svt: v15('069'),
  techno: v15('077'),
  sci: v15('066'),
  hg: v15('042'),
  en: v15('087'),
  de: v15('086'),
  es: v15('090'),
  it: v15('092'),
  ap: v15('006'),
  mu: v15('030'),
  eps: v15('031'),
  ses: v15('070'),
  philo: v15('059'),
  doc: v15('022'),
};

export const scienceDisciplines: ReadonlySet<DisciplineKey> = new Set(['pc', 'svt', 'techno', 'sci']);

export interface DisciplineText {
  /** As it starts a title: 'Physique-chimie'. */
  title: string;
  /** After "de" in a sentence, elided when needed: 'de physique-chimie', 'd’anglais'. */
  of: string;
  /** Keywords of the discipline itself. */
  keywords: readonly string[];
  /** Language taught, for modern languages (ISO 639-1). */
  language?: string;
  /** Overrides by stage (e.g. 'Sciences et technologie' at primary school). */
  byStage?: Partial<Record<Stage, { title: string; of: string }>>;
}

export const disciplineTexts: Record<DisciplineKey, DisciplineText> = {
  fr: {
    title: 'Français',
    of: 'de français',
    keywords: ['français', 'langue française'],
    byStage: { bts: { title: 'Culture générale et expression', of: 'de culture générale et expression' } },
  },
  ma: { title: 'Mathématiques', of: 'de mathématiques', keywords: ['mathématiques', 'maths'] },
  pc: {
    title: 'Physique-chimie',
    of: 'de physique-chimie',
    keywords: ['physique-chimie', 'sciences physiques', 'expérimentation'],
  },
  svt: {
    title: 'SVT',
    of: 'de SVT',
    keywords: ['SVT', 'sciences de la vie et de la Terre', 'biologie', 'géologie'],
  },
  techno: {
    title: 'Technologie',
    of: 'de technologie',
    keywords: ['technologie', 'objets techniques', 'démarche de projet'],
    byStage: {
      lp: { title: 'Enseignement professionnel', of: 'd’enseignement professionnel' },
      lgt: { title: 'Sciences de l’ingénieur', of: 'de sciences de l’ingénieur' },
      bts: { title: 'Sciences et techniques industrielles', of: 'de sciences et techniques industrielles' },
    },
  },
  sci: {
    title: 'Sciences',
    of: 'de sciences',
    keywords: ['sciences', 'démarche d’investigation', 'expériences'],
    byStage: { primary: { title: 'Sciences et technologie', of: 'de sciences et technologie' } },
  },
  hg: {
    title: 'Histoire-géographie',
    of: 'd’histoire-géographie',
    keywords: ['histoire', 'géographie', 'histoire-géographie'],
  },
  en: { title: 'Anglais', of: 'd’anglais', keywords: ['anglais', 'langue vivante'], language: 'en' },
  de: { title: 'Allemand', of: 'd’allemand', keywords: ['allemand', 'langue vivante'], language: 'de' },
  es: { title: 'Espagnol', of: 'd’espagnol', keywords: ['espagnol', 'langue vivante'], language: 'es' },
  it: { title: 'Italien', of: 'd’italien', keywords: ['italien', 'langue vivante'], language: 'it' },
  ap: { title: 'Arts plastiques', of: 'd’arts plastiques', keywords: ['arts plastiques', 'création'] },
  mu: {
    title: 'Éducation musicale',
    of: 'd’éducation musicale',
    keywords: ['éducation musicale', 'musique'],
  },
  eps: { title: 'EPS', of: 'd’EPS', keywords: ['EPS', 'éducation physique'] },
  ses: {
    title: 'SES',
    of: 'de SES',
    keywords: ['sciences économiques et sociales', 'SES', 'sociologie'],
    byStage: {
      lp: { title: 'Économie-droit', of: 'd’économie-droit' },
      bts: { title: 'Culture économique et juridique', of: 'de culture économique et juridique' },
    },
  },
  philo: { title: 'Philosophie', of: 'de philosophie', keywords: ['philosophie', 'dissertation'] },
  doc: { title: 'EMI', of: 'd’éducation aux médias', keywords: ['documentation', 'CDI', 'EMI'] },
};

/** Which disciplines each stage teaches, with their weight among that stage's resources. */
export const disciplinesByStage: Record<Stage, readonly (readonly [DisciplineKey, number])[]> = {
  primary: [
    ['fr', 26],
    ['ma', 26],
    ['sci', 12],
    ['hg', 10],
    ['en', 10],
    ['de', 1],
    ['es', 1],
    ['ap', 4],
    ['mu', 4],
    ['eps', 3],
  ],
  college: [
    ['fr', 15],
    ['ma', 16],
    ['pc', 8],
    ['svt', 8],
    ['techno', 7],
    ['hg', 12],
    ['en', 10],
    ['de', 3],
    ['es', 5],
    ['it', 1],
    ['ap', 2],
    ['mu', 2],
    ['eps', 2],
    ['doc', 2],
  ],
  lgt: [
    ['fr', 13],
    ['ma', 14],
    ['pc', 10],
    ['svt', 9],
    ['techno', 3],
    ['hg', 11],
    ['en', 10],
    ['de', 3],
    ['es', 5],
    ['it', 1],
    ['ses', 6],
    ['philo', 4],
    ['ap', 1],
    ['mu', 1],
    ['eps', 1],
    ['doc', 2],
  ],
  lp: [
    ['fr', 14],
    ['ma', 14],
    ['pc', 9],
    ['techno', 10],
    ['hg', 10],
    ['en', 10],
    ['es', 4],
    ['ses', 7],
    ['ap', 3],
    ['eps', 2],
    ['doc', 1],
  ],
  bts: [
    ['en', 12],
    ['es', 3],
    ['de', 2],
    ['ma', 10],
    ['fr', 8],
    ['ses', 11],
    ['pc', 5],
    ['techno', 7],
    ['doc', 1],
  ],
};

const v22 = (num: string) => `scolomfr-voc-022-num-${num}`;

export interface LevelText {
  code: string;
  stage: Stage;
  /** In a title: '4e', 'CAP 1re année', 'cycle 4'. */
  short: string;
  /** In a sentence: 'quatrième', 'première année de CAP'. */
  long: string;
  /** For a cycle or track code: the audience as a whole. */
  audience?: string;
}

function cls(num: string, stage: Stage, short: string, long: string): LevelText {
  return { code: v22(num), stage, short, long };
}

export const classesByStage: Record<Stage, readonly LevelText[]> = {
  primary: [
    cls('010', 'primary', 'CP', 'CP'),
    cls('011', 'primary', 'CE1', 'CE1'),
    cls('013', 'primary', 'CE2', 'CE2'),
    cls('014', 'primary', 'CM1', 'CM1'),
    cls('015', 'primary', 'CM2', 'CM2'),
  ],
  college: [
    cls('018', 'college', '6e', 'sixième'),
    cls('020', 'college', '5e', 'cinquième'),
    cls('021', 'college', '4e', 'quatrième'),
    cls('023', 'college', '3e', 'troisième'),
  ],
  lgt: [
    cls('136', 'lgt', '2de', 'seconde'),
    cls('123', 'lgt', '1re', 'première'),
    cls('201', 'lgt', 'Tle', 'terminale'),
  ],
  lp: [
    cls('103', 'lp', 'CAP 1re année', 'première année de CAP'),
    cls('104', 'lp', 'CAP 2e année', 'deuxième année de CAP'),
    cls('027', 'lp', '2de bac pro', 'seconde professionnelle'),
    cls('127', 'lp', '1re bac pro', 'première professionnelle'),
    cls('050', 'lp', 'Tle bac pro', 'terminale professionnelle'),
  ],
  bts: [
    cls('101', 'bts', 'BTS 1re année', 'première année de BTS'),
    cls('102', 'bts', 'BTS 2e année', 'deuxième année de BTS'),
  ],
};

/** Cycle and track codes, used alone for resources covering a whole cycle or track. */
export const groupTexts = {
  cycle2: {
    code: v22('619'),
    stage: 'primary',
    short: 'cycle 2',
    long: 'cycle 2',
    audience: 'les élèves du cycle 2',
  },
  cycle3: {
    code: v22('620'),
    stage: 'primary',
    short: 'cycle 3',
    long: 'cycle 3',
    audience: 'les élèves du cycle 3',
  },
  cycle4: {
    code: v22('621'),
    stage: 'college',
    short: 'cycle 4',
    long: 'cycle 4',
    audience: 'les élèves du cycle 4',
  },
  lgt: {
    code: v22('142'),
    stage: 'lgt',
    short: 'lycée',
    long: 'lycée',
    audience: 'les lycéens de la voie générale et technologique',
  },
  lp: {
    code: v22('165'),
    stage: 'lp',
    short: 'voie professionnelle',
    long: 'voie professionnelle',
    audience: 'les élèves de la voie professionnelle',
  },
  bts: { code: v22('195'), stage: 'bts', short: 'BTS', long: 'BTS', audience: 'les étudiants de BTS' },
} as const satisfies Record<string, LevelText>;

export interface Topic {
  /** Title form, capitalised: 'L’énergie et ses conversions'. Lower-cased after a colon. */
  t: string;
  /** Restricted to these disciplines (default: every discipline of the theme). */
  d?: readonly DisciplineKey[];
  /** Restricted to these stages (default: every stage). */
  s?: readonly Stage[];
}

export interface ThemeText {
  /** The word a search for the theme finds: always among the keywords. */
  word: string;
  keywords: readonly string[];
  topics: readonly Topic[];
  /** Weight of the theme among the themes of a discipline (default 1). */
  weight?: number;
  /** Title of history-geography resources on this theme ('Histoire', 'Géographie'). */
  hgTitle?: string;
  /** Short class names a single-class resource on this theme prefers, by stage. */
  classHints?: Partial<Record<Stage, readonly string[]>>;
}

const LANGUAGES: readonly DisciplineKey[] = ['en', 'de', 'es', 'it'];

export const themeTexts: Record<string, ThemeText> = {
  energie: {
    word: 'énergie',
    weight: 1.3,
    keywords: [
      'énergies renouvelables',
      'conversion d’énergie',
      'électricité',
      'puissance',
      'transition énergétique',
      'rendement',
      'chaîne d’énergie',
      'combustibles fossiles',
      'énergie solaire',
    ],
    topics: [
      { t: 'L’énergie et ses conversions', d: ['pc', 'sci', 'techno'] },
      { t: 'Les sources d’énergie renouvelables et non renouvelables' },
      { t: 'Les différentes formes d’énergie', d: ['pc', 'sci'] },
      { t: 'L’énergie cinétique et la sécurité routière', d: ['pc'], s: ['college', 'lgt'] },
      {
        t: 'L’énergie électrique : puissance et consommation',
        d: ['pc', 'techno'],
        s: ['college', 'lgt', 'lp'],
      },
      { t: 'La chaîne d’énergie d’un objet technique', d: ['techno'] },
      { t: 'L’éolienne, de l’énergie du vent à l’électricité', d: ['techno', 'pc', 'sci'] },
      { t: 'La production d’énergie électrique dans les centrales', d: ['pc', 'techno'] },
      { t: 'Les besoins en énergie de l’organisme', d: ['svt'] },
      { t: 'La photosynthèse, source d’énergie du vivant', d: ['svt'] },
      { t: 'Les flux d’énergie dans les écosystèmes', d: ['svt'], s: ['college', 'lgt'] },
      { t: 'La géothermie, l’énergie de la Terre', d: ['svt', 'pc'] },
      {
        t: 'Les économies d’énergie au quotidien',
        d: ['techno', 'sci', 'svt'],
        s: ['primary', 'college', 'lp'],
      },
      { t: 'L’énergie solaire' },
      { t: 'Le bilan énergétique d’une habitation', d: ['techno'], s: ['college', 'lgt', 'lp', 'bts'] },
      { t: 'Le circuit électrique et l’énergie', d: ['sci', 'pc', 'techno'], s: ['primary', 'college'] },
      { t: 'L’énergie chimique : combustions et piles', d: ['pc'], s: ['college', 'lgt', 'lp'] },
      { t: 'L’énergie nucléaire', d: ['pc'], s: ['college', 'lgt'] },
      { t: 'Le stockage de l’énergie', d: ['pc', 'techno'], s: ['lgt', 'lp', 'bts'] },
      { t: 'L’énergie et le climat', d: ['svt', 'pc'], s: ['lgt'] },
    ],
  },
  'developpement-durable': {
    word: 'développement durable',
    keywords: [
      'environnement',
      'biodiversité',
      'climat',
      'recyclage',
      'écologie',
      'ressources naturelles',
      'changement climatique',
      'déchets',
    ],
    topics: [
      { t: 'Le changement climatique', d: ['svt', 'hg'] },
      { t: 'La biodiversité et sa préservation', d: ['svt'] },
      { t: 'Le tri et le recyclage des déchets', d: ['techno', 'svt'], s: ['primary', 'college', 'lp'] },
      { t: 'La gestion de l’eau', d: ['hg', 'svt'] },
      { t: 'La ville durable', d: ['hg', 'techno'] },
      { t: 'Les ressources naturelles et leur exploitation', d: ['hg', 'svt'] },
      { t: 'Le cycle de vie d’un objet technique', d: ['techno'] },
      { t: 'Les écosystèmes et l’action de l’Homme', d: ['svt'] },
      { t: 'L’empreinte écologique' },
      { t: 'L’agriculture durable', d: ['hg', 'svt'] },
      { t: 'Les risques naturels et technologiques', d: ['hg', 'svt'] },
      { t: 'Le volcanisme', d: ['svt'] },
      { t: 'Les séismes et la tectonique des plaques', d: ['svt'], s: ['college', 'lgt'] },
      { t: 'L’écoconception des produits', d: ['techno'], s: ['college', 'lgt', 'lp', 'bts'] },
    ],
  },
  'corps-humain': {
    word: 'corps humain',
    keywords: [
      'santé',
      'nutrition',
      'digestion',
      'respiration',
      'système nerveux',
      'immunité',
      'muscles',
      'sommeil',
    ],
    topics: [
      { t: 'La digestion et la nutrition', d: ['svt', 'sci'] },
      { t: 'La respiration et la circulation sanguine', d: ['svt', 'sci'] },
      { t: 'Le système nerveux', d: ['svt'] },
      { t: 'Le système immunitaire', d: ['svt'], s: ['college', 'lgt'] },
      { t: 'La reproduction humaine', d: ['svt'], s: ['college', 'lgt'] },
      { t: 'Les muscles et le mouvement', d: ['svt', 'sci', 'eps'] },
      { t: 'L’alimentation équilibrée', d: ['sci', 'svt', 'eps'] },
      { t: 'Le sommeil et les rythmes biologiques', d: ['svt', 'eps'] },
      { t: 'Le squelette et les articulations', d: ['sci', 'svt', 'eps'] },
      { t: 'Les microbes et l’hygiène', d: ['sci', 'svt'], s: ['primary', 'college'] },
      { t: 'Le corps humain en mouvement', d: ['eps', 'sci'] },
      { t: 'Les cinq sens', d: ['sci'], s: ['primary'] },
    ],
  },
  matiere: {
    word: 'matière',
    keywords: [
      'atomes',
      'molécules',
      'mélanges',
      'états de la matière',
      'réactions chimiques',
      'solutions',
      'masse volumique',
      'changements d’état',
    ],
    topics: [
      { t: 'Les états de la matière' },
      { t: 'Les changements d’état de l’eau' },
      { t: 'Les mélanges et les corps purs' },
      { t: 'Les atomes et les molécules', d: ['pc'] },
      { t: 'Les transformations chimiques', d: ['pc'] },
      { t: 'La masse volumique', d: ['pc'], s: ['college', 'lgt', 'lp'] },
      { t: 'Les solutions aqueuses et le pH', d: ['pc'], s: ['college', 'lgt', 'lp', 'bts'] },
      { t: 'La classification périodique des éléments', d: ['pc'], s: ['college', 'lgt'] },
      { t: 'La matière à l’échelle microscopique', d: ['pc'] },
      { t: 'Les réactions d’oxydoréduction', d: ['pc'], s: ['lgt', 'lp', 'bts'] },
      { t: 'Les matériaux et leurs propriétés', d: ['sci', 'pc'] },
    ],
  },
  programmation: {
    word: 'programmation',
    keywords: [
      'algorithmique',
      'algorithme',
      'Scratch',
      'Python',
      'codage',
      'robotique',
      'boucles',
      'variables',
    ],
    topics: [
      { t: 'La programmation par blocs', s: ['primary', 'college'] },
      { t: 'Les algorithmes et les boucles' },
      { t: 'Les variables et les instructions conditionnelles', s: ['college', 'lgt', 'lp', 'bts'] },
      { t: 'La programmation en Python', s: ['college', 'lgt', 'bts'] },
      { t: 'La programmation d’un robot', d: ['techno'], s: ['primary', 'college', 'lp'] },
      { t: 'Les objets connectés et leur programmation', d: ['techno'] },
      { t: 'La pensée informatique' },
      { t: 'Les fonctions en Python', d: ['ma'], s: ['lgt', 'bts'] },
      { t: 'La création d’un jeu vidéo simple', s: ['primary', 'college'] },
      { t: 'Le codage de l’information', d: ['techno'], s: ['college', 'lgt', 'lp'] },
    ],
  },
  geometrie: {
    word: 'géométrie',
    keywords: [
      'figures',
      'triangles',
      'symétrie',
      'angles',
      'aires',
      'volumes',
      'constructions',
      'trigonométrie',
    ],
    topics: [
      { t: 'Les figures planes', s: ['primary', 'college'] },
      { t: 'La symétrie axiale', s: ['primary', 'college'] },
      { t: 'Le théorème de Pythagore', s: ['college', 'lp'] },
      { t: 'Les angles et leur mesure', s: ['primary', 'college', 'lp'] },
      { t: 'Les aires et les périmètres' },
      { t: 'Les solides et leurs volumes' },
      { t: 'La trigonométrie dans le triangle rectangle', s: ['college', 'lgt', 'lp'] },
      { t: 'Les vecteurs', s: ['lgt', 'lp', 'bts'] },
      { t: 'La géométrie dans l’espace', s: ['college', 'lgt'] },
      { t: 'Les constructions à la règle et au compas', s: ['primary', 'college'] },
      { t: 'Le théorème de Thalès', s: ['college'] },
    ],
  },
  'nombres-calcul': {
    word: 'calcul',
    keywords: [
      'nombres',
      'fractions',
      'calcul mental',
      'proportionnalité',
      'équations',
      'nombres décimaux',
      'pourcentages',
      'fonctions',
    ],
    topics: [
      { t: 'Le calcul mental', s: ['primary', 'college'] },
      { t: 'Les nombres décimaux', s: ['primary', 'college'] },
      { t: 'Les fractions', s: ['primary', 'college', 'lp'] },
      { t: 'La proportionnalité' },
      { t: 'Les équations du premier degré', s: ['college', 'lp'] },
      { t: 'Le calcul littéral', s: ['college', 'lgt'] },
      { t: 'Les puissances et la notation scientifique', s: ['college', 'lgt', 'lp'] },
      { t: 'Les pourcentages et leurs applications' },
      { t: 'Les fonctions affines', s: ['college', 'lgt', 'lp'] },
      { t: 'Les suites numériques', s: ['lgt', 'lp', 'bts'] },
      { t: 'La numération et les grands nombres', s: ['primary'] },
      { t: 'Les tables de multiplication', s: ['primary'] },
      { t: 'Le calcul intégral', s: ['lgt', 'bts'] },
      { t: 'Les fonctions exponentielle et logarithme', s: ['lgt', 'bts'] },
    ],
  },
  statistiques: {
    word: 'statistiques',
    keywords: ['probabilités', 'moyenne', 'médiane', 'graphiques', 'données', 'échantillonnage', 'tableur'],
    topics: [
      { t: 'Les statistiques descriptives' },
      { t: 'La lecture de graphiques et de tableaux' },
      { t: 'Les probabilités', s: ['college', 'lgt', 'lp', 'bts'] },
      { t: 'La moyenne et la médiane', s: ['college', 'lgt', 'lp'] },
      { t: 'Les probabilités conditionnelles', d: ['ma'], s: ['lgt', 'bts'] },
      { t: 'L’échantillonnage et les sondages', s: ['lgt', 'bts'] },
      { t: 'Les statistiques avec un tableur' },
      { t: 'La loi binomiale', d: ['ma'], s: ['lgt', 'bts'] },
      { t: 'Les indicateurs des inégalités', d: ['ses'] },
    ],
  },
  'lecture-ecriture': {
    word: 'lecture',
    keywords: [
      'écriture',
      'compréhension de texte',
      'production d’écrits',
      'vocabulaire',
      'fluence',
      'rédaction',
      'lecture à voix haute',
    ],
    topics: [
      { t: 'L’apprentissage de la lecture', s: ['primary'] },
      { t: 'La compréhension de texte' },
      { t: 'La production d’écrits' },
      { t: 'Le vocabulaire et les familles de mots', s: ['primary', 'college', 'lp'] },
      { t: 'La lecture à voix haute', s: ['primary', 'college'] },
      { t: 'Les sons et les syllabes', s: ['primary'] },
      { t: 'L’écriture d’invention', s: ['college', 'lgt'] },
      { t: 'Le résumé et la synthèse de documents', s: ['lgt', 'lp', 'bts'] },
      { t: 'La lecture d’images' },
      { t: 'Le récit d’aventure', s: ['primary', 'college'] },
    ],
  },
  grammaire: {
    word: 'grammaire',
    keywords: ['orthographe', 'conjugaison', 'accords', 'dictée', 'classes de mots', 'ponctuation'],
    topics: [
      { t: 'La conjugaison des verbes' },
      { t: 'Les accords dans le groupe nominal' },
      { t: 'L’accord du participe passé', s: ['college', 'lgt', 'lp', 'bts'] },
      { t: 'La phrase simple et la phrase complexe' },
      { t: 'Les classes de mots', s: ['primary', 'college'] },
      { t: 'L’orthographe lexicale' },
      { t: 'La dictée au quotidien', s: ['primary', 'college'] },
      { t: 'Les homophones grammaticaux' },
      { t: 'La ponctuation' },
      { t: 'Les temps du récit', s: ['primary', 'college'] },
    ],
  },
  litterature: {
    word: 'littérature',
    keywords: [
      'roman',
      'poésie',
      'théâtre',
      'auteurs',
      'contes',
      'fables',
      'argumentation',
      'œuvres intégrales',
    ],
    topics: [
      { t: 'Les contes et les fables', d: ['fr'], s: ['primary', 'college'] },
      { t: 'La poésie', d: ['fr'] },
      { t: 'Le théâtre classique', d: ['fr'], s: ['college', 'lgt'] },
      { t: 'Le roman au XIXe siècle', d: ['fr'], s: ['lgt', 'lp'] },
      { t: 'Les mythes de l’Antiquité', d: ['fr'], s: ['primary', 'college'] },
      { t: 'La littérature d’idées', d: ['fr'], s: ['lgt', 'bts'] },
      { t: 'L’argumentation', s: ['college', 'lgt', 'lp', 'bts'] },
      { t: 'Les grands textes de la philosophie', d: ['philo'] },
      { t: 'La littérature de jeunesse', d: ['fr'], s: ['primary', 'college'] },
      { t: 'La nouvelle fantastique', d: ['fr'], s: ['college'] },
      { t: 'Le conte philosophique', s: ['college', 'lgt'] },
      { t: 'La conscience et l’inconscient', d: ['philo'] },
    ],
  },
  oral: {
    word: 'oral',
    keywords: [
      'compréhension orale',
      'expression orale',
      'prononciation',
      'dialogues',
      'écoute',
      'prise de parole',
    ],
    topics: [
      { t: 'La compréhension orale' },
      { t: 'L’expression orale en continu' },
      { t: 'Les dialogues de la vie quotidienne', d: LANGUAGES },
      { t: 'La prononciation et l’accent', d: LANGUAGES },
      { t: 'La prise de parole en public', d: ['fr'] },
      { t: 'Les podcasts pour la classe' },
      { t: 'Les jeux de rôle en langue étrangère', d: LANGUAGES },
      { t: 'L’exposé oral', d: ['fr'], s: ['college', 'lgt', 'lp'] },
      { t: 'Le Grand oral du baccalauréat', d: ['fr'], s: ['lgt'] },
      { t: 'Les chansons et les comptines', d: LANGUAGES, s: ['primary'] },
      { t: 'L’entretien professionnel', d: ['en', 'es', 'de'], s: ['lp', 'bts'] },
    ],
  },
  civilisation: {
    word: 'civilisation',
    keywords: ['culture', 'pays', 'traditions', 'société', 'fêtes', 'interculturalité'],
    topics: [
      { t: 'Les pays anglophones', d: ['en'] },
      { t: 'La culture britannique', d: ['en'] },
      { t: 'Les États-Unis d’aujourd’hui', d: ['en'] },
      { t: 'Les fêtes et traditions du monde anglophone', d: ['en'] },
      { t: 'Les pays germanophones', d: ['de'] },
      { t: 'Berlin, une capitale chargée d’histoire', d: ['de'] },
      { t: 'Les traditions allemandes', d: ['de'] },
      { t: 'L’Espagne et l’Amérique latine', d: ['es'] },
      { t: 'Les fêtes du monde hispanique', d: ['es'] },
      { t: 'Le monde hispanophone', d: ['es'] },
      { t: 'L’Italie et ses régions', d: ['it'] },
      { t: 'La Renaissance italienne', d: ['it'] },
      { t: 'La vie quotidienne des adolescents dans le monde' },
    ],
  },
  'moyen-age': {
    word: 'Moyen Âge',
    hgTitle: 'Histoire',
    keywords: [
      'seigneurie',
      'châteaux forts',
      'chevaliers',
      'féodalité',
      'croisades',
      'cathédrales',
      'Europe féodale',
    ],
    classHints: { primary: ['CM1'], college: ['5e'], lgt: ['2de'] },
    topics: [
      { t: 'L’Europe féodale', d: ['hg'] },
      { t: 'Les châteaux forts', d: ['hg'], s: ['primary', 'college'] },
      { t: 'La société féodale', d: ['hg'] },
      { t: 'Les cathédrales et l’art roman', d: ['hg'] },
      { t: 'Les croisades', d: ['hg'] },
      { t: 'La vie des paysans au Moyen Âge', d: ['hg'] },
      { t: 'Les chevaliers et l’amour courtois', d: ['fr'] },
      { t: 'Le roman de chevalerie', d: ['fr'] },
      { t: 'Les villes au Moyen Âge', d: ['hg'] },
      { t: 'Le royaume de France au Moyen Âge', d: ['hg'] },
    ],
  },
  'revolution-francaise': {
    word: 'Révolution française',
    hgTitle: 'Histoire',
    keywords: ['1789', 'Ancien Régime', 'République', 'Napoléon', 'droits de l’homme', 'Terreur'],
    classHints: { primary: ['CM1', 'CM2'], college: ['4e'], lgt: ['2de', '1re'], lp: ['2de bac pro'] },
    topics: [
      { t: 'La Révolution française' },
      { t: 'La prise de la Bastille' },
      { t: 'La Déclaration des droits de l’homme et du citoyen' },
      { t: 'La fin de l’Ancien Régime' },
      { t: 'La Première République' },
      { t: 'La Terreur', s: ['college', 'lgt'] },
      { t: 'Napoléon et l’Empire' },
      { t: 'Les femmes dans la Révolution' },
    ],
  },
  cartographie: {
    word: 'cartographie',
    hgTitle: 'Géographie',
    keywords: ['cartes', 'territoires', 'croquis', 'paysages', 'mondialisation', 'aménagement', 'géographie'],
    topics: [
      { t: 'Les territoires de la France' },
      { t: 'La lecture de cartes et de paysages' },
      { t: 'Le croquis de géographie', s: ['college', 'lgt', 'lp'] },
      { t: 'La mondialisation', s: ['college', 'lgt', 'lp'] },
      { t: 'Les espaces ruraux et urbains' },
      { t: 'Les océans et les mers du globe' },
      { t: 'L’Union européenne' },
      { t: 'Les grands repères géographiques', s: ['primary', 'college'] },
      { t: 'Les systèmes d’information géographique', s: ['college', 'lgt'] },
      { t: 'Le plan du quartier', s: ['primary'] },
      { t: 'Les métropoles mondiales', s: ['college', 'lgt', 'lp'] },
      { t: 'Les littoraux français' },
    ],
  },
  citoyennete: {
    word: 'citoyenneté',
    hgTitle: 'EMC',
    keywords: ['République', 'laïcité', 'démocratie', 'institutions', 'égalité', 'droits', 'EMC'],
    topics: [
      { t: 'Les valeurs de la République', d: ['hg'] },
      { t: 'La laïcité' },
      { t: 'Les institutions de la Ve République', d: ['hg'], s: ['college', 'lgt', 'lp'] },
      { t: 'Le vote et la démocratie', d: ['hg'] },
      { t: 'L’éducation aux médias et à l’information', d: ['hg'] },
      { t: 'Les droits de l’enfant', d: ['hg'], s: ['primary', 'college'] },
      { t: 'La justice en France', d: ['hg'] },
      { t: 'L’égalité entre les filles et les garçons', d: ['hg'] },
      { t: 'La liberté et la responsabilité', d: ['philo'] },
      { t: 'Le harcèlement scolaire', d: ['hg'], s: ['primary', 'college', 'lp'] },
      { t: 'Le travail et la technique', d: ['philo'] },
      { t: 'L’État et la justice', d: ['philo'] },
    ],
  },
  'arts-visuels': {
    word: 'arts visuels',
    keywords: ['peinture', 'dessin', 'sculpture', 'photographie', 'couleurs', 'histoire des arts', 'musées'],
    topics: [
      { t: 'La couleur et ses usages' },
      { t: 'La peinture impressionniste' },
      { t: 'Le dessin d’observation' },
      { t: 'La photographie' },
      { t: 'L’histoire des arts' },
      { t: 'La sculpture' },
      { t: 'L’architecture contemporaine' },
      { t: 'La bande dessinée' },
      { t: 'Le portrait à travers les siècles' },
      { t: 'Les grandes œuvres des musées français' },
    ],
  },
  musique: {
    word: 'musique',
    keywords: ['chant', 'instruments', 'rythme', 'écoute musicale', 'chorale', 'compositeurs'],
    topics: [
      { t: 'Le chant choral' },
      { t: 'Les instruments de l’orchestre' },
      { t: 'Le rythme et la pulsation' },
      { t: 'L’écoute musicale' },
      { t: 'Les musiques du monde' },
      { t: 'La création musicale assistée par ordinateur', s: ['college', 'lgt'] },
      { t: 'Les grands compositeurs' },
      { t: 'Les comptines et chansons', s: ['primary'] },
      { t: 'La lecture de partitions', s: ['college', 'lgt'] },
      { t: 'La musique de film' },
    ],
  },
  economie: {
    word: 'économie',
    keywords: [
      'marché',
      'entreprise',
      'croissance',
      'chômage',
      'monnaie',
      'consommation',
      'offre et demande',
    ],
    topics: [
      { t: 'Le fonctionnement du marché' },
      { t: 'La formation des prix' },
      { t: 'La croissance économique' },
      { t: 'Le chômage et ses causes' },
      { t: 'La monnaie et le financement de l’économie' },
      { t: 'L’entreprise et la production' },
      { t: 'Le commerce international' },
      { t: 'La consommation des ménages' },
      { t: 'Le droit du travail', s: ['lp', 'bts'] },
      { t: 'Le management des organisations', s: ['lgt', 'bts'] },
      { t: 'Le contrat de travail', s: ['lp', 'bts'] },
    ],
  },
  'recherche-information': {
    word: 'recherche d’information',
    keywords: ['documentation', 'CDI', 'sources', 'moteurs de recherche', 'esprit critique', 'médias'],
    topics: [
      { t: 'La recherche documentaire au CDI' },
      { t: 'Les moteurs de recherche' },
      { t: 'L’évaluation des sources' },
      { t: 'Les fausses informations' },
      { t: 'Le droit d’auteur et les licences libres' },
      { t: 'La citation des sources' },
      { t: 'La veille informationnelle', s: ['lgt', 'bts'] },
      { t: 'Les encyclopédies en ligne' },
    ],
  },
  'sport-sante': {
    word: 'sport',
    keywords: [
      'santé',
      'activité physique',
      'échauffement',
      'athlétisme',
      'sports collectifs',
      'condition physique',
    ],
    topics: [
      { t: 'L’échauffement' },
      { t: 'L’athlétisme' },
      { t: 'Les sports collectifs' },
      { t: 'La natation' },
      { t: 'La condition physique et la santé' },
      { t: 'La gymnastique' },
      { t: 'Les activités de pleine nature' },
      { t: 'Le savoir-nager', s: ['primary', 'college'] },
      { t: 'L’arbitrage et les règles du jeu' },
      { t: 'La danse' },
    ],
  },
};

/** Lower-case the first letter of a topic used after a colon or mid-sentence ('L’Europe' → 'l’Europe'). */
export function midSentence(topic: string): string {
  return /^(Le |La |Les |L’|Un |Une |Des |Du )/.test(topic)
    ? topic[0]!.toLowerCase() + topic.slice(1)
    : topic;
}

// ---------------------------------------------------------------------------------------------------
// Producers

export type ProducerKind = 'publisher' | 'platform' | 'public' | 'collaborative' | 'teacher';

export interface ProducerProfile {
  code: string;
  name: string;
  kind: ProducerKind;
  website: string | null;
  /** Domain stem for demo URLs: https://demo.<domain>.example/… */
  domain: string;
  /** Relative size of the producer's catalogue. */
  weight: number;
  /** Families it publishes, with a multiplier of its weight. */
  families: Partial<Record<Family, number>>;
  stages: readonly Stage[];
  /** Disciplines it covers; null: every discipline. */
  disciplines: readonly DisciplineKey[] | null;
  /** Share of its resources that are free (0 for platforms, 1 for public bodies). */
  freeShare: number;
  /** Licences of its free resources. */
  freeLicences: readonly string[];
  /** Collections of a publisher, used in textbook titles. */
  collections?: readonly string[];
  /** The académie of a teachers' mutualisation. */
  academy?: string;
  /** Organisation credited as author, for public and collaborative producers. */
  team?: string;
}

const ALL_STAGES: readonly Stage[] = stages;
const SCHOOL: readonly Stage[] = ['primary', 'college', 'lgt', 'lp'];
const SECONDARY: readonly Stage[] = ['college', 'lgt', 'lp'];
const PUBLISHER_FREE = ['cc-by-nc-sa'];

function publisher(
  code: string,
  name: string,
  weight: number,
  families: Partial<Record<Family, number>>,
  stagesCovered: readonly Stage[],
  disciplinesCovered: readonly DisciplineKey[] | null,
  collections: readonly string[],
): ProducerProfile {
  return {
    code,
    name,
    kind: 'publisher',
    website: `https://www.${code}.example`,
    domain: code,
    weight,
    families,
    stages: stagesCovered,
    disciplines: disciplinesCovered,
    freeShare: 0.04,
    freeLicences: PUBLISHER_FREE,
    collections,
  };
}

function body(
  kind: 'public' | 'collaborative',
  code: string,
  name: string,
  weight: number,
  families: Partial<Record<Family, number>>,
  stagesCovered: readonly Stage[],
  disciplinesCovered: readonly DisciplineKey[] | null,
  freeLicences: readonly string[],
  team: string = name,
): ProducerProfile {
  return {
    code,
    name,
    kind,
    website: `https://www.${code}.example`,
    domain: code,
    weight,
    families,
    stages: stagesCovered,
    disciplines: disciplinesCovered,
    freeShare: 1,
    freeLicences,
    team,
  };
}

function mutualisation(academy: string, code: string, website: boolean): ProducerProfile {
  return {
    code: `mutualisation-${code}`,
    name: `Mutualisation enseignante — académie de ${academy}`,
    kind: 'teacher',
    website: website ? `https://mutualisation.ac-${code}.example` : null,
    domain: `mutualisation.ac-${code}`,
    weight: 1.1,
    families: { textbook: 0.12, multimedia: 1, reference: 0.3, homework: 1, other: 1.6 },
    stages: SCHOOL,
    disciplines: null,
    freeShare: 1,
    freeLicences: ['cc-by-nc-sa', 'cc-by-sa', 'cc-by'],
    academy,
  };
}

export const producerProfiles: readonly ProducerProfile[] = [
  // Commercial publishers (invented names).
  publisher(
    'editions-helice',
    'Éditions Hélice',
    3,
    { textbook: 1, multimedia: 0.6, homework: 0.3 },
    ['college', 'lgt'],
    ['pc', 'svt', 'techno', 'ma', 'sci'],
    ['Trajectoires', 'Spirale', 'Hélice Sciences'],
  ),
  publisher(
    'nathanael-education',
    'Nathanaël Éducation',
    4,
    { textbook: 1, multimedia: 0.4, homework: 0.4, reference: 0.2 },
    ['primary', 'college', 'lgt'],
    null,
    ['Passerelles', 'Kaléidoscope', 'Repères et savoirs'],
  ),
  publisher(
    'editions-du-preau',
    'Éditions du Préau',
    3,
    { textbook: 1, multimedia: 0.5, homework: 0.5 },
    ['primary'],
    null,
    ['Pas à pas', 'Le Préau des savoirs', 'Petits Explorateurs'],
  ),
  publisher(
    'callisto-education',
    'Callisto Éducation',
    3,
    { textbook: 1, homework: 0.5, multimedia: 0.3 },
    ['lgt'],
    null,
    ['Sillages', 'Orbites', 'Lignes de fuite'],
  ),
  publisher(
    'plume-et-compas',
    'Plume & Compas',
    2,
    { textbook: 1, homework: 0.6 },
    ['college'],
    ['fr', 'ma', 'hg'],
    ['Plume', 'Compas', 'Tremplin'],
  ),
  publisher(
    'editions-boussole',
    'Éditions Boussole',
    2,
    { textbook: 1, multimedia: 0.8, reference: 0.6 },
    SCHOOL,
    ['hg', 'doc'],
    ['Escales', 'Boussole', 'Horizons croisés'],
  ),
  publisher(
    'editions-de-l-ardoise',
    'Éditions de l’Ardoise',
    2,
    { textbook: 1, multimedia: 1 },
    ['primary'],
    ['fr', 'ma', 'sci', 'hg'],
    ['L’Ardoise magique', 'Craie et compas'],
  ),
  publisher(
    'sextant-langues',
    'Sextant Langues',
    2.5,
    { textbook: 1, multimedia: 0.7, reference: 0.5 },
    ALL_STAGES,
    ['en', 'de', 'es', 'it'],
    ['Step Ahead', 'Bright Paths', 'Puentes', 'Brücken', 'Insieme'],
  ),
  publisher(
    'editions-mistral-pro',
    'Éditions Mistral Pro',
    3,
    { textbook: 1, homework: 0.5, multimedia: 0.3 },
    ['lp'],
    null,
    ['Cap Métiers', 'Mistral Pro', 'Parcours pro'],
  ),
  publisher(
    'editions-quadrille',
    'Éditions Quadrille',
    2,
    { textbook: 1, homework: 0.5 },
    ['lp', 'bts'],
    ['ses', 'ma', 'en', 'fr', 'techno'],
    ['Quadrille Sup', 'Objectif BTS'],
  ),
  publisher(
    'clair-obscur-multimedia',
    'Clair-Obscur Multimédia',
    2,
    { multimedia: 1, reference: 0.3 },
    ['primary', 'college', 'lgt'],
    ['pc', 'svt', 'techno', 'sci'],
    ['Clair-Obscur Sciences'],
  ),
  publisher(
    'studio-pixel-savant',
    'Studio Pixel Savant',
    2,
    { multimedia: 1 },
    ['primary', 'college'],
    ['ma', 'fr', 'en', 'es', 'hg'],
    ['Pixel Savant'],
  ),
  publisher(
    'editions-oree',
    'Éditions Orée',
    2,
    { textbook: 1, multimedia: 0.7 },
    ['college', 'lgt'],
    ['svt', 'sci', 'pc', 'hg'],
    ['Vivarium', 'Orée des sciences'],
  ),
  publisher(
    'cartable-leger',
    'Cartable Léger Éditions',
    2,
    { homework: 1, multimedia: 0.3 },
    ['primary', 'college', 'lgt', 'lp'],
    null,
    ['Objectif réussite', 'Cartable Léger'],
  ),
  publisher(
    'alphabet-et-cie',
    'Éditions Alphabet & Cie',
    1.5,
    { reference: 1, multimedia: 0.2 },
    ALL_STAGES,
    null,
    ['Alphabet & Cie'],
  ),
  publisher(
    'editions-hypotenuse',
    'Éditions Hypoténuse',
    2,
    { textbook: 1, multimedia: 0.6 },
    ['college', 'lgt', 'lp'],
    ['ma'],
    ['Hypoténuse', 'Théorèmes en poche'],
  ),
  publisher(
    'editions-portee-et-cle',
    'Éditions Portée & Clé',
    1,
    { textbook: 1, multimedia: 1, reference: 0.3 },
    SCHOOL,
    ['mu', 'ap'],
    ['Portée & Clé', 'Atelier des arts'],
  ),
  publisher(
    'editions-rosace',
    'Éditions Rosace',
    2,
    { textbook: 1, multimedia: 0.5, reference: 0.2 },
    ['college', 'lgt', 'lp'],
    ['fr', 'philo'],
    ['Rosace', 'Fil des textes'],
  ),
  publisher(
    'editions-engrenage',
    'Éditions Engrenage',
    2,
    { textbook: 1, multimedia: 0.8 },
    ['college', 'lgt', 'lp', 'bts'],
    ['techno', 'pc', 'ma'],
    ['Engrenage', 'Technoscope'],
  ),
  publisher(
    'editions-foulee',
    'Éditions Foulée',
    0.8,
    { textbook: 1, multimedia: 1 },
    SCHOOL,
    ['eps', 'svt'],
    ['Foulée'],
  ),
  publisher(
    'editions-du-portique',
    'Éditions du Portique',
    1,
    { textbook: 1, homework: 0.5, reference: 0.3 },
    ['lgt', 'bts'],
    ['philo', 'ses', 'fr'],
    ['Portique', 'Agora'],
  ),
  publisher(
    'didacto-numerique',
    'Didacto Numérique',
    2,
    { multimedia: 1, homework: 0.6 },
    ['college', 'lgt', 'lp'],
    null,
    ['Didacto'],
  ),
  // Distribution platforms: paid only.
  {
    code: 'kiosque-numerique-scolaire',
    name: 'Kiosque Numérique Scolaire',
    kind: 'platform',
    website: 'https://www.kiosque-numerique-scolaire.example',
    domain: 'kiosque-numerique-scolaire',
    weight: 3,
    families: { textbook: 1, multimedia: 0.3, homework: 0.3 },
    stages: ALL_STAGES,
    disciplines: null,
    freeShare: 0,
    freeLicences: PUBLISHER_FREE,
    collections: ['Horizons', 'Cap Savoirs', 'Facettes', 'Éclats de savoir'],
  },
  {
    code: 'comptoir-numerique-des-manuels',
    name: 'Comptoir Numérique des Manuels',
    kind: 'platform',
    website: 'https://www.comptoir-numerique.example',
    domain: 'comptoir-numerique',
    weight: 2,
    families: { textbook: 1, reference: 0.3 },
    stages: ALL_STAGES,
    disciplines: null,
    freeShare: 0,
    freeLicences: PUBLISHER_FREE,
    collections: ['Lumière sur', 'Archipel des savoirs', 'Clés du programme'],
  },
  {
    code: 'librairie-numerique-educative',
    name: 'Librairie Numérique Éducative',
    kind: 'platform',
    website: 'https://www.librairie-numerique-educative.example',
    domain: 'librairie-numerique-educative',
    weight: 1.5,
    families: { multimedia: 1, reference: 1, homework: 1, other: 1, textbook: 0.2 },
    stages: ALL_STAGES,
    disciplines: null,
    freeShare: 0,
    freeLicences: PUBLISHER_FREE,
    collections: ['Ressources choisies'],
  },
  // Public bodies: free.
  body(
    'public',
    'reseau-canope',
    'Réseau Canopé',
    4,
    { textbook: 0.4, multimedia: 1, reference: 0.8, homework: 0.4, other: 1 },
    ALL_STAGES,
    null,
    ['cc-by-nc-sa', 'etalab-2.0'],
  ),
  body(
    'public',
    'cned',
    'CNED',
    2.5,
    { textbook: 1, homework: 1, multimedia: 0.5, other: 0.5 },
    ALL_STAGES,
    null,
    ['cc-by-nc-sa', 'etalab-2.0'],
  ),
  body('public', 'lumni', 'Lumni', 3, { multimedia: 1, homework: 0.3 }, SCHOOL, null, ['cc-by-nc-sa']),
  body(
    'public',
    'ina',
    'INA',
    1,
    { multimedia: 1, reference: 1 },
    ['college', 'lgt', 'lp'],
    ['hg', 'fr', 'ap', 'mu', 'doc'],
    ['cc-by-nc-sa'],
    'INA — Institut national de l’audiovisuel',
  ),
  body(
    'public',
    'brgm',
    'BRGM',
    0.8,
    { multimedia: 1, reference: 1 },
    ['college', 'lgt'],
    ['svt', 'hg', 'pc'],
    ['etalab-2.0'],
  ),
  body(
    'public',
    'meteo-france',
    'Météo-France',
    0.8,
    { multimedia: 1, reference: 1 },
    ['primary', 'college', 'lgt'],
    ['svt', 'pc', 'hg', 'sci'],
    ['etalab-2.0'],
  ),
  body(
    'public',
    'education-nationale',
    'Ministère de l’Éducation nationale',
    2,
    { other: 1, reference: 0.6, homework: 0.3, multimedia: 0.2 },
    ALL_STAGES,
    null,
    ['etalab-2.0'],
    'Éduscol — DGESCO',
  ),
  body(
    'public',
    'onisep',
    'ONISEP',
    0.6,
    { reference: 1, multimedia: 1, other: 0.5 },
    SECONDARY,
    ['doc', 'ses', 'fr'],
    ['etalab-2.0'],
  ),
  body(
    'public',
    'ign',
    'IGN',
    0.7,
    { reference: 1, multimedia: 0.8 },
    ['primary', 'college', 'lgt', 'lp'],
    ['hg'],
    ['etalab-2.0'],
  ),
  body(
    'public',
    'ademe',
    'ADEME',
    0.8,
    { multimedia: 1, other: 1, reference: 0.5 },
    ['primary', 'college', 'lgt', 'lp'],
    ['svt', 'techno', 'pc', 'sci', 'hg'],
    ['etalab-2.0'],
  ),
  body(
    'public',
    'cea',
    'CEA',
    0.6,
    { multimedia: 1, reference: 0.5 },
    ['college', 'lgt'],
    ['pc', 'svt', 'techno'],
    ['cc-by-nc-sa'],
  ),
  body(
    'public',
    'bnf',
    'BnF',
    0.6,
    { reference: 1, multimedia: 0.5 },
    ['college', 'lgt'],
    ['fr', 'hg', 'ap', 'philo'],
    ['etalab-2.0'],
    'BnF — Bibliothèque nationale de France',
  ),
  body(
    'public',
    'universcience',
    'Universcience',
    0.8,
    { multimedia: 1, other: 0.6 },
    ['primary', 'college', 'lgt'],
    ['sci', 'pc', 'svt', 'techno', 'ma'],
    ['cc-by-nc-sa'],
  ),
  // Collaborative associations: free.
  body(
    'collaborative',
    'sesamath',
    'Sésamath',
    3,
    { textbook: 1, multimedia: 1, homework: 0.5 },
    ['primary', 'college', 'lgt', 'lp'],
    ['ma'],
    ['cc-by-sa'],
  ),
  body(
    'collaborative',
    'la-main-a-la-pate',
    'Fondation La Main à la pâte',
    1.5,
    { other: 1, multimedia: 0.6 },
    ['primary', 'college'],
    ['sci', 'pc', 'svt', 'techno'],
    ['cc-by-nc-sa'],
  ),
  body(
    'collaborative',
    'wikimedia-france',
    'Wikimedia France',
    0.7,
    { reference: 1, other: 0.4 },
    SECONDARY,
    null,
    ['cc-by-sa'],
  ),
  body(
    'collaborative',
    'openstreetmap-france',
    'OpenStreetMap France',
    0.6,
    { reference: 1, other: 1 },
    ['primary', 'college', 'lgt'],
    ['hg'],
    ['cc-by-sa'],
  ),
  body(
    'collaborative',
    'framasoft',
    'Framasoft',
    0.5,
    { other: 1 },
    SECONDARY,
    ['doc', 'techno', 'ma'],
    ['cc-by-sa'],
  ),
  body(
    'collaborative',
    'petits-debrouillards',
    'Les Petits Débrouillards',
    0.8,
    { other: 1, multimedia: 0.5 },
    ['primary', 'college'],
    ['sci', 'pc', 'svt', 'techno'],
    ['cc-by-nc-sa'],
  ),
  body(
    'collaborative',
    'planete-sciences',
    'Planète Sciences',
    0.6,
    { other: 1, multimedia: 0.5 },
    ['primary', 'college', 'lgt'],
    ['sci', 'pc', 'techno', 'ma'],
    ['cc-by-nc-sa'],
  ),
  // Teachers' own resources, pooled by académie.
  mutualisation('Lyon', 'lyon', true),
  mutualisation('Grenoble', 'grenoble', true),
  mutualisation('Bordeaux', 'bordeaux', false),
  mutualisation('Nantes', 'nantes', true),
  mutualisation('Lille', 'lille', true),
  mutualisation('Créteil', 'creteil', false),
  mutualisation('Toulouse', 'toulouse', true),
];

// ---------------------------------------------------------------------------------------------------
// People, media and sentences

export const firstNames: readonly string[] = [
  'Claire',
  'Julien',
  'Sophie',
  'Nicolas',
  'Isabelle',
  'Thomas',
  'Nathalie',
  'Laurent',
  'Camille',
  'Olivier',
  'Émilie',
  'Stéphane',
  'Aurélie',
  'Frédéric',
  'Sandrine',
  'Mathieu',
  'Hélène',
  'Christophe',
  'Céline',
  'Guillaume',
  'Anne',
  'Pierre',
  'Marion',
  'Sébastien',
  'Karine',
  'Vincent',
  'Élodie',
  'François',
  'Virginie',
  'Jérôme',
  'Lucie',
  'Antoine',
  'Manon',
  'Yannick',
  'Fatima',
  'Karim',
  'Léa',
  'Hugo',
  'Agnès',
  'Bruno',
];

export const lastNames: readonly string[] = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Legrand',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
  'Morin',
  'Mathieu',
  'Clément',
  'Gauthier',
  'Dumont',
  'Lopez',
  'Fontaine',
  'Chevalier',
  'Robin',
  'Masson',
  'Benali',
  'Nguyen',
  'Haddad',
  'Le Gall',
  'Le Bihan',
  'Castelli',
];

/** Collection names of language textbooks, by language. */
export const languageCollections: Record<string, readonly string[]> = {
  en: ['Step Ahead', 'Bright Paths', 'Keep Going', 'Crossroads'],
  de: ['Brücken', 'Unterwegs', 'Weiter so!'],
  es: ['Puentes', 'Caminos', '¡Adelante!'],
  it: ['Insieme', 'Strade'],
};

export const physicalMedia: readonly string[] = ['DVD-ROM', 'clé USB', 'CD-ROM'];

export const accessibilityNotes: readonly string[] = [
  'Compatible lecteur d’écran, sous-titres',
  'Sous-titres et transcriptions des vidéos',
  'Navigation au clavier, contrastes renforcés',
  'Police adaptée aux lecteurs dyslexiques, texte agrandissable',
  'Audiodescription des vidéos, sous-titres',
  'Conforme au RGAA (niveau AA), déclaration d’accessibilité publiée',
  'Version audio des textes, navigation au clavier',
  'Partiellement conforme au RGAA, alternatives textuelles aux images',
];

export const classroomSentences: readonly string[] = [
  'Les activités se prêtent au travail en autonomie comme au travail en îlots.',
  'Un guide pédagogique propose des pistes d’exploitation pour chaque séance.',
  'Le suivi des résultats permet à l’enseignant de différencier le travail de chaque élève.',
  'L’enseignant peut composer ses propres parcours et les attribuer à un groupe ou à la classe.',
  'Chaque activité est accompagnée d’une fiche pour l’enseignant et d’un corrigé.',
  'Les documents sont modifiables pour s’adapter à la progression de la classe.',
  'Idéal pour la classe inversée : les élèves découvrent la notion à la maison et s’exercent en classe.',
  'Des pistes de différenciation sont proposées pour les élèves à besoins particuliers.',
];

export const whiteboardSentences: readonly string[] = [
  'Projetable au tableau blanc interactif pour un travail en classe entière.',
  'Conçu pour le vidéoprojecteur et le tableau blanc interactif : zoom, masques et annotations.',
];

export const tabletSentences: readonly string[] = [
  'Fonctionne sur ordinateur comme sur tablette, sans installation.',
  'L’interface s’adapte aux tablettes des classes mobiles.',
];

export const offlineSentences: readonly string[] = [
  'Utilisable hors connexion une fois téléchargé, y compris sur les réseaux lents.',
  'Une fois installée, la ressource fonctionne sans connexion à Internet.',
];
