// Reference data: the 30 academies of 2012 and their departments (INSEE codes and names).
// Overseas: Guadeloupe 971, Martinique 972, Guyane 973, La Réunion 974 are academies; Saint-Pierre-et-
// Miquelon (975) depended on Caen and Mayotte (976) was a vice-rectorate in 2012, attached here to
// La Réunion so every department has an academy.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface AcademyReference {
  /** Stable slug, also used in the academy mail domain (ac-<code>.fr). */
  code: string;
  name: string;
  departments: readonly (readonly [code: string, name: string])[];
}

export const academyReferences: readonly AcademyReference[] = [
  {
    code: 'aix-marseille',
    name: 'Aix-Marseille',
    departments: [
      ['04', 'Alpes-de-Haute-Provence'],
      ['05', 'Hautes-Alpes'],
      ['13', 'Bouches-du-Rhône'],
      ['84', 'Vaucluse'],
    ],
  },
  {
    code: 'amiens',
    name: 'Amiens',
    departments: [
      ['02', 'Aisne'],
      ['60', 'Oise'],
      ['80', 'Somme'],
    ],
  },
  {
    code: 'besancon',
    name: 'Besançon',
    departments: [
      ['25', 'Doubs'],
      ['39', 'Jura'],
      ['70', 'Haute-Saône'],
      ['90', 'Territoire de Belfort'],
    ],
  },
  {
    code: 'bordeaux',
    name: 'Bordeaux',
    departments: [
      ['24', 'Dordogne'],
      ['33', 'Gironde'],
      ['40', 'Landes'],
      ['47', 'Lot-et-Garonne'],
      ['64', 'Pyrénées-Atlantiques'],
    ],
  },
  {
    code: 'caen',
    name: 'Caen',
    departments: [
      ['14', 'Calvados'],
      ['50', 'Manche'],
      ['61', 'Orne'],
      ['975', 'Saint-Pierre-et-Miquelon'],
    ],
  },
  {
    code: 'clermont',
    name: 'Clermont-Ferrand',
    departments: [
      ['03', 'Allier'],
      ['15', 'Cantal'],
      ['43', 'Haute-Loire'],
      ['63', 'Puy-de-Dôme'],
    ],
  },
  {
    code: 'corse',
    name: 'Corse',
    departments: [
      ['2A', 'Corse-du-Sud'],
      ['2B', 'Haute-Corse'],
    ],
  },
  {
    code: 'creteil',
    name: 'Créteil',
    departments: [
      ['77', 'Seine-et-Marne'],
      ['93', 'Seine-Saint-Denis'],
      ['94', 'Val-de-Marne'],
    ],
  },
  {
    code: 'dijon',
    name: 'Dijon',
    departments: [
      ['21', 'Côte-d’Or'],
      ['58', 'Nièvre'],
      ['71', 'Saône-et-Loire'],
      ['89', 'Yonne'],
    ],
  },
  {
    code: 'grenoble',
    name: 'Grenoble',
    departments: [
      ['07', 'Ardèche'],
      ['26', 'Drôme'],
      ['38', 'Isère'],
      ['73', 'Savoie'],
      ['74', 'Haute-Savoie'],
    ],
  },
  { code: 'guadeloupe', name: 'Guadeloupe', departments: [['971', 'Guadeloupe']] },
  { code: 'guyane', name: 'Guyane', departments: [['973', 'Guyane']] },
  {
    code: 'lille',
    name: 'Lille',
    departments: [
      ['59', 'Nord'],
      ['62', 'Pas-de-Calais'],
    ],
  },
  {
    code: 'limoges',
    name: 'Limoges',
    departments: [
      ['19', 'Corrèze'],
      ['23', 'Creuse'],
      ['87', 'Haute-Vienne'],
    ],
  },
  {
    code: 'lyon',
    name: 'Lyon',
    departments: [
      ['01', 'Ain'],
      ['42', 'Loire'],
      ['69', 'Rhône'],
    ],
  },
  { code: 'martinique', name: 'Martinique', departments: [['972', 'Martinique']] },
  {
    code: 'montpellier',
    name: 'Montpellier',
    departments: [
      ['11', 'Aude'],
      ['30', 'Gard'],
      ['34', 'Hérault'],
      ['48', 'Lozère'],
      ['66', 'Pyrénées-Orientales'],
    ],
  },
  {
    code: 'nancy-metz',
    name: 'Nancy-Metz',
    departments: [
      ['54', 'Meurthe-et-Moselle'],
      ['55', 'Meuse'],
      ['57', 'Moselle'],
      ['88', 'Vosges'],
    ],
  },
  {
    code: 'nantes',
    name: 'Nantes',
    departments: [
      ['44', 'Loire-Atlantique'],
      ['49', 'Maine-et-Loire'],
      ['53', 'Mayenne'],
      ['72', 'Sarthe'],
      ['85', 'Vendée'],
    ],
  },
  {
    code: 'nice',
    name: 'Nice',
    departments: [
      ['06', 'Alpes-Maritimes'],
      ['83', 'Var'],
    ],
  },
  {
    code: 'orleans-tours',
    name: 'Orléans-Tours',
    departments: [
      ['18', 'Cher'],
      ['28', 'Eure-et-Loir'],
      ['36', 'Indre'],
      ['37', 'Indre-et-Loire'],
      ['41', 'Loir-et-Cher'],
      ['45', 'Loiret'],
    ],
  },
  { code: 'paris', name: 'Paris', departments: [['75', 'Paris']] },
  {
    code: 'poitiers',
    name: 'Poitiers',
    departments: [
      ['16', 'Charente'],
      ['17', 'Charente-Maritime'],
      ['79', 'Deux-Sèvres'],
      ['86', 'Vienne'],
    ],
  },
  {
    code: 'reims',
    name: 'Reims',
    departments: [
      ['08', 'Ardennes'],
      ['10', 'Aube'],
      ['51', 'Marne'],
      ['52', 'Haute-Marne'],
    ],
  },
  {
    code: 'rennes',
    name: 'Rennes',
    departments: [
      ['22', 'Côtes-d’Armor'],
      ['29', 'Finistère'],
      ['35', 'Ille-et-Vilaine'],
      ['56', 'Morbihan'],
    ],
  },
  {
    code: 'reunion',
    name: 'La Réunion',
    departments: [
      ['974', 'La Réunion'],
      ['976', 'Mayotte'],
    ],
  },
  {
    code: 'rouen',
    name: 'Rouen',
    departments: [
      ['27', 'Eure'],
      ['76', 'Seine-Maritime'],
    ],
  },
  {
    code: 'strasbourg',
    name: 'Strasbourg',
    departments: [
      ['67', 'Bas-Rhin'],
      ['68', 'Haut-Rhin'],
    ],
  },
  {
    code: 'toulouse',
    name: 'Toulouse',
    departments: [
      ['09', 'Ariège'],
      ['12', 'Aveyron'],
      ['31', 'Haute-Garonne'],
      ['32', 'Gers'],
      ['46', 'Lot'],
      ['65', 'Hautes-Pyrénées'],
      ['81', 'Tarn'],
      ['82', 'Tarn-et-Garonne'],
    ],
  },
  {
    code: 'versailles',
    name: 'Versailles',
    departments: [
      ['78', 'Yvelines'],
      ['91', 'Essonne'],
      ['92', 'Hauts-de-Seine'],
      ['95', 'Val-d’Oise'],
    ],
  },
];

/** Department code → its name, and the academy it belongs to. */
export const departmentReferences: ReadonlyMap<string, { name: string; academyCode: string }> = new Map(
  academyReferences.flatMap((academy) =>
    academy.departments.map(([code, name]) => [code, { name, academyCode: academy.code }] as const),
  ),
);

/** Inserts academies and departments that are missing; safe to run on every start. */
export async function seedReferenceData(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('academies')
    .values(academyReferences.map(({ code, name }) => ({ code, name })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const academies = await db.selectFrom('academies').select(['id', 'code']).execute();
  const idByCode = new Map(academies.map((row) => [row.code, row.id]));
  await db
    .insertInto('departments')
    .values(
      [...departmentReferences].map(([code, { name, academyCode }]) => ({
        code,
        name,
        academy_id: idByCode.get(academyCode)!,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}
