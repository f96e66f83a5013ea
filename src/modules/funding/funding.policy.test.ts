// Who may do what in the funding module, role by role (the page and API tests check the same over HTTP).
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../accounts/actor.js';
import {
  canManageAcademy,
  canManageCampaigns,
  canViewAcademyDashboard,
  canViewCampaigns,
  canViewDrawingRight,
  canViewNationalDashboard,
} from './funding.policy.js';

const ACADEMY = 3;
const OTHER_ACADEMY = 4;
const ESTABLISHMENT = 7;

function actor(role: Role, scope: Partial<{ establishmentId: number; academyId: number }> = {}): Actor {
  return {
    userId: 1,
    email: 'a@b.fr',
    displayName: 'A',
    csrfToken: 't',
    grants: [
      {
        role,
        establishmentId: scope.establishmentId ?? null,
        academyId: scope.academyId ?? null,
        producerId: null,
      },
    ],
  };
}

interface Expected {
  manageCampaigns: boolean;
  viewCampaigns: boolean;
  manageAcademy: boolean;
  academyDashboard: boolean;
  nationalDashboard: boolean;
  drawingRight: boolean;
}

const none: Expected = {
  manageCampaigns: false,
  viewCampaigns: false,
  manageAcademy: false,
  academyDashboard: false,
  nationalDashboard: false,
  drawingRight: false,
};

const cases: [string, Actor, Expected][] = [
  [
    'national administration',
    actor('national-admin'),
    {
      manageCampaigns: true,
      viewCampaigns: true,
      manageAcademy: true,
      academyDashboard: true,
      nationalDashboard: true,
      drawingRight: true,
    },
  ],
  [
    'academy staff of the academy',
    actor('academy-staff', { academyId: ACADEMY }),
    { ...none, viewCampaigns: true, manageAcademy: true, academyDashboard: true, drawingRight: true },
  ],
  [
    'academy staff of another academy',
    actor('academy-staff', { academyId: OTHER_ACADEMY }),
    { ...none, viewCampaigns: true },
  ],
  // The inspection reads its academy's dashboards and the campaigns' rules, and changes nothing.
  [
    'inspection of the academy',
    actor('inspector', { academyId: ACADEMY }),
    { ...none, viewCampaigns: true, academyDashboard: true },
  ],
  [
    'inspection of another academy',
    actor('inspector', { academyId: OTHER_ACADEMY }),
    { ...none, viewCampaigns: true },
  ],
  ['head', actor('head', { establishmentId: ESTABLISHMENT }), { ...none, drawingRight: true }],
  ['teacher', actor('teacher', { establishmentId: ESTABLISHMENT }), { ...none, drawingRight: true }],
  ['teacher elsewhere', actor('teacher', { establishmentId: 99 }), none],
  ['publisher', actor('publisher'), none],
  ['expert', actor('expert'), none],
];

describe('funding policy', () => {
  it.each(cases)('%s', (_name, who, expected) => {
    expect({
      manageCampaigns: canManageCampaigns(who),
      viewCampaigns: canViewCampaigns(who),
      manageAcademy: canManageAcademy(who, ACADEMY),
      academyDashboard: canViewAcademyDashboard(who, ACADEMY),
      nationalDashboard: canViewNationalDashboard(who),
      drawingRight: canViewDrawingRight(who, { academyId: ACADEMY, establishmentIds: [ESTABLISHMENT] }),
    }).toEqual(expected);
  });
});
