// The demo accounts' password is published: refused in production, accepted elsewhere (the demo).
import { describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  DEMO_PASSWORD_REFUSED,
  isRefusedDemoPassword,
  newPasswordProblem,
} from './password-rules.js';

describe('password rules', () => {
  it('refuse the demo password in production only', () => {
    expect(isRefusedDemoPassword(DEMO_PASSWORD, { production: true })).toBe(true);
    expect(isRefusedDemoPassword(DEMO_PASSWORD, { production: false })).toBe(false);
    expect(isRefusedDemoPassword('un mot de passe solide', { production: true })).toBe(false);
  });

  it('say why a new password is refused, in French, with the length rules first', () => {
    expect(newPasswordProblem(DEMO_PASSWORD, { production: true })).toBe(DEMO_PASSWORD_REFUSED);
    expect(newPasswordProblem(DEMO_PASSWORD, { production: false })).toBeUndefined();
    expect(newPasswordProblem('court', { production: true })).toMatch(/au moins \d+ caractères/);
    expect(newPasswordProblem('un mot de passe solide', { production: true })).toBeUndefined();
  });
});
