// What a scenario is made of, as teachers type it: title, objectives, a level and a discipline of the
// catalogue's vocabularies, a duration, and ordered steps that each link a resource of the catalogue
// with an instruction. And the search's parameters. Validated here, at the edge, with French messages.
import { z } from 'zod';
import { disciplines, levels } from '../catalogue/vocabulary.js';

export const MAX_STEPS = 20;

const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`);
const levelCodes = levels.map((level) => level.code) as [string, ...string[]];
const disciplineCodes = disciplines.map((discipline) => discipline.code) as [string, ...string[]];

export const scenarioStepSchema = z.object({
  resource: z
    .number({ message: 'Indiquez le numéro de la ressource.' })
    .int('Numéro de ressource entier attendu.')
    .min(1, 'Numéro de ressource inconnu.')
    .max(2_147_483_647, 'Numéro de ressource inconnu.'),
  instruction: text(2000).min(1, 'Dites ce que les élèves font avec cette ressource.'),
});

export const scenarioInputSchema = z.object({
  title: text(200).min(1, 'Donnez un titre au scénario.'),
  objectives: text(5000).min(1, 'Dites les objectifs du scénario.'),
  level: z.enum(levelCodes, { message: 'Choisissez un niveau de la liste.' }),
  discipline: z.enum(disciplineCodes, { message: 'Choisissez une discipline de la liste.' }),
  durationMinutes: z
    .number({ message: 'Indiquez la durée en minutes.' })
    .int('Durée en minutes entières.')
    .min(5, 'Cinq minutes au moins.')
    .max(6000, '6 000 minutes (100 heures) au plus.'),
  steps: z
    .array(scenarioStepSchema)
    .min(1, 'Un scénario a au moins une étape liée à une ressource.')
    .max(MAX_STEPS, `${MAX_STEPS} étapes au plus.`),
});
export type ScenarioInput = z.output<typeof scenarioInputSchema>;

export const scenarioSearchSchema = z.object({
  q: text(200).default(''),
  level: z.enum(levelCodes, { message: 'Niveau inconnu.' }).optional(),
  discipline: z.enum(disciplineCodes, { message: 'Discipline inconnue.' }).optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
});
export type ScenarioSearch = z.output<typeof scenarioSearchSchema>;
