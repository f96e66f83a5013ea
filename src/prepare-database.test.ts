// Which demo data start-up loads, for each engine, DEMO and NODE_ENV.
import { describe, expect, it } from 'vitest';
import { demoPlan } from './prepare-database.js';

const base = { DEMO: undefined, NODE_ENV: 'development', DEMO_RESOURCES: 3200 } as const;

describe('demoPlan', () => {
  it('loads the demo on the embedded database by default, so npm start shows a living catalogue', () => {
    expect(demoPlan(base, 'pglite')).toEqual({ catalogue: true, workspace: true });
  });

  it('loads nothing on PostgreSQL unless DEMO=1', () => {
    expect(demoPlan(base, 'postgresql')).toEqual({ catalogue: false, workspace: false });
    expect(demoPlan({ ...base, DEMO: '1' }, 'postgresql')).toEqual({ catalogue: true, workspace: true });
    expect(demoPlan({ ...base, DEMO: '0' }, 'pglite')).toEqual({ catalogue: false, workspace: false });
  });

  it('never creates the demo workspace (published password) with NODE_ENV=production', () => {
    const production = { ...base, NODE_ENV: 'production' };
    expect(demoPlan(production, 'pglite')).toEqual({ catalogue: false, workspace: false });
    expect(demoPlan({ ...production, DEMO: '1' }, 'pglite')).toEqual({ catalogue: true, workspace: false });
    expect(demoPlan({ ...production, DEMO: '1' }, 'postgresql')).toEqual({
      catalogue: true,
      workspace: false,
    });
  });

  it('loads nothing when DEMO_RESOURCES is 0', () => {
    expect(demoPlan({ ...base, DEMO_RESOURCES: 0 }, 'pglite')).toEqual({
      catalogue: false,
      workspace: false,
    });
  });
});
