// Reading the candidate establishments an academy exports from its administration tools: UTF-8 or
// Windows-1252 (Latin-1) files, ';' or ',' separated, with a header row. Every problem is reported with
// its line number, in French; the caller writes nothing unless the whole file is valid.
import { parse } from 'csv-parse/sync';
import type { EstablishmentType } from './campaign-rules.js';
import { checkUai, departmentOfUai, normalizeUai } from './uai.js';

export interface CsvDecoded {
  text: string;
  encoding: 'utf-8' | 'windows-1252';
}

/** Strict UTF-8 first (a Latin-1 accent is an invalid UTF-8 sequence), Windows-1252 otherwise. */
export function decodeCsv(bytes: Uint8Array): CsvDecoded {
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes),
      encoding: 'utf-8',
    };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

export interface EstablishmentRow {
  line: number;
  uai: string;
  name: string;
  type: EstablishmentType;
  sector: 'public' | 'private-contract';
  pupils: number;
  departmentCode: string;
  network: string | null;
}

export interface CsvLineError {
  line: number;
  message: string;
}

export interface CsvContext {
  /** Academy the import is for. */
  academyId: number;
  /** Every department: code → academy id and name. */
  departments: ReadonlyMap<string, { academyId: number; name: string }>;
  /** Academy of UAIs already in the database (only those of the file are needed). */
  existingUaiAcademies: ReadonlyMap<string, number>;
}

export interface CsvParseResult {
  rows: EstablishmentRow[];
  errors: CsvLineError[];
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const typeByLabel = new Map<string, EstablishmentType>([
  ['ecole', 'ecole'],
  ['ecole primaire', 'ecole'],
  ['ecole elementaire', 'ecole'],
  ['ecole maternelle', 'ecole'],
  ['college', 'college'],
  ['clg', 'college'],
  ['lgt', 'lgt'],
  ['lycee general et technologique', 'lgt'],
  ['lycee general', 'lgt'],
  ['lycee', 'lgt'],
  ['lp', 'lp'],
  ['lycee professionnel', 'lp'],
  ['lpo', 'lpo'],
  ['lycee polyvalent', 'lpo'],
  ['erea', 'erea'],
]);

const sectorByLabel = new Map<string, 'public' | 'private-contract'>([
  ['public', 'public'],
  ['pu', 'public'],
  ['prive sous contrat', 'private-contract'],
  ['prive', 'private-contract'],
  ['pr', 'private-contract'],
  ['private-contract', 'private-contract'],
]);

const columnAliases: Record<keyof Omit<EstablishmentRow, 'line'>, string[]> = {
  uai: ['uai', 'rne', 'code uai'],
  name: ['nom', 'name', 'appellation', 'denomination'],
  type: ['type', 'nature'],
  sector: ['secteur', 'sector'],
  pupils: ['eleves', 'pupils', 'effectif', 'nombre d eleves'],
  departmentCode: ['departement', 'department', 'dept'],
  network: ['reseau', 'network'],
};

export const MAX_CSV_ROWS = 20_000;

function detectDelimiter(text: string): ';' | ',' {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  return (header.match(/;/g)?.length ?? 0) >= (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

function departmentCodeOf(raw: string, context: CsvContext, byName: Map<string, string>): string | undefined {
  const value = raw.trim().toUpperCase();
  const code = /^0\d$|^\d\d$|^9\d\d$|^2[AB]$/.test(value) ? value : /^\d$/.test(value) ? `0${value}` : value;
  if (context.departments.has(code)) return code;
  if (/^0\d\d$/.test(value) && context.departments.has(value.slice(1))) return value.slice(1);
  return byName.get(fold(raw));
}

export function parseEstablishmentsCsv(text: string, context: CsvContext): CsvParseResult {
  const errors: CsvLineError[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return {
      rows: [],
      errors: [{ line, message: `Le fichier n’est pas un CSV lisible (${(error as Error).message}).` }],
    };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ line: 1, message: 'Le fichier est vide.' }] };
  const headerNames = header.record.map(fold);
  const columns = new Map<keyof typeof columnAliases, number>();
  for (const [key, aliases] of Object.entries(columnAliases) as [keyof typeof columnAliases, string[]][]) {
    const index = headerNames.findIndex((name) => aliases.includes(name));
    if (index >= 0) columns.set(key, index);
    else if (key !== 'network') {
      errors.push({ line: 1, message: `Colonne « ${aliases[0]} » absente de la ligne d’en-tête.` });
    }
  }
  if (errors.length > 0) return { rows: [], errors };
  if (body.length > MAX_CSV_ROWS) {
    return {
      rows: [],
      errors: [{ line: 1, message: `Le fichier dépasse ${MAX_CSV_ROWS} lignes : découpez-le.` }],
    };
  }
  const departmentByName = new Map([...context.departments].map(([code, { name }]) => [fold(name), code]));
  const firstLineOfUai = new Map<string, number>();
  const rows: EstablishmentRow[] = [];
  for (const { record, info } of body) {
    const line = info.lines;
    const cell = (key: keyof typeof columnAliases) => record[columns.get(key) ?? -1]?.trim() ?? '';
    const problems: string[] = [];
    const uai = normalizeUai(cell('uai'));
    const uaiCheck = checkUai(uai);
    if (!uaiCheck.valid) problems.push(`UAI « ${uai} » invalide : ${uaiCheck.reason}`);
    const name = cell('name');
    if (!name) problems.push('nom manquant');
    else if (name.length > 200) problems.push('nom trop long (200 caractères au plus)');
    const type = typeByLabel.get(fold(cell('type')));
    if (!type) problems.push(`type « ${cell('type')} » inconnu (école, collège, LGT, LP, LPO ou EREA)`);
    const sector = sectorByLabel.get(fold(cell('sector')));
    if (!sector) problems.push(`secteur « ${cell('sector')} » inconnu (public ou privé sous contrat)`);
    const pupilsText = cell('pupils').replace(/[\s\u00a0\u202f]/g, '');
    const pupils = /^-?\d+$/.test(pupilsText) ? Number(pupilsText) : Number.NaN;
    if (Number.isNaN(pupils)) problems.push(`nombre d’élèves « ${cell('pupils')} » illisible`);
    else if (pupils < 0) problems.push(`nombre d’élèves négatif (${pupils})`);
    else if (pupils > 100_000) problems.push(`nombre d’élèves invraisemblable (${pupils})`);
    const departmentCode = departmentCodeOf(cell('departmentCode'), context, departmentByName);
    const department = departmentCode ? context.departments.get(departmentCode) : undefined;
    if (!departmentCode || !department) {
      problems.push(`département « ${cell('departmentCode')} » inconnu`);
    } else {
      if (department.academyId !== context.academyId) {
        problems.push(`le département ${departmentCode} n’appartient pas à cette académie`);
      }
      if (uaiCheck.valid && departmentOfUai(uai) !== departmentCode) {
        problems.push(`l’UAI ${uai} ne correspond pas au département ${departmentCode}`);
      }
    }
    if (uaiCheck.valid) {
      const first = firstLineOfUai.get(uai);
      if (first !== undefined) problems.push(`UAI ${uai} en double (déjà ligne ${first})`);
      else firstLineOfUai.set(uai, line);
      const existingAcademy = context.existingUaiAcademies.get(uai);
      if (existingAcademy !== undefined && existingAcademy !== context.academyId) {
        problems.push(`UAI ${uai} déjà enregistré dans une autre académie`);
      }
    }
    const network = cell('network') || null;
    if (problems.length > 0) {
      errors.push({ line, message: `Ligne ${line} : ${problems.join(' ; ')}.` });
      continue;
    }
    rows.push({
      line,
      uai,
      name,
      type: type!,
      sector: sector!,
      pupils,
      departmentCode: departmentCode!,
      network,
    });
  }
  if (rows.length === 0 && errors.length === 0)
    errors.push({ line: 1, message: 'Le fichier ne contient aucun établissement.' });
  return { rows, errors };
}
