// The UAI (unité administrative immatriculée), the national establishment identifier: 7 digits and a
// check letter. Rule: the first 3 digits are the department (013 for Bouches-du-Rhône, 075 for Paris,
// 971 for Guadeloupe; Corse uses 620 for 2A and 720 for 2B); the letter is the 7-digit number modulo
// 23, read in the alphabet ABCDEFGHJKLMNPRSTUVWXYZ (no I, O, Q). Checked against real UAIs:
// 0750655E (lycée Louis-le-Grand), 0750654D (Henri-IV), 0690026D (lycée du Parc), 0130040Y (Thiers).

export const UAI_CHECK_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export function uaiCheckLetter(digits: string): string {
  return UAI_CHECK_ALPHABET[Number.parseInt(digits, 10) % 23]!;
}

/** The three-digit UAI prefix of a department code: '13' → '013', '2A' → '620', '971' → '971'. */
export function uaiPrefixOfDepartment(departmentCode: string): string {
  if (departmentCode === '2A') return '620';
  if (departmentCode === '2B') return '720';
  return departmentCode.padStart(3, '0');
}

/** The department code a UAI belongs to: '0130040Y' → '13', '6200002…' → '2A'. */
export function departmentOfUai(uai: string): string {
  const prefix = uai.slice(0, 3);
  if (prefix === '620') return '2A';
  if (prefix === '720') return '2B';
  return prefix.startsWith('0') ? prefix.slice(1) : prefix;
}

/** Upper-cases and trims; the stored form is always upper case. */
export function normalizeUai(text: string): string {
  return text.trim().toUpperCase();
}

export type UaiCheck = { valid: true } | { valid: false; reason: string };

export function checkUai(uai: string): UaiCheck {
  if (!/^[0-9]{7}[A-Z]$/.test(uai)) {
    return { valid: false, reason: 'un UAI compte 7 chiffres suivis d’une lettre (ex. 0750655E)' };
  }
  const expected = uaiCheckLetter(uai.slice(0, 7));
  if (uai[7] !== expected) {
    return { valid: false, reason: `la lettre de contrôle devrait être ${expected}` };
  }
  return { valid: true };
}

export function isValidUai(uai: string): boolean {
  return checkUai(uai).valid;
}

/** Builds a valid UAI from a department code and a serial number (generated establishments, tests). */
export function makeUai(departmentCode: string, serial: number): string {
  const digits = `${uaiPrefixOfDepartment(departmentCode)}${String(serial).padStart(4, '0')}`;
  return `${digits}${uaiCheckLetter(digits)}`;
}
