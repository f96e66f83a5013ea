import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { departmentReferences } from './reference-data.js';
import {
  checkUai,
  departmentOfUai,
  isValidUai,
  makeUai,
  uaiCheckLetter,
  uaiPrefixOfDepartment,
} from './uai.js';

describe('UAI check letter', () => {
  // Real establishments whose UAIs are public (annuaire de l’éducation).
  it.each([
    ['0750655E', 'lycée Louis-le-Grand'],
    ['0750654D', 'lycée Henri-IV'],
    ['0750660K', 'lycée Fénelon'],
    ['0750667T', 'lycée Condorcet'],
    ['0750658H', 'lycée Saint-Louis'],
    ['0750702F', 'lycée Janson-de-Sailly'],
    ['0690026D', 'lycée du Parc'],
    ['0130040Y', 'lycée Thiers'],
  ])('accepts %s (%s)', (uai) => {
    expect(checkUai(uai)).toEqual({ valid: true });
  });

  it('rejects a wrong letter and says which one is expected', () => {
    expect(checkUai('0750655F')).toEqual({ valid: false, reason: 'la lettre de contrôle devrait être E' });
  });

  it.each(['075065E', '07506550E', '0750655', 'A750655E', '0750655e', ''])(
    'rejects the malformed %s',
    (uai) => {
      expect(isValidUai(uai)).toBe(false);
    },
  );

  it('never uses I, O or Q', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999 }), (n) => {
        const letter = uaiCheckLetter(String(n).padStart(7, '0'));
        expect('IOQ').not.toContain(letter);
      }),
    );
  });

  it('detects every single-digit typo and every change of letter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9_999_999 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 9 }),
        (n, position, shift) => {
          const digits = String(n).padStart(7, '0');
          const uai = `${digits}${uaiCheckLetter(digits)}`;
          expect(isValidUai(uai)).toBe(true);
          const changed = digits.split('');
          changed[position] = String((Number(changed[position]) + shift) % 10);
          // A one-digit change moves the number by d×10^k, never a multiple of 23.
          expect(isValidUai(`${changed.join('')}${uai[7]}`)).toBe(false);
        },
      ),
    );
  });

  it('maps departments to prefixes and back, Corse included', () => {
    expect(uaiPrefixOfDepartment('13')).toBe('013');
    expect(uaiPrefixOfDepartment('2A')).toBe('620');
    expect(uaiPrefixOfDepartment('2B')).toBe('720');
    expect(uaiPrefixOfDepartment('971')).toBe('971');
    for (const code of departmentReferences.keys()) {
      const uai = makeUai(code, 42);
      expect(isValidUai(uai)).toBe(true);
      expect(departmentOfUai(uai)).toBe(code);
    }
  });
});
