import { describe, expect, it } from 'vitest';
import { redactTokens, requestLogSerializer } from './log-redaction.js';

describe('request log redaction', () => {
  it('hides the token of invitation and reset links, and nothing else', () => {
    expect(redactTokens('/reinitialisation/abcDEF123_-')).toBe('/reinitialisation/[token]');
    expect(redactTokens('/invitation/abc?x=1')).toBe('/invitation/[token]?x=1');
    expect(redactTokens('/recherche?q=invitation/abc')).toBe('/recherche?q=invitation/abc');
    expect(redactTokens('/commandes/12')).toBe('/commandes/12');
  });

  it('logs the method, the redacted URL and the address', () => {
    expect(requestLogSerializer({ method: 'POST', url: '/invitation/secret', ip: '10.0.0.1' })).toEqual({
      method: 'POST',
      url: '/invitation/[token]',
      remoteAddress: '10.0.0.1',
    });
  });
});
