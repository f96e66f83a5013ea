import { describe, expect, it } from 'vitest';
import { parsePublisherFilter, publisherQuery } from './publisher-filter.js';

describe('the publisher’s filter', () => {
  it('reads a state, a day range and a page', () => {
    const parsed = parsePublisherFilter({ etat: 'livrees', du: '2026-09-01', au: '2026-09-30', page: '2' });
    expect(parsed.errors).toEqual({});
    expect(parsed.filter).toEqual({ state: 'delivered', from: '2026-09-01', to: '2026-09-30' });
    expect(parsed.page).toBe(2);
    expect(publisherQuery(parsed.form, parsed.page)).toBe('?etat=livrees&du=2026-09-01&au=2026-09-30&page=2');
  });

  it('applies nothing while a field is wrong, and says which', () => {
    const parsed = parsePublisherFilter({ etat: 'a-livrer', du: '2026-02-30' });
    expect(parsed.errors.du).toMatch(/^Du : une date/);
    expect(parsed.filter).toEqual({});
    expect(parsePublisherFilter({ du: '2026-10-02', au: '2026-10-01' }).errors.au).toMatch(/suivre/);
    expect(parsePublisherFilter({ etat: 'toutes' }).errors.etat).toMatch(/^État/);
    expect(parsePublisherFilter({ page: '0' }).errors.page).toBeDefined();
    expect(parsePublisherFilter({ page: '1e3' }).errors.page).toBeDefined();
  });

  it('takes the last of repeated fields and ignores what is not text', () => {
    const parsed = parsePublisherFilter({ etat: ['livrees', 'refusees'], du: { x: 1 } });
    expect(parsed.filter).toEqual({ state: 'rejected' });
    expect(publisherQuery(parsePublisherFilter(undefined).form)).toBe('');
  });
});
