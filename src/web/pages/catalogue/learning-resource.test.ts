// JSON-LD text cannot close its script element, whatever a title holds.
import { describe, expect, it } from 'vitest';
import { jsonLdText } from './learning-resource.js';

describe('jsonLdText', () => {
  it('escapes "<" so that "</script>" in a text stays inside the JSON', () => {
    const text = jsonLdText({ name: 'Volcans </script><script>alert(1)</script>' });
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual({ name: 'Volcans </script><script>alert(1)</script>' });
  });
});
