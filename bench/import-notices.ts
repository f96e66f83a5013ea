// Generated ScoLOMfr 3.1 notices for bench:import: valid, varied, written to a zip as they are made
// (nothing held in memory). Every value of a vocabulary is a real concept URI with its exact label,
// taken from the catalogue's curated vocabularies (src/modules/catalogue/vocabulary.ts); one notice in
// ten is written the older way (LOMv1.0 values), which the import converts with a warning. Each title
// carries a word of its own (zq…), so a second node's search can find that one notice.
//
//   node --import tsx bench/import-notices.ts FILE.zip COUNT    (bench/import.bench.ts runs it)
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import yazl from 'yazl';
import { disciplines, levels, resourceTypes } from '../src/modules/catalogue/vocabulary.js';
import { CONCEPT_BASE as CONCEPT, conceptOf } from '../src/modules/notices/scolomfr-vocabulary.js';

/** Bump when the notices change: a cached zip of another version is made again. */
export const GENERATOR_VERSION = 1;
export const IDENTIFIER_PREFIX = 'CCR-BENCH-IMPORT-';

const subjects = [
  ['Les volcans et les séismes', 'volcan', 'tectonique'],
  ['Fractions et proportionnalité', 'fractions', 'proportionnalité'],
  ['Lire et comprendre les contes', 'lecture', 'conte'],
  ['La Révolution française', 'révolution', 'histoire'],
  ['Programmer avec des blocs', 'programmation', 'algorithme'],
  ['Le corps humain en mouvement', 'corps humain', 'santé'],
  ['Géométrie dans l’espace', 'géométrie', 'solides'],
  ['Le climat et ses changements', 'climat', 'développement durable'],
  ['Énergie et électricité', 'énergie', 'électricité'],
  ['La cellule, unité du vivant', 'cellule', 'vivant'],
  ['Cartes et paysages', 'cartes', 'paysage'],
  ['Poésie d’hier et d’aujourd’hui', 'poésie', 'rimes'],
  ['Statistiques et probabilités', 'statistiques', 'probabilités'],
  ['Écouter et créer de la musique', 'musique', 'rythme'],
  ['English at school', 'anglais', 'oral'],
  ['Chimie des mélanges', 'mélanges', 'chimie'],
] as const;
const kinds = ['Manuel numérique', 'Cahier d’exercices', 'Parcours interactif', 'Séquence clés en main'];

/** A word of its own for notice i, made of syllables (no digits: the search's words are letters). */
export function markerOf(index: number): string {
  const syllables = ['ba', 'ke', 'di', 'fo', 'gu', 'la', 'me', 'ni', 'po', 'ru', 'sa', 'te', 'vi', 'xo'];
  let word = 'zq';
  let rest = index;
  do {
    word += syllables[rest % syllables.length];
    rest = Math.floor(rest / syllables.length);
  } while (rest > 0);
  return word;
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Notice i, always the same for the same i. */
export function noticeXml(index: number, producerName: string): string {
  const rng = xoroshiro128plus(index * 7919 + 17);
  const pick = <T>(list: readonly T[]): T => list[uniformInt(rng, 0, list.length - 1)]!;
  const some = <T>(list: readonly T[], min: number, max: number): T[] => {
    const count = uniformInt(rng, min, max);
    const chosen = new Set<T>();
    while (chosen.size < count) chosen.add(pick(list));
    return [...chosen];
  };
  const [subject, ...keywords] = pick(subjects);
  const chosenLevels = some(levels, 1, 3);
  const legacy = index % 10 === 9;
  // Most curated disciplines are "Ancien" in SKOS 3.2: a current notice names their replacement.
  const chosenDisciplines = [
    ...new Map(
      some(disciplines, 1, 2).map((discipline) => {
        const concept = conceptOf(discipline.uri!)!;
        const current = !legacy && concept.replacedBy ? conceptOf(concept.replacedBy)! : concept;
        return [current.uri, { uri: current.uri, label: current.label }];
      }),
    ).values(),
  ];
  const types = some(resourceTypes, 1, 2);
  const paid = uniformInt(rng, 0, 3) > 0;
  const kind = pick(kinds);
  const title = `${subject} — ${kind.toLowerCase()} ${chosenLevels[0]!.label} ${markerOf(index)}`;
  const description =
    `${kind} pour ${chosenLevels.map((level) => level.label).join(', ')} : ` +
    `${chosenDisciplines.map((discipline) => discipline.label).join(' et ')}. ` +
    `Des activités guidées, des exercices corrigés et des évaluations pour travailler « ${subject.toLowerCase()} » en classe et à la maison.`;
  const vocabulary = (name: string, uri: string) =>
    legacy && !uri.startsWith(CONCEPT + 'scolomfr-voc')
      ? `<${name}><source>LOMv1.0</source><value>${uri.slice(CONCEPT.length)}</value></${name}>`
      : `<${name}><source>SCOLOMFRv3.1</source><value>${uri}</value><label>${escape(conceptOf(uri)!.label)}</label></${name}>`;
  const taxonPaths = (source: string, concepts: readonly { uri?: string; label: string }[]) =>
    concepts
      .map(
        (concept) =>
          `<taxonPath><source><string language="fre">${source}</string></source><taxon><id>${concept.uri}</id><entry><string language="fre">${escape(concept.label)}</string></entry></taxon></taxonPath>`,
      )
      .join('\n      ');
  const year = 2016 + (index % 10);
  const month = String(1 + (index % 12)).padStart(2, '0');
  return `<?xml version="1.0" encoding="UTF-8"?>
<lom xmlns="http://ltsc.ieee.org/xsd/LOM" xmlns:lomfr="http://www.lom-fr.fr/xsd/LOMFR" xmlns:scolomfr="http://www.lom-fr.fr/xsd/SCOLOMFR">
  <general>
    <identifier><catalog>CCR</catalog><entry>${IDENTIFIER_PREFIX}${index}</entry></identifier>
    <title><string language="fre">${escape(title)}</string></title>
    <language>fre</language>
    <description><string language="fre">${escape(description)}</string></description>
    ${[...keywords, kind.toLowerCase()].map((keyword) => `<keyword><string language="fre">${escape(keyword)}</string></keyword>`).join('\n    ')}
  </general>
  <lifeCycle>
    <contribute>
      ${vocabulary('role', `${CONCEPT}publisher`)}
      <entity><![CDATA[BEGIN:VCARD
VERSION:3.0
FN:${producerName}
ORG:${producerName}
END:VCARD]]></entity>
      <date><dateTime>${year}-${month}-01</dateTime></date>
    </contribute>
  </lifeCycle>
  <metaMetadata>
    <metadataSchema>SCOLOMFRv3.1</metadataSchema>
    <language>fre</language>
  </metaMetadata>
  <technical>
    <location>https://ressources.exemple.fr/notices/${index}</location>
  </technical>
  <educational>
    ${types.map((type) => vocabulary('learningResourceType', type.uri!)).join('\n    ')}
  </educational>
  <rights>
    ${vocabulary('cost', `${CONCEPT}${paid ? 'yes' : 'no'}`)}
  </rights>
  <classification>
    ${vocabulary('purpose', `${CONCEPT}discipline`)}
    ${taxonPaths('scolomfr-voc-015', chosenDisciplines)}
  </classification>
  <classification>
    ${vocabulary('purpose', `${CONCEPT}educational_level`)}
    ${taxonPaths('scolomfr-voc-022', chosenLevels)}
  </classification>
</lom>
`;
}

/** Writes notices 0 … count-1 into a zip, entry by entry, waiting for the disk as it goes. */
export async function writeNoticesZip(file: string, count: number, producerName: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const output = fs.createWriteStream(`${file}.partial`);
  const done = new Promise<void>((resolve, reject) => {
    output.on('close', resolve);
    output.on('error', reject);
  });
  zip.outputStream.pipe(output);
  for (let index = 0; index < count; index++) {
    const folder = String(Math.floor(index / 1000)).padStart(3, '0');
    zip.addBuffer(Buffer.from(noticeXml(index, producerName)), `notices/${folder}/notice-${index}.xml`);
    // yazl compresses and writes in the background: let it catch up now and then.
    if (index % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  zip.end();
  await done;
  fs.renameSync(`${file}.partial`, file);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, count, producerName] = process.argv.slice(2);
  if (!file || !count) throw new Error('usage: import-notices.ts FILE.zip COUNT [PRODUCER NAME]');
  await writeNoticesZip(file, Number(count), producerName ?? 'Éditions du Banc d’essai');
}
