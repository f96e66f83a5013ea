// Amounts typed by people are euros with at most two decimals; the system only stores integer cents.
import { AppError } from './errors.js';

/**
 * "1 000,50", "1000.5", "2500" → cents. Rejects a third decimal, signs and garbage with a French
 * message naming the field.
 */
export function parseEurosToCents(text: string, field = 'Le montant'): number {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/€$/, '');
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(compact);
  if (!match) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${field} doit être un montant en euros, par exemple 1 500 ou 1 500,50.`,
      {
        value: text,
      },
    );
  }
  const decimals = match[2] ?? '';
  if (decimals.length > 2) {
    throw new AppError(
      'VALIDATION_FAILED',
      `${field} a plus de deux décimales : indiquez des euros et des centimes au plus.`,
      {
        value: text,
      },
    );
  }
  const cents = Number(match[1]) * 100 + Number(decimals.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) {
    throw new AppError('VALIDATION_FAILED', `${field} est trop élevé.`, { value: text });
  }
  return cents;
}
