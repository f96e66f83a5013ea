import { beforeAll, describe, expect, it } from 'vitest';
import {
  devices,
  disciplines,
  expandLevels,
  formats,
  levels,
  licenceKinds,
  licences,
  resourceTypes,
  themes,
  type Concept,
} from '../modules/catalogue/vocabulary.js';
import {
  ADOPTER_ELIGIBILITY,
  demoProducers,
  generateDemoCatalogue,
  type DemoOffer,
  type DemoResource,
} from './catalogue.js';
import { classesByStage, groupTexts, themeTexts, type Stage } from './catalogue-texts.js';

type Entry = { resource: DemoResource; offers: DemoOffer[] };

const TEXTBOOK = 'scolomfr-voc-010-num-014';
const MULTIMEDIA = new Set([
  'scolomfr-voc-010-num-001',
  'simulation',
  'exercise',
  'scolomfr-voc-010-num-013',
]);
const ONLINE = 'scolomfr-voc-046-num-001';
const DOWNLOADABLE = 'scolomfr-voc-046-num-003';
const PHYSICAL = 'scolomfr-voc-046-num-002';
const CYCLE_4 = 'scolomfr-voc-022-num-621';
const PHYSICS = 'scolomfr-voc-015-num-061';
const LIFE_SCIENCES = 'scolomfr-voc-015-num-069';
const TECHNOLOGY = 'scolomfr-voc-015-num-077';
const MATHS = 'scolomfr-voc-015-num-054';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const codes = (vocabulary: readonly Concept[]) => new Set(vocabulary.map((concept) => concept.code));
const share = (entries: readonly Entry[], test: (entry: Entry) => boolean) =>
  entries.filter(test).length / entries.length;

/** Stages a level code belongs to (cycle 3 spans école and collège). */
const stagesOfLevel = new Map<string, Stage[]>([
  [groupTexts.cycle2.code, ['primary']],
  [groupTexts.cycle3.code, ['primary', 'college']],
  [groupTexts.cycle4.code, ['college']],
  [groupTexts.lgt.code, ['lgt']],
  [groupTexts.lp.code, ['lp']],
  [groupTexts.bts.code, ['bts']],
]);
for (const [stage, classes] of Object.entries(classesByStage) as [Stage, typeof classesByStage.primary][]) {
  for (const level of classes) stagesOfLevel.set(level.code, [stage]);
}

/** What a full-text search for "énergie" reaches: title, description, keywords and theme labels. */
function mentionsEnergy(resource: DemoResource): boolean {
  const text = [resource.title, resource.description, ...resource.keywords].join(' ').toLowerCase();
  return text.includes('énergie') || resource.themes.includes('energie');
}

let catalogue: Entry[];

beforeAll(() => {
  catalogue = [...generateDemoCatalogue(3000)];
});

describe('generateDemoCatalogue: determinism', () => {
  it('gives identical output for the same count and seed, and different output for another seed', () => {
    const first = [...generateDemoCatalogue(300, 42)];
    const second = [...generateDemoCatalogue(300, 42)];
    expect(second).toEqual(first);
    const other = [...generateDemoCatalogue(300, 43)];
    expect(other.map((entry) => entry.resource.title)).not.toEqual(
      first.map((entry) => entry.resource.title),
    );
  });

  it('uses 2012 as the default seed', () => {
    expect([...generateDemoCatalogue(50)]).toEqual([...generateDemoCatalogue(50, 2012)]);
  });

  it('keeps the first N items whatever the count asked for (prefix stability)', () => {
    const short = [...generateDemoCatalogue(250, 7)];
    const long = [...generateDemoCatalogue(1000, 7)];
    expect(long.slice(0, 250)).toEqual(short);
    expect(catalogue.slice(0, 1000)).toEqual([...generateDemoCatalogue(1000)]);
  });

  it('yields exactly count items with sequential identifiers, and rejects invalid counts', () => {
    expect([...generateDemoCatalogue(0)]).toEqual([]);
    expect(catalogue).toHaveLength(3000);
    expect(catalogue[0]!.resource.identifier).toBe('ccr-0000001');
    expect(catalogue[2999]!.resource.identifier).toBe('ccr-0003000');
    catalogue.forEach((entry, index) =>
      expect(entry.resource.identifier).toBe(`ccr-${String(index + 1).padStart(7, '0')}`),
    );
    expect(() => generateDemoCatalogue(-1).next()).toThrow(RangeError);
    expect(() => generateDemoCatalogue(1.5).next()).toThrow(RangeError);
  });
});

describe('demoProducers', () => {
  const producers = demoProducers();

  it('lists at least 40 producers of every kind, with unique codes and .example websites', () => {
    expect(producers.length).toBeGreaterThanOrEqual(40);
    expect(new Set(producers.map((producer) => producer.code)).size).toBe(producers.length);
    const kinds = new Set(producers.map((producer) => producer.kind));
    expect([...kinds].sort()).toEqual(['collaborative', 'platform', 'public', 'publisher', 'teacher']);
    expect(producers.filter((producer) => producer.kind === 'platform').length).toBeGreaterThanOrEqual(2);
    expect(producers.filter((producer) => producer.kind === 'publisher').length).toBeGreaterThanOrEqual(15);
    for (const producer of producers) {
      if (producer.website !== null) expect(new URL(producer.website).hostname).toMatch(/\.example$/);
    }
  });

  it('invents its publishers rather than using real educational trademarks', () => {
    const trademarks =
      /\b(Nathan|Hachette|Belin|Magnard|Hatier|Bordas|Didier|Foucher|Delagrave|Retz|Istra|Larousse|Robert|Bréal|Vuibert|Ellipses|Casteilla|Lelivrescolaire)\b/;
    for (const producer of producers) expect(producer.name).not.toMatch(trademarks);
  });
});

describe('generateDemoCatalogue: resources', () => {
  it('uses only codes of the catalogue vocabularies', () => {
    const vocabularies = {
      levels: codes(levels),
      disciplines: codes(disciplines),
      themes: codes(themes),
      types: codes(resourceTypes),
      formats: codes(formats),
      devices: codes(devices),
    };
    const licenceCodes = codes(licences);
    const producerCodes = new Set(demoProducers().map((producer) => producer.code));
    for (const { resource } of catalogue) {
      for (const [field, allowed] of Object.entries(vocabularies)) {
        const values = resource[field as keyof typeof vocabularies];
        expect(values.length, `${resource.identifier} ${field}`).toBeGreaterThan(0);
        expect(new Set(values).size, `${resource.identifier} ${field} duplicates`).toBe(values.length);
        for (const value of values)
          expect(allowed.has(value), `${resource.identifier} ${field} ${value}`).toBe(true);
      }
      expect(licenceCodes.has(resource.licence)).toBe(true);
      expect(producerCodes.has(resource.producerCode)).toBe(true);
      expect(['no', 'yes']).toContain(resource.cost);
      expect(['publisher', 'harvested', 'teacher']).toContain(resource.origin);
    }
  });

  it('tags themes consistent with the disciplines, and puts the theme word in the text', () => {
    const themeDisciplines = new Map(themes.map((theme) => [theme.code, theme.disciplines]));
    let withWord = 0;
    for (const { resource } of catalogue) {
      for (const theme of resource.themes) {
        const allowed = themeDisciplines.get(theme)!;
        expect(
          resource.disciplines.some((discipline) => allowed.includes(discipline)),
          `${resource.identifier} ${theme}`,
        ).toBe(true);
      }
      const word = themeTexts[resource.themes[0]!]!.word.toLowerCase();
      const text = [resource.title, resource.description, ...resource.keywords].join(' ').toLowerCase();
      if (text.includes(word)) withWord++;
    }
    expect(withWord / catalogue.length).toBeGreaterThan(0.95);
  });

  it('writes French titles, 2–4 sentence descriptions and 3–6 keywords', () => {
    const titles = new Set<string>();
    for (const { resource } of catalogue) {
      const texts = [resource.title, resource.description, ...resource.keywords, ...resource.authors];
      for (const text of texts) expect(text).not.toMatch(/undefined|null|NaN|\$\{| {2}/);
      expect(resource.title.length).toBeGreaterThan(8);
      expect(resource.title[0]).toBe(resource.title[0]!.toUpperCase());
      const sentences = resource.description.split(/(?<=\.)\s+/);
      expect(sentences.length, resource.description).toBeGreaterThanOrEqual(2);
      expect(sentences.length, resource.description).toBeLessThanOrEqual(4);
      expect(resource.description).not.toMatch(/\bà les\b|\bde le\b|\bà le\b/);
      expect(resource.keywords.length).toBeGreaterThanOrEqual(3);
      expect(resource.keywords.length).toBeLessThanOrEqual(6);
      expect(new Set(resource.keywords).size).toBe(resource.keywords.length);
      expect(resource.authors.length).toBeGreaterThan(0);
      expect(resource.languages[0]).toBe('fr');
      titles.add(resource.title);
    }
    expect(titles.size / catalogue.length).toBeGreaterThan(0.6);
  });

  it('gives an English resource the languages fr and en', () => {
    const english = catalogue.filter(({ resource }) =>
      resource.disciplines.includes('scolomfr-voc-015-num-087'),
    );
    expect(english.length).toBeGreaterThan(50);
    for (const { resource } of english) expect(resource.languages).toEqual(['fr', 'en']);
  });

  it('dates resources between 2009 and October 2026, updates after publication', () => {
    for (const { resource } of catalogue) {
      expect(resource.publishedOn).toMatch(DATE);
      expect(resource.updatedOn).toMatch(DATE);
      expect(resource.publishedOn >= '2009-01-01').toBe(true);
      expect(resource.updatedOn <= '2026-10-31').toBe(true);
      expect(resource.updatedOn >= resource.publishedOn).toBe(true);
    }
  });

  it('licenses free resources openly and paid ones under publisher terms, from the right producers', () => {
    const kindOf = new Map(demoProducers().map((producer) => [producer.code, producer.kind]));
    for (const { resource } of catalogue) {
      if (resource.cost === 'no') expect(resource.licence).not.toBe('proprietary');
      else {
        expect(resource.licence).toBe('proprietary');
        expect(['publisher', 'platform']).toContain(kindOf.get(resource.producerCode));
      }
      if (kindOf.get(resource.producerCode) === 'teacher') expect(resource.origin).toBe('teacher');
      if (resource.demoUrl !== null)
        expect(new URL(resource.demoUrl).hostname).toMatch(/^demo\..*\.example$/);
      if (resource.formats.includes(ONLINE) || resource.formats.includes(DOWNLOADABLE)) {
        expect(resource.devices.length).toBeGreaterThan(0);
      }
      if (resource.formats.includes(PHYSICAL) || resource.formats.includes(DOWNLOADABLE)) {
        expect(resource.devices).toContain('offline');
      }
    }
    const freeKinds = new Set(
      catalogue
        .filter(({ resource }) => resource.cost === 'no')
        .map(({ resource }) => kindOf.get(resource.producerCode)),
    );
    expect([...freeKinds].sort()).toEqual(['collaborative', 'public', 'publisher', 'teacher']);
  });
});

describe('generateDemoCatalogue: offers', () => {
  it('gives every resource valid offers: one open offer when free, 1 to 4 priced ones when paid', () => {
    const licenceKindCodes = codes(licenceKinds);
    const producerOf = new Map<string, string>();
    for (const { resource, offers } of catalogue) {
      producerOf.set(resource.identifier, resource.producerCode);
      expect(offers.length).toBeGreaterThanOrEqual(1);
      if (resource.cost === 'no') {
        expect(offers).toHaveLength(1);
        expect(offers[0]).toMatchObject({
          licenceKind: 'open',
          priceCents: 0,
          delivery: 'access-url',
          tariff: 'normal',
          resourceIdentifiers: [resource.identifier],
        });
      } else {
        expect(offers.length).toBeLessThanOrEqual(4);
        expect(offers.some((offer) => offer.resourceIdentifiers.length === 1)).toBe(true);
      }
      for (const offer of offers) {
        expect(offer.producerCode).toBe(resource.producerCode);
        expect(licenceKindCodes.has(offer.licenceKind)).toBe(true);
        expect(Number.isInteger(offer.priceCents)).toBe(true);
        expect(offer.priceCents).toBeGreaterThanOrEqual(0);
        if (resource.cost === 'yes') {
          expect(offer.priceCents).toBeGreaterThan(0);
          expect(offer.licenceKind).not.toBe('open');
        }
        if (offer.licenceKind === 'multi-seat') {
          expect(Number.isInteger(offer.seats)).toBe(true);
          expect(offer.seats).toBeGreaterThan(0);
        } else expect(offer.seats).toBeNull();
        expect([null, 12, 24, 36]).toContain(offer.durationMonths);
        if (offer.delivery === 'shipment') expect(resource.formats).toContain(PHYSICAL);
        if (offer.tariff === 'adopter') {
          expect(offer.eligibility).toEqual([ADOPTER_ELIGIBILITY]);
          expect(resource.types).toContain(TEXTBOOK);
        } else expect(offer.eligibility).toEqual([]);
        expect(offer.label.length).toBeGreaterThan(5);
        expect(offer.validFrom).toMatch(DATE);
        if (offer.validUntil !== null) expect(offer.validUntil > offer.validFrom).toBe(true);
        // A plain offer covers the resource; a bundle covers it and resources already yielded by the producer.
        expect(offer.resourceIdentifiers[0]).toBe(resource.identifier);
        expect(new Set(offer.resourceIdentifiers).size).toBe(offer.resourceIdentifiers.length);
        for (const identifier of offer.resourceIdentifiers) {
          expect(producerOf.get(identifier), `${resource.identifier} bundles ${identifier}`).toBe(
            resource.producerCode,
          );
        }
      }
    }
  });

  it('yields at least 4,000 offers for 3,000 resources, with bundles and adopter prices', () => {
    const offers = catalogue.flatMap((entry) => entry.offers);
    expect(offers.length).toBeGreaterThanOrEqual(4000);
    expect(offers.filter((offer) => offer.resourceIdentifiers.length >= 2).length).toBeGreaterThan(30);
    expect(offers.filter((offer) => offer.tariff === 'adopter').length).toBeGreaterThan(100);
    const kinds = new Set(offers.map((offer) => offer.licenceKind));
    expect([...kinds].sort()).toEqual(['class', 'establishment', 'multi-seat', 'open', 'single-seat']);
    const deliveries = new Set(offers.map((offer) => offer.delivery));
    expect([...deliveries].sort()).toEqual(['access-url', 'licence-key', 'shipment']);
  });

  it('prices paid offers plausibly', () => {
    const plain = catalogue.flatMap(({ resource, offers }) =>
      offers
        .filter((offer) => offer.resourceIdentifiers.length === 1 && offer.tariff === 'normal')
        .map((offer) => ({ resource, offer })),
    );
    for (const { resource, offer } of plain) {
      if (resource.cost === 'no') continue;
      const euros = offer.priceCents / 100;
      if (resource.types.includes(TEXTBOOK)) {
        expect(euros).toBeGreaterThanOrEqual(8);
        expect(euros).toBeLessThanOrEqual(900);
        if (offer.licenceKind === 'establishment') expect(euros).toBeGreaterThanOrEqual(150);
      } else {
        expect(euros).toBeGreaterThanOrEqual(5);
        expect(euros).toBeLessThanOrEqual(250);
      }
      // Round prices: whole euros, or ending in ,90.
      expect(offer.priceCents % 100 === 0 || offer.priceCents % 100 === 90).toBe(true);
    }
    // The report's digitised mathematics textbook at 270 €.
    expect(
      plain.some(
        ({ resource, offer }) =>
          resource.disciplines.includes(MATHS) &&
          resource.types.includes(TEXTBOOK) &&
          offer.priceCents === 27000,
      ),
    ).toBe(true);
  });
});

describe('generateDemoCatalogue: the 2012 mix', () => {
  it('matches the report’s shares of types, formats, cost and levels', () => {
    const has = (field: 'types' | 'formats', code: string) => (entry: Entry) =>
      entry.resource[field].includes(code);
    expect(share(catalogue, has('types', TEXTBOOK))).toBeGreaterThan(0.5);
    expect(share(catalogue, has('types', TEXTBOOK))).toBeLessThan(0.7);
    const multimedia = share(
      catalogue,
      ({ resource }) =>
        !resource.types.includes(TEXTBOOK) && resource.types.some((type) => MULTIMEDIA.has(type)),
    );
    expect(multimedia).toBeGreaterThan(0.25);
    expect(multimedia).toBeLessThan(0.4);
    const free = share(catalogue, ({ resource }) => resource.cost === 'no');
    expect(free).toBeGreaterThan(0.25);
    expect(free).toBeLessThan(0.5);

    expect(share(catalogue, has('formats', ONLINE))).toBeGreaterThan(0.28);
    expect(share(catalogue, has('formats', ONLINE))).toBeLessThan(0.46);
    expect(share(catalogue, has('formats', DOWNLOADABLE))).toBeGreaterThan(0.28);
    expect(share(catalogue, has('formats', DOWNLOADABLE))).toBeLessThan(0.48);
    expect(share(catalogue, has('formats', PHYSICAL))).toBeGreaterThan(0.18);
    expect(share(catalogue, has('formats', PHYSICAL))).toBeLessThan(0.32);

    const stageShare = (stage: Stage) =>
      share(catalogue, ({ resource }) =>
        resource.levels.some((level) => stagesOfLevel.get(level)!.includes(stage)),
      );
    const expected: Record<Stage, number> = { primary: 0.22, college: 0.44, lgt: 0.29, lp: 0.19, bts: 0.07 };
    for (const [stage, target] of Object.entries(expected) as [Stage, number][]) {
      expect(Math.abs(stageShare(stage) - target), stage).toBeLessThan(0.05);
    }
    // Mostly classes, sometimes a cycle or track alone.
    const groupOnly = share(
      catalogue,
      ({ resource }) =>
        resource.levels.length === 1 && !levels.find((level) => level.code === resource.levels[0])!.parent,
    );
    expect(groupOnly).toBeGreaterThan(0.03);
    expect(groupOnly).toBeLessThan(0.25);
  });

  it('spreads resources over many producers of each kind', () => {
    const used = new Set(catalogue.map(({ resource }) => resource.producerCode));
    expect(used.size).toBeGreaterThanOrEqual(40);
  });
});

describe('generateDemoCatalogue: the "énergie" journey', () => {
  it('finds at least 60 resources for "énergie" among 3,000, mixing disciplines, costs, producers and formats', () => {
    const found = catalogue.map((entry) => entry.resource).filter(mentionsEnergy);
    expect(found.length).toBeGreaterThanOrEqual(60);

    const themed = found.filter((resource) => resource.themes.includes('energie'));
    for (const discipline of [PHYSICS, LIFE_SCIENCES, TECHNOLOGY]) {
      const inDiscipline = themed.filter((resource) => resource.disciplines.includes(discipline));
      expect(inDiscipline.length, discipline).toBeGreaterThanOrEqual(5);
      expect(new Set(inDiscipline.map((resource) => resource.cost)).size, discipline).toBe(2);
    }
    expect(new Set(themed.map((resource) => resource.producerCode)).size).toBeGreaterThanOrEqual(8);

    const cycle4Downloadable = themed.filter(
      (resource) =>
        expandLevels(resource.levels).includes(CYCLE_4) && resource.formats.includes(DOWNLOADABLE),
    );
    expect(cycle4Downloadable.filter((resource) => resource.cost === 'no').length).toBeGreaterThanOrEqual(3);
    expect(cycle4Downloadable.filter((resource) => resource.cost === 'yes').length).toBeGreaterThanOrEqual(3);
    expect(new Set(cycle4Downloadable.map((resource) => resource.producerCode)).size).toBeGreaterThanOrEqual(
      4,
    );

    // The word itself, not only the theme label, is in what a search indexes.
    for (const resource of themed) expect(resource.keywords).toContain('énergie');
  });
});

// Generation speed is measured by bench:search's seeding figures, not asserted here: timings on a
// shared machine make timed tests flaky.
describe('generateDemoCatalogue: volume', () => {
  it('streams 20,000 items with more offers than resources', () => {
    let offers = 0;
    let count = 0;
    for (const entry of generateDemoCatalogue(20_000, 99)) {
      offers += entry.offers.length;
      count++;
    }
    expect(count).toBe(20_000);
    expect(offers).toBeGreaterThan(20_000);
  });
});
