import { describe, expect, it } from 'vitest';
import { cumulative } from './dashboard.service.js';
import { academyReferences, departmentReferences } from './reference-data.js';

describe('reference data', () => {
  it('holds the 30 academies of 2012 and every department once', () => {
    expect(academyReferences).toHaveLength(30);
    // 96 metropolitan departments (2A and 2B for Corse) and six overseas ones (971–976).
    expect(departmentReferences.size).toBe(102);
    expect(departmentReferences.get('13')).toEqual({
      name: 'Bouches-du-Rhône',
      academyCode: 'aix-marseille',
    });
    expect(departmentReferences.get('2A')?.academyCode).toBe('corse');
    for (const code of ['971', '972', '973', '974', '975', '976'])
      expect(departmentReferences.has(code)).toBe(true);
    expect(new Set(academyReferences.map((a) => a.code)).size).toBe(30);
  });
});

describe('cumulative consumption', () => {
  it('sums by day and accumulates in date order', () => {
    expect(
      cumulative([
        { day: '2026-03-02', consumedCents: 500 },
        { day: '2026-03-01', consumedCents: 100 },
        { day: '2026-03-02', consumedCents: 50 },
      ]),
    ).toEqual([
      { day: '2026-03-01', consumedCents: 100 },
      { day: '2026-03-02', consumedCents: 650 },
    ]);
  });
});
