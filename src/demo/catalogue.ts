// Deterministic synthetic demo catalogue: French digital educational resources and their commercial
// offers, in the proportions of the 2012 inspectorate report (types, formats, levels), with free
// resources from public bodies, associations and teachers beside the publishers' paid ones.
//
// Items are generated sequentially from one xoroshiro128+ stream seeded with `seed`: the first N items
// never depend on how many are asked for, and bundles only cover resources already yielded.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { OfferInput, ProducerInput, ResourceInput } from '../modules/catalogue/catalogue.types.js';
import { ADOPTER_ELIGIBILITY, themes as themeVocabulary } from '../modules/catalogue/vocabulary.js';
import {
  accessibilityNotes,
  classesByStage,
  classroomSentences,
  disciplineCodes,
  disciplinesByStage,
  disciplineTexts,
  firstNames,
  groupTexts,
  languageCollections,
  lastNames,
  midSentence,
  offlineSentences,
  physicalMedia,
  producerProfiles,
  scienceDisciplines,
  tabletSentences,
  themeTexts,
  whiteboardSentences,
  type DisciplineKey,
  type Family,
  type LevelText,
  type ProducerProfile,
  type Stage,
  type Topic,
} from './catalogue-texts.js';

// The demo writes exactly what the catalogue accepts.
export type DemoProducer = ProducerInput;
export type DemoResource = ResourceInput;
export type DemoOffer = OfferInput;

export const DEFAULT_DEMO_SEED = 2012;
/** Eligibility code of adopter prices: schools that use the paper edition of the textbook. */
export { ADOPTER_ELIGIBILITY };

export function demoProducers(): DemoProducer[] {
  return producerProfiles.map(({ code, name, kind, website }) => ({ code, name, kind, website }));
}

// ---------------------------------------------------------------------------------------------------
// Randomness

class Random {
  constructor(private readonly rng: RandomGenerator) {}

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return uniformInt(this.rng, min, max);
  }

  /** Float in [0, 1). */
  float(): number {
    return (this.rng.next() >>> 0) / 4294967296;
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[items.length === 1 ? 0 : this.int(0, items.length - 1)]!;
  }

  /** Picks `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) {
      out.push(pool.splice(this.int(0, pool.length - 1), 1)[0]!);
    }
    return out;
  }
}

class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    let sum = 0;
    for (const weight of weights) this.cumulative.push((sum += weight));
    this.total = sum;
  }

  static of<T>(pairs: readonly (readonly [T, number])[]): Weighted<T> {
    return new Weighted(
      pairs.map(([item]) => item),
      pairs.map(([, weight]) => weight),
    );
  }

  get empty(): boolean {
    return this.items.length === 0 || this.total <= 0;
  }

  pick(random: Random): T {
    const target = random.float() * this.total;
    for (let index = 0; index < this.cumulative.length; index++) {
      if (target < this.cumulative[index]!) return this.items[index]!;
    }
    return this.items[this.items.length - 1]!;
  }
}

// ---------------------------------------------------------------------------------------------------
// Mix of the 2012 catalogue

/** Digital textbooks 60 %, educational multimedia 31.6 %, reference 1.8 %, homework 4.6 %, other 2 %. */
const familyMix = Weighted.of<Family>([
  ['textbook', 60],
  ['multimedia', 31.6],
  ['reference', 1.8],
  ['homework', 4.6],
  ['other', 2],
]);

/** Main stage; overlaps (cycle 3, 3e–2de, LGT–LP…) bring the shares to the report's 22/44/29/19/7 %. */
const stageMix = Weighted.of<Stage>([
  ['primary', 20],
  ['college', 40],
  ['lgt', 22.5],
  ['lp', 15],
  ['bts', 6.2],
]);

/** Share of free resources by family: about 36 % overall. */
const freeShareByFamily: Record<Family, number> = {
  textbook: 0.18,
  multimedia: 0.65,
  reference: 0.55,
  homework: 0.45,
  other: 0.85,
};

/** Probability that a resource of a stage also covers the neighbouring stage. */
const overlapByStage: Record<Stage, number> = { primary: 0.55, college: 0.4, lgt: 0.5, lp: 0.5, bts: 0.5 };

const disciplineMix = Object.fromEntries(
  Object.entries(disciplinesByStage).map(([stage, pairs]) => [stage, Weighted.of(pairs)]),
) as Record<Stage, Weighted<DisciplineKey>>;

const RARELY_TEXTBOOKS: ReadonlySet<DisciplineKey> = new Set(['ap', 'mu', 'eps', 'doc']);

const disciplineKeyByCode = new Map(
  (Object.entries(disciplineCodes) as [DisciplineKey, string][]).map(([key, code]) => [code, key]),
);

interface ThemeInfo {
  code: string;
  label: string;
  text: (typeof themeTexts)[string];
  disciplines: DisciplineKey[];
}

const themeInfos: ThemeInfo[] = themeVocabulary.map((theme) => {
  const text = themeTexts[theme.code];
  if (!text) throw new Error(`No demo texts for theme ${theme.code}`);
  return {
    code: theme.code,
    label: theme.label,
    text,
    disciplines: theme.disciplines.map((code) => disciplineKeyByCode.get(code)!).filter(Boolean),
  };
});

const themesByDiscipline = new Map<DisciplineKey, Weighted<ThemeInfo>>();
for (const key of Object.keys(disciplineCodes) as DisciplineKey[]) {
  const related = themeInfos.filter((theme) => theme.disciplines.includes(key));
  themesByDiscipline.set(
    key,
    new Weighted(
      related,
      related.map((theme) => theme.text.weight ?? 1),
    ),
  );
}

const classByShort = new Map<string, LevelText>();
for (const stage of Object.keys(classesByStage) as Stage[]) {
  for (const level of classesByStage[stage]) classByShort.set(level.short, level);
}
const cls = (short: string): LevelText => classByShort.get(short)!;

// ---------------------------------------------------------------------------------------------------
// Caches of candidates

const producerCache = new Map<string, Weighted<ProducerProfile>>();

function producerCandidates(family: Family, free: boolean, stage: Stage, discipline: DisciplineKey) {
  const key = `${family}|${free}|${stage}|${discipline}`;
  let found = producerCache.get(key);
  if (!found) {
    const weigh = (profile: ProducerProfile, strict: boolean): number => {
      const familyWeight = profile.families[family] ?? 0;
      const costWeight = free ? profile.freeShare : 1 - profile.freeShare;
      if (familyWeight <= 0 || costWeight <= 0) return 0;
      if (strict && !profile.stages.includes(stage)) return 0;
      if (strict && profile.disciplines && !profile.disciplines.includes(discipline)) return 0;
      return profile.weight * familyWeight * costWeight;
    };
    found = new Weighted(
      producerProfiles,
      producerProfiles.map((profile) => weigh(profile, true)),
    );
    // Never happens with the current profiles (Réseau Canopé and the platforms cover everything).
    if (found.empty)
      found = new Weighted(
        producerProfiles,
        producerProfiles.map((profile) => weigh(profile, false)),
      );
    producerCache.set(key, found);
  }
  return found;
}

const topicCache = new Map<string, readonly Topic[]>();

function topicsFor(theme: ThemeInfo, discipline: DisciplineKey, stage: Stage): readonly Topic[] {
  const key = `${theme.code}|${discipline}|${stage}`;
  let found = topicCache.get(key);
  if (!found) {
    const all = theme.text.topics;
    const fits = (topic: Topic, checkStage: boolean) =>
      (!topic.d || topic.d.includes(discipline)) && (!checkStage || !topic.s || topic.s.includes(stage));
    found = all.filter((topic) => fits(topic, true));
    if (found.length === 0) found = all.filter((topic) => fits(topic, false));
    if (found.length === 0) found = all;
    topicCache.set(key, found);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------
// Dates

const FIRST_DAY = Date.UTC(2009, 0, 1);
const LAST_DAY = Date.UTC(2026, 9, 31);
const DAY_MS = 86_400_000;
const dayStrings: string[] = [];
for (let time = FIRST_DAY; time <= LAST_DAY; time += DAY_MS) {
  dayStrings.push(new Date(time).toISOString().slice(0, 10));
}
const DAY_COUNT = dayStrings.length;

// ---------------------------------------------------------------------------------------------------
// Levels

interface LevelChoice {
  entries: LevelText[];
  /** For titles: '4e', 'cycle 4', 'CM1-CM2', 'CAP'. */
  short: string;
  /** For sentences: 'les élèves de quatrième'. */
  audience: string;
}

const LP_OF_LGT: Record<string, string> = { '2de': '2de bac pro', '1re': '1re bac pro', Tle: 'Tle bac pro' };
const LGT_OF_LP: Record<string, string> = {
  '2de bac pro': '2de',
  '1re bac pro': '1re',
  'Tle bac pro': 'Tle',
};

function chooseLevels(
  random: Random,
  family: Family,
  stage: Stage,
  discipline: DisciplineKey,
  theme: ThemeInfo,
  examPrep: boolean,
): LevelChoice {
  const classes = classesByStage[stage];
  let entries: LevelText[];
  const singleShare = family === 'textbook' ? 0.86 : family === 'homework' ? 0.75 : 0.45;
  const groupShare = family === 'textbook' ? 0.06 : 0.15;
  const roll = random.float();

  if (discipline === 'philo') {
    entries = [cls('Tle')];
  } else if (examPrep) {
    entries = [
      stage === 'college'
        ? cls('3e')
        : stage === 'lgt'
          ? cls(random.chance(0.6) ? 'Tle' : '1re')
          : stage === 'lp'
            ? cls(random.chance(0.5) ? 'CAP 2e année' : 'Tle bac pro')
            : stage === 'bts'
              ? cls('BTS 2e année')
              : random.pick(classes),
    ];
  } else if (
    family === 'textbook' &&
    stage === 'college' &&
    scienceDisciplines.has(discipline) &&
    random.chance(0.4)
  ) {
    entries = [groupTexts.cycle4];
  } else if (roll < singleShare) {
    const hints = theme.text.classHints?.[stage];
    if (hints && random.chance(0.75)) entries = [cls(random.pick(hints))];
    else if (stage === 'bts' && family === 'textbook' && random.chance(0.5)) entries = [...classes];
    else if (stage === 'lp' && random.chance(0.25)) {
      entries = random.chance(0.5) ? classes.slice(0, 2) : [cls('1re bac pro'), cls('Tle bac pro')];
    } else entries = [random.pick(classes)];
  } else if (roll < singleShare + groupShare) {
    entries = [
      stage === 'primary'
        ? random.chance(0.6)
          ? groupTexts.cycle2
          : groupTexts.cycle3
        : stage === 'college'
          ? random.chance(0.85)
            ? groupTexts.cycle4
            : groupTexts.cycle3
          : stage === 'lgt'
            ? groupTexts.lgt
            : stage === 'lp'
              ? groupTexts.lp
              : groupTexts.bts,
    ];
  } else {
    const length = Math.min(classes.length, family === 'textbook' ? 2 : random.int(2, 3));
    const start = random.int(0, classes.length - length);
    entries = classes.slice(start, start + length);
  }

  // Overlap with the neighbouring stage (cycle 3 across école and collège, 3e–2de, LGT–LP, Tle–BTS).
  const overlap = overlapByStage[stage] * (family === 'textbook' ? 0.15 : 1);
  if (discipline !== 'philo' && !examPrep && random.chance(overlap)) {
    const first = entries[0]!;
    const last = entries[entries.length - 1]!;
    let extra: LevelText | undefined;
    if (stage === 'primary') extra = last.short === 'CM1' || last.short === 'CM2' ? cls('6e') : undefined;
    else if (stage === 'college') {
      if (first.short === '6e' || first.code === groupTexts.cycle3.code) extra = cls('CM2');
      else if (last.short === '3e' || last.code === groupTexts.cycle4.code) extra = cls('2de');
    } else if (stage === 'lgt') {
      extra =
        first.code === groupTexts.lgt.code
          ? groupTexts.lp
          : random.chance(0.8)
            ? cls(LP_OF_LGT[first.short] ?? '2de bac pro')
            : cls('BTS 1re année');
    } else if (stage === 'lp') {
      extra = first.code === groupTexts.lp.code ? groupTexts.lgt : cls(LGT_OF_LP[last.short] ?? '2de');
    } else extra = cls('Tle');
    if (extra && !entries.some((entry) => entry.code === extra.code)) {
      entries =
        extra.stage === 'primary' || (stage === 'lgt' && extra.short === '2de')
          ? [extra, ...entries]
          : [...entries, extra];
    }
  }
  const short = levelShort(entries);
  return { entries, short, audience: levelAudience(entries, short) };
}

const STAGE_LABELS: Record<Stage, string> = {
  primary: 'école',
  college: 'collège',
  lgt: 'lycée',
  lp: 'lycée professionnel',
  bts: 'BTS',
};

function levelShort(entries: readonly LevelText[]): string {
  if (entries.length === 1) return entries[0]!.short;
  const shorts = entries.map((entry) => entry.short);
  const joined = shorts.join('|');
  if (joined === 'CAP 1re année|CAP 2e année') return 'CAP';
  if (joined === 'BTS 1re année|BTS 2e année') return 'BTS';
  if (joined === '2de bac pro|1re bac pro|Tle bac pro') return 'bac pro';
  if (joined === '1re bac pro|Tle bac pro') return '1re et Tle bac pro';
  if (joined === 'CP|CE1|CE2') return 'cycle 2';
  if (joined === 'CM1|CM2|6e') return 'cycle 3';
  if (joined === '5e|4e|3e') return 'cycle 4';
  if (entries.length >= 3) {
    const stagesCovered = new Set(entries.map((entry) => entry.stage));
    if (stagesCovered.size > 1) {
      if (stagesCovered.has('lgt') && stagesCovered.has('lp')) stagesCovered.delete('lp');
      return joinFrench([...stagesCovered].map((stage) => STAGE_LABELS[stage]));
    }
  }
  return shorts.some((short) => short.includes(' ')) ? shorts.join(' / ') : shorts.join('-');
}

function joinFrench(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} et ${parts[parts.length - 1]!}`;
}

const GROUP_AUDIENCES: Record<string, string> = {
  CAP: 'les élèves de CAP',
  BTS: 'les étudiants de BTS',
  'bac pro': 'les élèves de baccalauréat professionnel',
  '1re et Tle bac pro': 'les élèves de première et terminale professionnelles',
  'cycle 2': 'les élèves du cycle 2',
  'cycle 3': 'les élèves du cycle 3',
  'cycle 4': 'les élèves du cycle 4',
};

function levelAudience(entries: readonly LevelText[], short: string): string {
  if (entries.length === 1 && entries[0]!.audience) return entries[0]!.audience;
  if (entries.length > 1 && GROUP_AUDIENCES[short]) return GROUP_AUDIENCES[short];
  const who = entries.every((entry) => entry.stage === 'bts') ? 'les étudiants' : 'les élèves';
  return `${who} de ${joinFrench(entries.map((entry) => entry.long))}`;
}

// ---------------------------------------------------------------------------------------------------
// Types, formats, devices

type Kind =
  | 'textbook'
  | 'animation'
  | 'simulation'
  | 'exercise'
  | 'game'
  | 'reference'
  | 'exam'
  | 'selfAssessment'
  | 'activity'
  | 'scenario'
  | 'lecture'
  | 'tool';

const TYPE = {
  textbook: 'scolomfr-voc-010-num-014',
  animation: 'scolomfr-voc-010-num-001',
  simulation: 'simulation',
  exercise: 'exercise',
  game: 'scolomfr-voc-010-num-013',
  reference: 'scolomfr-voc-010-num-015',
  exam: 'scolomfr-voc-010-num-0082',
  activity: 'scolomfr-voc-010-num-027',
  scenario: 'scolomfr-voc-010-num-020',
  lecture: 'lecture',
  tool: 'scolomfr-voc-010-num-017',
  selfAssessment: 'self_assessment',
} as const;

const FORMAT = {
  online: 'scolomfr-voc-046-num-001',
  download: 'scolomfr-voc-046-num-003',
  physical: 'scolomfr-voc-046-num-002',
} as const;

const multimediaMix = Weighted.of<Kind>([
  ['animation', 32],
  ['simulation', 18],
  ['exercise', 32],
  ['game', 18],
]);
const otherMix = Weighted.of<Kind>([
  ['activity', 30],
  ['scenario', 30],
  ['lecture', 25],
  ['tool', 15],
]);
const SIMULATION_DISCIPLINES: ReadonlySet<DisciplineKey> = new Set([
  'pc',
  'svt',
  'techno',
  'sci',
  'ma',
  'ses',
  'hg',
]);

function chooseKind(random: Random, family: Family, stage: Stage, discipline: DisciplineKey): Kind {
  switch (family) {
    case 'textbook':
      return 'textbook';
    case 'reference':
      return 'reference';
    case 'homework':
      return stage !== 'primary' && random.chance(0.65) ? 'exam' : 'selfAssessment';
    case 'other':
      return otherMix.pick(random);
    case 'multimedia': {
      const kind = multimediaMix.pick(random);
      return kind === 'simulation' && !SIMULATION_DISCIPLINES.has(discipline) ? 'animation' : kind;
    }
  }
}

function typesOf(random: Random, kind: Kind): string[] {
  const types: string[] = [TYPE[kind]];
  if (kind === 'textbook' && random.chance(0.1)) types.push(TYPE.exercise);
  else if ((kind === 'animation' || kind === 'simulation' || kind === 'game') && random.chance(0.22))
    types.push(TYPE.exercise);
  else if (kind === 'exercise' && random.chance(0.15)) types.push(TYPE.animation);
  else if (kind === 'exam' && random.chance(0.35)) types.push(TYPE.selfAssessment);
  else if (kind === 'selfAssessment' && random.chance(0.4)) types.push(TYPE.exercise);
  else if (kind === 'scenario' && random.chance(0.3)) types.push(TYPE.activity);
  return types;
}

/** Online 34.6 %, downloadable 35.8 %, physical media 24 % over the catalogue; physical media are sold. */
const freeFormatMix = Weighted.of<keyof typeof FORMAT>([
  ['online', 50],
  ['download', 50],
]);
const paidFormatMix = Weighted.of<keyof typeof FORMAT>([
  ['online', 26],
  ['download', 29],
  ['physical', 35],
]);

function formatsOf(random: Random, free: boolean): (keyof typeof FORMAT)[] {
  const main = (free ? freeFormatMix : paidFormatMix).pick(random);
  if (random.chance(free ? 0.08 : 0.05)) {
    const second = main === 'online' ? 'download' : main === 'download' ? 'online' : 'download';
    return [main, second];
  }
  return [main];
}

function devicesOf(random: Random, kind: Kind, formats: readonly (keyof typeof FORMAT)[]): string[] {
  const online = formats.includes('online');
  const offline = formats.includes('download') || formats.includes('physical');
  const devices: string[] = [];
  if (!online || random.chance(0.95)) devices.push('computer');
  if (random.chance(online ? 0.65 : formats.includes('download') ? 0.4 : 0.05)) devices.push('tablet');
  const whiteboard =
    kind === 'animation' || kind === 'simulation'
      ? 0.7
      : kind === 'textbook'
        ? 0.5
        : kind === 'lecture' || kind === 'scenario' || kind === 'activity'
          ? 0.3
          : 0.15;
  if (random.chance(whiteboard)) devices.push('whiteboard');
  if (offline) devices.push('offline');
  if (online && random.chance(kind === 'exam' || kind === 'selfAssessment' || kind === 'game' ? 0.5 : 0.15))
    devices.push('smartphone');
  if (devices.length === 0) devices.push('computer');
  return devices;
}

// ---------------------------------------------------------------------------------------------------
// Titles and descriptions

interface TextContext {
  /** Topic, title case, and mid-sentence. */
  T: string;
  t: string;
  /** Other topics of the theme, mid-sentence (may repeat t when the theme has few). */
  t2: string;
  t3: string;
  /** Whether t2 and t3 are other topics than t. */
  more: boolean;
  /** Discipline title ('Physique-chimie'), mid-sentence ('physique-chimie'), with "de" ('de physique-chimie'). */
  D: string;
  d: string;
  of: string;
  /** Title of history-geography resources on the theme ('Histoire'), else D. */
  H: string;
  C: string;
  audience: string;
  word: string;
  themeLabel: string;
  coll: string | null;
  year: number;
  n: number;
  stage: Stage;
  science: boolean;
  hg: boolean;
  history: boolean;
  language: string | null;
  free: boolean;
  /** Written by an association or by teachers: a free, collaborative textbook. */
  community: boolean;
  interdisciplinary: boolean;
}

type Template = (c: TextContext) => string | null;

const LANGUAGE_ADJECTIVE: Record<string, string> = {
  en: 'anglais',
  de: 'allemand',
  es: 'espagnol',
  it: 'italien',
};

const titleTemplates: Record<Kind, readonly Template[]> = {
  textbook: [
    (c) => `${c.D} ${c.C} — manuel numérique enrichi`,
    (c) => `${c.D} ${c.C} : manuel numérique de l’élève`,
    (c) => `${c.D} ${c.C} — manuel vidéoprojetable`,
    (c) => (c.coll ? `${c.coll} — ${c.D} ${c.C}` : null),
    (c) => (c.coll ? `${c.D} ${c.C}, collection ${c.coll} — édition ${c.year}` : null),
    (c) => `Manuel numérique ${c.of}, ${c.C}`,
    (c) => (c.community ? `${c.D} ${c.C} — manuel libre et collaboratif` : null),
    (c) => (c.language && c.coll ? `${c.coll} ${c.C} — ${c.D}` : null),
  ],
  animation: [
    (c) => `${c.T} : animations interactives`,
    (c) => (c.science ? `${c.T} en 3D` : null),
    (c) => `Comprendre ${c.t} en animations`,
    (c) => (c.science || c.D === 'Mathématiques' ? `${c.D} ${c.C} : ${c.t} en schémas animés` : null),
    (c) => `${c.T} en vidéos`,
    (c) => `${c.T} — vidéos et quiz`,
    (c) => (c.hg ? `${c.H} ${c.C} : ${c.t} en cartes animées` : null),
    (c) => `${c.T} : ${c.n} capsules vidéo pour la classe`,
  ],
  simulation: [
    (c) => `${c.T} : simulation interactive`,
    (c) => `Simulateur : ${c.t}`,
    (c) => (c.science ? `Laboratoire virtuel : ${c.t}` : null),
    (c) => (c.science ? `${c.T} : expériences simulées` : null),
    (c) => `${c.T} : maquette interactive`,
  ],
  exercise: [
    (c) => `${c.D} ${c.C} : exercices interactifs sur ${c.t}`,
    (c) => `${c.T} : exerciseur autocorrectif`,
    (c) => `${c.D} ${c.C} : fichier d’exercices autocorrectifs`,
    (c) => `${c.T} — ${c.n} exercices progressifs`,
    (c) => `Exercices en ligne ${c.of} — ${c.C}`,
  ],
  game: [
    (c) => `${c.T} : le jeu sérieux`,
    (c) => `Escape game : ${c.t}`,
    (c) => `Le grand quiz : ${c.t}`,
    (c) => `${c.T} : jeu éducatif pour la classe`,
    (c) => `Mission ${c.word} : un jeu d’enquête en ${c.C}`,
  ],
  reference: [
    (c) => (c.language ? `Dictionnaire bilingue français-${LANGUAGE_ADJECTIVE[c.language]}` : null),
    (c) => (c.stage === 'primary' || c.stage === 'college' ? `Encyclopédie junior : ${c.t}` : null),
    (c) => (c.hg && !c.history ? `Atlas interactif : ${c.t}` : null),
    (c) => `Banque d’images et de vidéos : ${c.t}`,
    (c) => `Dictionnaire illustré ${c.of}`,
    (c) => `Glossaire interactif ${c.of} — ${c.C}`,
    (c) => (c.history ? `Frise chronologique interactive : ${c.t}` : null),
    (c) => `${c.T} : dossier documentaire`,
  ],
  exam: [
    (c) => (c.stage === 'college' ? `Objectif brevet : ${c.D}` : null),
    (c) => (c.stage === 'college' ? `Réviser le brevet ${c.of}` : null),
    (c) => (c.stage === 'college' ? `Brevet ${c.D} — annales corrigées et fiches de révision` : null),
    (c) => (c.stage === 'lgt' ? `Objectif bac ${c.D} ${c.C}` : null),
    (c) => (c.stage === 'lgt' ? `${c.D} ${c.C} : sujets de bac corrigés` : null),
    (c) => (c.stage === 'lgt' ? `Réussir l’épreuve ${c.of} au baccalauréat` : null),
    (c) =>
      c.stage === 'lp' ? `${c.C === 'CAP 2e année' ? 'Préparer le CAP' : 'Objectif bac pro'} : ${c.d}` : null,
    (c) => (c.stage === 'lp' ? `${c.D} ${c.C} : entraînement à l’examen` : null),
    (c) => (c.stage === 'bts' ? `BTS — ${c.D} : préparation à l’examen` : null),
    (c) => `${c.T} : fiches de révision et quiz`,
  ],
  selfAssessment: [
    (c) => `${c.D} ${c.C} : je m’entraîne et je m’évalue`,
    (c) => `Autoévaluation ${c.of} — ${c.t}`,
    (c) => `${c.T} : quiz d’autoévaluation`,
    (c) => `${c.T} : ${c.n} tests pour faire le point`,
  ],
  activity: [
    (c) => `Activité de classe : ${c.t}`,
    (c) => (c.science ? `${c.T} : atelier d’investigation` : null),
    (c) => `Enquête en classe : ${c.t}`,
    (c) => `${c.T} : défi pour la classe`,
  ],
  scenario: [
    (c) => `Scénario pédagogique : ${c.t}`,
    (c) => `Séquence clés en main — ${c.t} (${c.C})`,
    (c) => `${c.D} ${c.C} : séquence sur ${c.t}`,
    (c) => (c.interdisciplinary ? `${c.T} : projet interdisciplinaire` : null),
  ],
  lecture: [
    (c) => `${c.T} — cours filmé`,
    (c) => `${c.D} ${c.C} : cours et capsules vidéo sur ${c.t}`,
    (c) => `Cours en ligne : ${c.t}`,
    (c) => `${c.T} : le cours en diaporama`,
  ],
  tool: [
    (c) => `Générateur d’exercices ${c.of}`,
    (c) => `Cahier numérique collaboratif : ${c.t}`,
    (c) => `${c.T} : cartes mentales à compléter`,
    (c) => (c.science || c.D === 'Mathématiques' ? `Tableur pédagogique : ${c.t}` : null),
  ],
};

const openingTemplates: Record<Kind, readonly Template[]> = {
  textbook: [
    (c) =>
      `Version numérique enrichie du manuel ${c.of} pour ${c.audience} : ${c.n} chapitres conformes aux programmes en vigueur, avec vidéos, animations et exercices interactifs.`,
    (c) =>
      `Ce manuel numérique couvre l’ensemble du programme ${c.of} pour ${c.audience}, en ${c.n} chapitres.`,
    (c) =>
      c.coll
        ? `Le manuel ${c.of} de la collection ${c.coll}, enrichi de ressources multimédias et d’exercices autocorrigés.`
        : null,
    (c) =>
      c.community
        ? `Un manuel libre ${c.of}, rédigé par des enseignants et librement modifiable, pour ${c.audience}.`
        : null,
  ],
  animation: [
    (c) => `${c.n} animations interactives pour comprendre ${c.t}, commentées pas à pas.`,
    (c) => `Une série d’animations commentées qui explique ${c.t} à partir d’exemples concrets.`,
    (c) => `Des vidéos courtes et des schémas animés pour découvrir ${c.t}, chacun suivi d’un quiz.`,
  ],
  simulation: [
    (c) =>
      `Une simulation paramétrable pour explorer ${c.t} : les élèves modifient les paramètres, observent les effets et formulent des hypothèses.`,
    (c) =>
      `Un environnement interactif qui reproduit des expériences sur ${c.t}, impossibles ou coûteuses à mener en classe.`,
  ],
  exercise: [
    (c) => `Plus de ${c.n} exercices interactifs autocorrigés sur ${c.t}, classés par niveau de difficulté.`,
    (c) => `Des exercices corrigés pas à pas pour s’entraîner sur ${c.t}, avec des aides graduées.`,
  ],
  game: [
    (c) => `Un jeu éducatif dans lequel les élèves relèvent des défis sur ${c.t}.`,
    (c) =>
      `Un jeu d’enquête en équipes : pour progresser, les élèves mobilisent leurs connaissances sur ${c.t}.`,
  ],
  reference: [
    (c) =>
      `Un ouvrage de référence numérique sur ${c.t}, avec ${c.n} articles illustrés, cartes et documents.`,
    (c) =>
      `Une base documentaire de ${c.n} notices, images et vidéos sur ${c.t}, à citer et à réutiliser en classe.`,
  ],
  exam: [
    (c) =>
      `Fiches de révision, quiz et sujets corrigés pour préparer l’épreuve ${c.of} ${c.stage === 'college' ? 'du brevet' : c.stage === 'lgt' ? 'du baccalauréat' : c.stage === 'bts' ? 'du BTS' : c.C === 'CAP 2e année' ? 'du CAP' : 'du baccalauréat professionnel'}.`,
    (c) => `Un parcours de révision en ${c.n} étapes, des rappels de cours aux sujets d’examen corrigés.`,
  ],
  selfAssessment: [
    (c) =>
      `${c.n} tests d’autoévaluation sur ${c.t} : chaque élève fait le point sur ses acquis et reçoit des conseils personnalisés.`,
    (c) => `Des quiz courts pour vérifier ses connaissances sur ${c.t}, avec correction immédiate.`,
  ],
  activity: [
    (c) => `Une activité clés en main pour aborder ${c.t} par la démarche d’investigation.`,
    (c) => `Une activité de classe sur ${c.t}, avec fiche élève et fiche enseignant.`,
  ],
  scenario: [
    (c) => `Un scénario pédagogique en ${c.n} séances pour aborder ${c.t}, testé en classe.`,
    (c) => `Une séquence complète sur ${c.t} : objectifs, déroulé des séances, traces écrites et évaluation.`,
  ],
  lecture: [
    (c) => `Un cours structuré sur ${c.t}, en courtes capsules vidéo accompagnées d’une synthèse à imprimer.`,
    (c) => `Un diaporama commenté qui présente ${c.t}, suivi d’exercices d’application.`,
  ],
  tool: [
    (c) =>
      `Un outil en ligne qui permet aux élèves de produire, d’organiser et de partager leur travail sur ${c.t}.`,
    (c) => `Un outil simple pour créer des activités sur ${c.t} et les diffuser à la classe.`,
  ],
};

/** Second sentence of a textbook: its opening names no topic. */
const textbookThemeTemplates: readonly Template[] = [
  (c) => (c.more ? `Au programme notamment : ${c.t}, ${c.t2} et ${c.t3}.` : null),
  (c) => `Un accent particulier est mis sur ${c.t}, avec des activités documentaires et des bilans.`,
  (c) =>
    `Les chapitres sur le thème « ${c.themeLabel} » s’appuient sur des documents authentiques et des tâches complexes.`,
];

/** Second sentence of other resources: their opening already names the main topic. */
const themeTemplates: readonly Template[] = [
  (c) => (c.more ? `Au programme également : ${c.t2} et ${c.t3}.` : null),
  (c) => `Une ressource pour travailler le thème « ${c.themeLabel} » en ${c.d}.`,
  (c) => (c.more ? `Les élèves y abordent aussi ${c.t2}.` : null),
];

const levelTemplates: readonly Template[] = [
  (c) => `Ressource conçue pour ${c.audience}.`,
  (c) => `Adaptée ${toAudience(c.audience)}, en classe comme à la maison.`,
  (c) => `Pour ${c.audience}, en classe entière ou en petits groupes.`,
];

/** 'les élèves de 4e' → 'aux élèves de 4e'. */
function toAudience(audience: string): string {
  return audience.startsWith('les ') ? `aux ${audience.slice(4)}` : `à ${audience}`;
}

function fill(random: Random, templates: readonly Template[], context: TextContext): string {
  for (let attempt = 0; attempt < 6; attempt++) {
    const text = random.pick(templates)(context);
    if (text) return text;
  }
  for (const template of templates) {
    const text = template(context);
    if (text) return text;
  }
  throw new Error('No template applies');
}

const kindKeywords: Record<Kind, readonly string[]> = {
  textbook: ['manuel numérique', 'manuel scolaire'],
  animation: ['animation', 'vidéo'],
  simulation: ['simulation', 'modélisation'],
  exercise: ['exercices interactifs', 'entraînement'],
  game: ['jeu sérieux', 'jeu éducatif'],
  reference: ['dictionnaire', 'documentation'],
  exam: ['révisions', 'examen'],
  selfAssessment: ['autoévaluation', 'quiz'],
  activity: ['démarche d’investigation', 'activité'],
  scenario: ['séquence', 'scénario pédagogique'],
  lecture: ['cours', 'capsule vidéo'],
  tool: ['outil numérique', 'création'],
};

function pushUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

function capitalise(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

function lowerTitle(title: string): string {
  return title.length > 1 && title[1] === title[1]!.toLowerCase()
    ? title[0]!.toLowerCase() + title.slice(1)
    : title;
}

// ---------------------------------------------------------------------------------------------------
// Offers

interface OfferSpec {
  kind: 'single-seat' | 'multi-seat' | 'class' | 'establishment';
  label: string;
  /** A pupil's own licence or subscription: never shipped on a physical medium. */
  personal?: boolean;
  seats?: readonly number[];
  durations: readonly (number | null)[];
  /** Price range in euros (for multi-seat: for 30 seats). */
  min: number;
  max: number;
  weight: number;
}

const offerSpecs: Record<Family, readonly OfferSpec[]> = {
  textbook: [
    {
      kind: 'single-seat',
      label: 'Licence élève',
      personal: true,
      durations: [12, 12, 12, 24, 36],
      min: 8,
      max: 30,
      weight: 35,
    },
    {
      kind: 'single-seat',
      label: 'Licence enseignant — manuel vidéoprojetable',
      durations: [null, null, 12, 36],
      min: 20,
      max: 90,
      weight: 25,
    },
    {
      kind: 'multi-seat',
      label: 'Licence multiposte',
      seats: [30, 30, 35],
      durations: [12, 36, null],
      min: 120,
      max: 300,
      weight: 20,
    },
    {
      kind: 'establishment',
      label: 'Licence établissement',
      durations: [12, 36, 36],
      min: 150,
      max: 900,
      weight: 20,
    },
  ],
  multimedia: [
    { kind: 'single-seat', label: 'Licence monoposte', durations: [null, 12], min: 5, max: 60, weight: 30 },
    {
      kind: 'multi-seat',
      label: 'Licence multiposte',
      seats: [5, 10, 15, 30],
      durations: [null, 12, 36],
      min: 30,
      max: 200,
      weight: 30,
    },
    { kind: 'class', label: 'Licence classe 30 élèves', durations: [12], min: 20, max: 150, weight: 15 },
    {
      kind: 'establishment',
      label: 'Licence établissement',
      durations: [12, 24, 36],
      min: 60,
      max: 200,
      weight: 25,
    },
  ],
  reference: [
    {
      kind: 'single-seat',
      label: 'Abonnement individuel',
      personal: true,
      durations: [12],
      min: 10,
      max: 40,
      weight: 40,
    },
    {
      kind: 'multi-seat',
      label: 'Licence multiposte',
      seats: [10, 30],
      durations: [12, null],
      min: 40,
      max: 150,
      weight: 25,
    },
    {
      kind: 'establishment',
      label: 'Abonnement établissement',
      durations: [12, 36],
      min: 60,
      max: 250,
      weight: 35,
    },
  ],
  homework: [
    {
      kind: 'single-seat',
      label: 'Abonnement élève',
      personal: true,
      durations: [12],
      min: 5,
      max: 30,
      weight: 40,
    },
    { kind: 'class', label: 'Licence classe 35 élèves', durations: [12], min: 30, max: 120, weight: 30 },
    {
      kind: 'establishment',
      label: 'Licence établissement',
      durations: [12, 24],
      min: 80,
      max: 200,
      weight: 30,
    },
  ],
  other: [
    { kind: 'single-seat', label: 'Licence monoposte', durations: [null, 12], min: 10, max: 60, weight: 50 },
    {
      kind: 'establishment',
      label: 'Licence établissement',
      durations: [12, 36],
      min: 40,
      max: 150,
      weight: 50,
    },
  ],
};

const offerCountMix = Weighted.of<number>([
  [1, 30],
  [2, 40],
  [3, 30],
]);

function durationLabel(months: number | null): string {
  if (months === null) return 'sans limite de durée';
  return months === 12 ? '1 an' : `${months / 12} ans`;
}

/** Euros to plausible cents: 14,90 €, 45 €, 249 €, 270 €. */
function plausiblePrice(random: Random, euros: number): number {
  if (euros < 20) return Math.max(1, Math.round(euros)) * 100 - (random.chance(0.6) ? 10 : 0);
  if (euros < 100) return Math.round(euros / 5) * 500 - (random.chance(0.5) ? 10 : 0);
  return Math.round(euros / 10) * 1000 - (random.chance(0.5) ? 100 : 0);
}

interface HistoryItem {
  identifier: string;
  stage: Stage;
  textbook: boolean;
  shippedOnly: boolean;
  referenceCents: number;
}

const HISTORY_SIZE = 8;

// ---------------------------------------------------------------------------------------------------
// The generator

interface GeneratorState {
  random: Random;
  history: Map<string, HistoryItem[]>;
}

export function* generateDemoCatalogue(
  count: number,
  seed: number = DEFAULT_DEMO_SEED,
): Generator<{ resource: DemoResource; offers: DemoOffer[] }> {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`count must be a non-negative integer: ${count}`);
  const state: GeneratorState = { random: new Random(xoroshiro128plus(seed | 0)), history: new Map() };
  for (let index = 0; index < count; index++) yield generateItem(state, index);
}

function generateItem(state: GeneratorState, index: number): { resource: DemoResource; offers: DemoOffer[] } {
  const { random } = state;
  const identifier = `ccr-${String(index + 1).padStart(7, '0')}`;

  const family = familyMix.pick(random);
  const stage = stageMix.pick(random);
  let discipline = disciplineMix[stage].pick(random);
  // Arts, music, PE and media education have hardly any textbooks: draw again (at most twice).
  for (let retry = 0; retry < 2 && family === 'textbook' && RARELY_TEXTBOOKS.has(discipline); retry++) {
    discipline = disciplineMix[stage].pick(random);
  }
  const free = random.chance(freeShareByFamily[family]);
  const producer = producerCandidates(family, free, stage, discipline).pick(random);
  const kind = chooseKind(random, family, stage, discipline);

  // Disciplines and themes: the main theme drives every text; a few resources are interdisciplinary.
  const theme = themesByDiscipline.get(discipline)!.pick(random);
  const disciplineKeys: DisciplineKey[] = [discipline];
  if (random.chance(0.12)) {
    const stageDisciplines = disciplineMix[stage].items;
    // Never two modern languages together: a resource teaches one foreign language.
    const others = theme.disciplines.filter(
      (key) =>
        key !== discipline &&
        stageDisciplines.includes(key) &&
        !(disciplineTexts[key].language && disciplineTexts[discipline].language),
    );
    if (others.length > 0) disciplineKeys.push(random.pick(others));
  }
  const themeCodes = [theme.code];
  if (random.chance(0.25)) {
    const related = themeInfos.filter(
      (candidate) => candidate !== theme && candidate.disciplines.some((key) => disciplineKeys.includes(key)),
    );
    if (related.length > 0) themeCodes.push(random.pick(related).code);
  }

  const level = chooseLevels(random, family, stage, discipline, theme, kind === 'exam');
  const topics = topicsFor(theme, discipline, stage);
  const [topic, second, third] = random.sample(topics, 3);
  const types = typesOf(random, kind);
  const formatKeys = formatsOf(random, free);
  const formats = formatKeys.map((key) => FORMAT[key]);
  const devices = devicesOf(random, kind, formatKeys);
  const shippedOnly = formatKeys.length === 1 && formatKeys[0] === 'physical';
  const medium = formatKeys.includes('physical') ? random.pick(physicalMedia) : null;

  const publishedIndex = random.chance(0.4)
    ? Math.max(random.int(0, DAY_COUNT - 1), random.int(0, DAY_COUNT - 1))
    : random.int(0, DAY_COUNT - 1);
  const updatedIndex = random.chance(0.35)
    ? publishedIndex
    : Math.min(DAY_COUNT - 1, publishedIndex + random.int(1, 2200));
  const publishedOn = dayStrings[publishedIndex]!;
  const updatedOn = dayStrings[updatedIndex]!;

  // Texts.
  const disciplineText = disciplineTexts[discipline];
  const stageText = disciplineText.byStage?.[stage];
  const D = stageText?.title ?? disciplineText.title;
  const language = disciplineText.language ?? null;
  const collections =
    language && producer.collections ? languageCollections[language] : (producer.collections ?? null);
  const topicTitle = topic!.t;
  const context: TextContext = {
    T: topicTitle,
    t: midSentence(topicTitle),
    t2: midSentence((second ?? topic!).t),
    t3: midSentence((third ?? second ?? topic!).t),
    more: third !== undefined,
    D,
    d: lowerTitle(D),
    of: stageText?.of ?? disciplineText.of,
    H: discipline === 'hg' && stage !== 'primary' ? (theme.text.hgTitle ?? D) : D,
    C: level.short,
    audience: level.audience,
    word: theme.text.word,
    themeLabel: theme.label,
    coll: collections ? random.pick(collections) : null,
    year: Number(publishedOn.slice(0, 4)),
    n: 0,
    stage,
    science: scienceDisciplines.has(discipline),
    hg: discipline === 'hg',
    history: discipline === 'hg' && theme.text.hgTitle === 'Histoire',
    language,
    free,
    community: free && (producer.kind === 'collaborative' || producer.kind === 'teacher'),
    interdisciplinary: disciplineKeys.length > 1,
  };
  context.n =
    kind === 'textbook'
      ? random.int(8, 16)
      : kind === 'exercise'
        ? random.int(5, 40) * 10
        : kind === 'reference'
          ? random.int(12, 90) * 10
          : kind === 'scenario' || kind === 'exam'
            ? random.int(3, 8)
            : random.int(6, 30);
  const title = capitalise(fill(random, titleTemplates[kind], context));

  const sentences = [fill(random, openingTemplates[kind], context)];
  if (random.chance(0.8)) {
    sentences.push(fill(random, kind === 'textbook' ? textbookThemeTemplates : themeTemplates, context));
  }
  if (medium && random.chance(0.7)) {
    sentences.push(`Disponible sur ${medium} : aucune connexion à Internet n’est nécessaire en classe.`);
  } else if (producer.academy && random.chance(0.7)) {
    sentences.push(
      `Ressource conçue et testée en classe par des enseignants de l’académie de ${producer.academy}.`,
    );
  } else if (random.chance(0.6)) {
    const pool =
      devices.includes('whiteboard') && random.chance(0.4)
        ? whiteboardSentences
        : devices.includes('offline') && random.chance(0.3)
          ? offlineSentences
          : devices.includes('tablet') && random.chance(0.3)
            ? tabletSentences
            : classroomSentences;
    sentences.push(random.pick(pool));
  }
  if (sentences.length < 4 && (sentences.length < 2 || random.chance(0.5))) {
    sentences.push(fill(random, levelTemplates, context));
  }
  const description = sentences.join(' ');

  const keywords: string[] = [theme.text.word];
  for (const keyword of random.sample(theme.text.keywords, random.int(1, 2))) pushUnique(keywords, keyword);
  if (random.chance(0.7)) pushUnique(keywords, random.pick(disciplineText.keywords));
  if (random.chance(0.4)) pushUnique(keywords, random.pick(kindKeywords[kind]));
  if (themeCodes.length > 1) pushUnique(keywords, themeTexts[themeCodes[1]!]!.word);
  while (keywords.length < 3) pushUnique(keywords, random.pick(theme.text.keywords));
  keywords.length = Math.min(keywords.length, 6);

  // People and provenance.
  const authorCount =
    kind === 'textbook' ? random.int(2, 6) : kind === 'reference' ? random.int(1, 4) : random.int(1, 3);
  const authors: string[] = [];
  if (producer.team && random.chance(0.4)) authors.push(producer.team);
  else {
    for (let author = 0; author < authorCount; author++) {
      pushUnique(authors, `${random.pick(firstNames)} ${random.pick(lastNames)}`);
    }
  }
  const languages = ['fr'];
  for (const key of disciplineKeys) {
    const taught = disciplineTexts[key].language;
    if (taught) pushUnique(languages, taught);
  }
  const licence = free ? random.pick(producer.freeLicences) : 'proprietary';
  const accessibility = random.chance(0.35) ? '' : random.pick(accessibilityNotes);
  const section = family === 'textbook' ? 'manuels' : family === 'reference' ? 'references' : 'ressources';
  const demoUrl =
    (shippedOnly && random.chance(0.5)) || (producer.kind === 'teacher' && random.chance(0.3))
      ? null
      : `https://demo.${producer.domain}.example/${section}/${identifier}`;
  const origin: DemoResource['origin'] =
    producer.kind === 'teacher'
      ? 'teacher'
      : producer.kind === 'public'
        ? random.chance(0.7)
          ? 'harvested'
          : 'publisher'
        : producer.kind === 'collaborative'
          ? random.chance(0.8)
            ? 'harvested'
            : 'publisher'
          : 'publisher';

  const resource: DemoResource = {
    identifier,
    title,
    description,
    keywords,
    producerCode: producer.code,
    authors,
    languages,
    levels: level.entries.map((entry) => entry.code),
    disciplines: disciplineKeys.map((key) => disciplineCodes[key]),
    themes: themeCodes,
    types,
    formats,
    devices,
    cost: free ? 'no' : 'yes',
    licence,
    accessibility,
    demoUrl,
    publishedOn,
    updatedOn,
    origin,
  };

  const offers = free
    ? [freeOffer(producer, identifier, publishedOn, formatKeys)]
    : paidOffers(state, {
        producer,
        identifier,
        family,
        stage,
        discipline,
        publishedOn,
        formatKeys,
        medium,
        shippedOnly,
      });
  return { resource, offers };
}

function freeOffer(
  producer: ProducerProfile,
  identifier: string,
  publishedOn: string,
  formatKeys: readonly (keyof typeof FORMAT)[],
): DemoOffer {
  return {
    producerCode: producer.code,
    label:
      formatKeys.length === 1 && formatKeys[0] === 'download'
        ? 'Téléchargement libre et gratuit'
        : 'Accès libre et gratuit',
    priceCents: 0,
    tariff: 'normal',
    licenceKind: 'open',
    seats: null,
    durationMonths: null,
    delivery: 'access-url',
    eligibility: [],
    validFrom: publishedOn,
    validUntil: null,
    resourceIdentifiers: [identifier],
  };
}

interface PaidContext {
  producer: ProducerProfile;
  identifier: string;
  family: Family;
  stage: Stage;
  discipline: DisciplineKey;
  publishedOn: string;
  formatKeys: readonly (keyof typeof FORMAT)[];
  medium: string | null;
  shippedOnly: boolean;
}

const SCHOOL_YEAR_ENDS = ['2027-08-31', '2028-08-31'];

function paidOffers(state: GeneratorState, paid: PaidContext): DemoOffer[] {
  const { random } = state;
  const specs = paid.shippedOnly
    ? offerSpecs[paid.family].filter((spec) => !spec.personal)
    : offerSpecs[paid.family];
  const wanted = Math.min(specs.length, offerCountMix.pick(random));
  const chosen: OfferSpec[] = [];
  const pool = [...specs];
  while (chosen.length < wanted) {
    const spec = new Weighted(
      pool,
      pool.map((candidate) => candidate.weight),
    ).pick(random);
    chosen.push(spec);
    pool.splice(pool.indexOf(spec), 1);
  }

  const online = paid.formatKeys.includes('online');
  const download = paid.formatKeys.includes('download');
  const offers: DemoOffer[] = [];
  for (const spec of chosen) {
    const delivery: DemoOffer['delivery'] =
      paid.shippedOnly || (paid.medium && !spec.personal && random.chance(0.5))
        ? 'shipment'
        : download && (!online || random.chance(0.5))
          ? 'licence-key'
          : 'access-url';
    const seats = spec.seats ? random.pick(spec.seats) : null;
    const durationMonths = delivery === 'shipment' ? null : random.pick(spec.durations);
    let euros = spec.min + random.float() * (spec.max - spec.min);
    if (seats !== null && paid.family !== 'textbook') euros = Math.min(spec.max, euros * (0.5 + seats / 40));
    let priceCents = Math.max(spec.min * 100, plausiblePrice(random, euros));
    // The report's example: a digitised mathematics textbook at 270 €.
    if (
      paid.family === 'textbook' &&
      spec.kind === 'multi-seat' &&
      paid.discipline === 'ma' &&
      random.chance(0.35)
    ) {
      priceCents = 27000;
    }
    let label = seats === null ? spec.label : `${spec.label} ${seats} postes`;
    if (delivery === 'shipment') label += ` (${paid.medium ?? 'support physique'})`;
    else if (spec.label === 'Licence élève') label += ` ${durationLabel(durationMonths)}`;
    else label += ` — ${durationLabel(durationMonths)}`;
    offers.push({
      producerCode: paid.producer.code,
      label,
      priceCents,
      tariff: 'normal',
      licenceKind: spec.kind,
      seats,
      durationMonths,
      delivery,
      eligibility: [],
      validFrom: paid.publishedOn,
      validUntil: random.chance(0.1) ? random.pick(SCHOOL_YEAR_ENDS) : null,
      resourceIdentifiers: [paid.identifier],
    });
  }

  // Adopter price: schools that use the paper edition of the textbook pay less.
  if (paid.family === 'textbook' && offers.length < 4 && random.chance(0.4)) {
    const base = offers.find((offer) => offer.licenceKind === 'establishment') ?? offers[0]!;
    offers.push({
      ...base,
      label: `${base.label} — tarif adoptant`,
      priceCents: plausiblePrice(random, (base.priceCents / 100) * (0.4 + random.float() * 0.2)),
      tariff: 'adopter',
      eligibility: [ADOPTER_ELIGIBILITY],
      validUntil: random.pick(SCHOOL_YEAR_ENDS),
      resourceIdentifiers: [paid.identifier],
    });
  }

  const referenceCents = Math.max(...offers.map((offer) => offer.priceCents));
  let history = state.history.get(paid.producer.code);
  if (!history) state.history.set(paid.producer.code, (history = []));

  // Bundle with earlier resources of the same producer, preferably of the same stage.
  if (!paid.shippedOnly && offers.length < 4 && history.length > 0 && random.chance(0.15)) {
    const eligible = history.filter((item) => !item.shippedOnly);
    const sameStage = eligible.filter((item) => item.stage === paid.stage);
    const members = random.sample(sameStage.length > 0 ? sameStage : eligible, random.int(1, 3));
    if (members.length > 0) {
      const textbooks = paid.family === 'textbook' && members.every((item) => item.textbook);
      const durationMonths = random.pick([12, 36]);
      const total = members.reduce((sum, item) => sum + item.referenceCents, referenceCents);
      offers.push({
        producerCode: paid.producer.code,
        label: `${textbooks ? `Pack ${members.length + 1} manuels numériques` : `Offre groupée ${members.length + 1} ressources`} — licence établissement ${durationLabel(durationMonths)}`,
        priceCents: plausiblePrice(random, (total / 100) * (0.65 + random.float() * 0.15)),
        tariff: 'normal',
        licenceKind: 'establishment',
        seats: null,
        durationMonths,
        delivery: 'access-url',
        eligibility: [],
        validFrom: paid.publishedOn,
        validUntil: null,
        resourceIdentifiers: [paid.identifier, ...members.map((item) => item.identifier)],
      });
    }
  }

  history.push({
    identifier: paid.identifier,
    stage: paid.stage,
    textbook: paid.family === 'textbook',
    shippedOnly: paid.shippedOnly,
    referenceCents,
  });
  if (history.length > HISTORY_SIZE) history.shift();
  return offers;
}
