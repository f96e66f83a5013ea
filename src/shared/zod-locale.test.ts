import { describe, expect, it } from 'vitest';
import { z } from 'zod';
// errors.ts is what every module, app.ts and the CLI load: it installs the French messages.
import './errors.js';

describe('zod messages', () => {
  it('come out in French when a schema does not word them', () => {
    expect(z.string().safeParse(3).error?.issues[0]?.message).toBe(
      'Entrée invalide : chaîne de caractères attendu, nombre reçu',
    );
    expect(z.strictObject({}).safeParse({ x: 1 }).error?.issues[0]?.message).toBe('Clé non reconnue : "x"');
    expect(z.int().min(2).safeParse(1).error?.issues[0]?.message).toBe('Trop petit : nombre doit être >=2');
  });

  it('leave a schema’s own French message as written', () => {
    expect(z.string({ error: 'Indiquez un nom.' }).safeParse(3).error?.issues[0]?.message).toBe(
      'Indiquez un nom.',
    );
  });
});
