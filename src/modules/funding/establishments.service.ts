// Import of candidate establishments from a CSV by academy staff: the whole file is checked first and
// nothing is written unless every line is valid; then all lines are written in one transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { isHostileText } from '../../shared/hostile-input.js';
import { authorize, type Actor } from '../accounts/actor.js';
import { audit } from '../notifications/notifications.repository.js';
import { decodeCsv, parseEstablishmentsCsv, type CsvLineError } from './establishments-csv.js';
import { canManageAcademy } from './funding.policy.js';
import { findAcademy, listDepartments, uaiAcademies, upsertEstablishments } from './funding.repository.js';
import { normalizeUai } from './uai.js';

export interface ImportResult {
  encoding: 'utf-8' | 'windows-1252';
  created: number;
  updated: number;
}

export class CsvImportError extends AppError {
  constructor(
    readonly errors: CsvLineError[],
    readonly encoding: string,
  ) {
    super(
      'VALIDATION_FAILED',
      `Le fichier contient ${errors.length} erreur${errors.length > 1 ? 's' : ''} : aucun établissement n’a été enregistré.`,
      { errors, encoding },
    );
  }
}

export async function importEstablishments(
  db: Kysely<Database>,
  actor: Actor,
  academyId: number,
  bytes: Uint8Array,
): Promise<ImportResult> {
  authorize(canManageAcademy(actor, academyId), 'Vous ne gérez pas cette académie.');
  if (!(await findAcademy(db, academyId))) throw new AppError('NOT_FOUND', 'Cette académie n’existe pas.');
  const { text, encoding } = decodeCsv(bytes);
  // The decoded text, not the bytes: a NUL would reach the database (a UTF-16 file is full of them).
  if (isHostileText(text)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Le fichier contient un caractère nul ou invalide : enregistrez-le en CSV UTF-8 ou Windows-1252.',
    );
  }
  return db.transaction().execute(async (trx) => {
    const departments = new Map(
      (await listDepartments(trx)).map((d) => [d.code, { academyId: d.academy_id, name: d.name }]),
    );
    // First pass only for the UAIs to look up; the real check runs with the database answers.
    const uais = [...text.matchAll(/(?:^|[;,\s"])(\d{7}[A-Za-z])(?=[;,\s"]|$)/gm)].map((m) =>
      normalizeUai(m[1]!),
    );
    const existingUaiAcademies = await uaiAcademies(trx, [...new Set(uais)]);
    const { rows, errors } = parseEstablishmentsCsv(text, { academyId, departments, existingUaiAcademies });
    if (errors.length > 0) throw new CsvImportError(errors, encoding);
    const counts = await upsertEstablishments(
      trx,
      rows.map((row) => ({ ...row, academyId })),
    );
    await audit(trx, {
      actorUserId: actor.userId,
      action: 'establishments.imported',
      subjectType: 'academy',
      subjectId: academyId,
      details: { encoding, ...counts },
    });
    return { encoding, ...counts };
  });
}
