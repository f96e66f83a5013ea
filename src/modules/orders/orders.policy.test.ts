// Who may do what with orders, per role (the API tests check the same through HTTP).
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../accounts/actor.js';
import {
  canEditCart,
  canPlaceOrder,
  canPropose,
  canReadCart,
  canFollowOrders,
  canReadEstablishmentOrders,
  defaultOrdersEstablishmentId,
  producerIdsOf,
  proposingEstablishmentIds,
} from './orders.policy.js';

const est = { id: 7, academyId: 3 };
function actor(
  role: Role,
  scope: Partial<{ establishmentId: number; academyId: number; producerId: number }> = {},
): Actor {
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
        producerId: scope.producerId ?? null,
      },
    ],
  };
}

const cases: [string, Actor, { order: boolean; read: boolean; propose: boolean; edit: boolean }][] = [
  ['head', actor('head', { establishmentId: 7 }), { order: true, read: true, propose: true, edit: true }],
  [
    'head elsewhere',
    actor('head', { establishmentId: 8 }),
    { order: false, read: false, propose: false, edit: false },
  ],
  [
    'teacher',
    actor('teacher', { establishmentId: 7 }),
    { order: false, read: false, propose: true, edit: false },
  ],
  [
    'digital referent',
    actor('digital-referent', { establishmentId: 7 }),
    { order: false, read: true, propose: true, edit: true },
  ],
  [
    'librarian',
    actor('librarian', { establishmentId: 7 }),
    // She reads her establishment's orders, like the referent (issue 10).
    { order: false, read: true, propose: true, edit: true },
  ],
  [
    'academy staff',
    actor('academy-staff', { academyId: 3 }),
    { order: false, read: true, propose: false, edit: false },
  ],
  [
    'other academy staff',
    actor('academy-staff', { academyId: 4 }),
    { order: false, read: false, propose: false, edit: false },
  ],
  ['national admin', actor('national-admin'), { order: false, read: true, propose: false, edit: false }],
  [
    'publisher',
    actor('publisher', { producerId: 5 }),
    { order: false, read: false, propose: false, edit: false },
  ],
  ['expert', actor('expert'), { order: false, read: false, propose: false, edit: false }],
  ['inspector', actor('inspector'), { order: false, read: false, propose: false, edit: false }],
];

describe('orders policy', () => {
  it.each(cases)('%s', (_name, who, expected) => {
    expect({
      order: canPlaceOrder(who, est),
      read: canReadEstablishmentOrders(who, est),
      propose: canPropose(who, est),
      edit: canEditCart(who, est),
    }).toEqual(expected);
    expect(canReadCart(who, est)).toBe(expected.propose);
  });

  it('knows which producers a publisher acts for', () => {
    expect(producerIdsOf(actor('publisher', { producerId: 5 }))).toEqual([5]);
    expect(producerIdsOf(actor('head', { establishmentId: 7 }))).toEqual([]);
  });

  it('lists the establishments where the actor may propose: school roles only, once each', () => {
    const many: Actor = {
      ...actor('teacher', { establishmentId: 7 }),
      grants: [
        { role: 'teacher', establishmentId: 7, academyId: null, producerId: null },
        { role: 'head', establishmentId: 7, academyId: null, producerId: null },
        { role: 'librarian', establishmentId: 9, academyId: null, producerId: null },
        { role: 'academy-staff', establishmentId: null, academyId: 3, producerId: null },
        { role: 'expert', establishmentId: 11, academyId: null, producerId: null },
      ],
    };
    expect(proposingEstablishmentIds(many)).toEqual([7, 9]);
    for (const id of proposingEstablishmentIds(many)) expect(canPropose(many, { id })).toBe(true);
    expect(proposingEstablishmentIds(actor('national-admin'))).toEqual([]);
  });

  it('follows by default the orders of the first establishment the actor leads or advises', () => {
    expect(defaultOrdersEstablishmentId(actor('head', { establishmentId: 7 }))).toBe(7);
    expect(defaultOrdersEstablishmentId(actor('digital-referent', { establishmentId: 8 }))).toBe(8);
    expect(defaultOrdersEstablishmentId(actor('librarian', { establishmentId: 9 }))).toBe(9);
    expect(defaultOrdersEstablishmentId(actor('teacher', { establishmentId: 7 }))).toBeUndefined();
    expect(defaultOrdersEstablishmentId(actor('academy-staff', { academyId: 3 }))).toBeUndefined();
  });

  it('opens /commandes (the header link) only to those who have an establishment to show there', () => {
    for (const role of ['head', 'digital-referent', 'librarian'] as const)
      expect(canFollowOrders(actor(role, { establishmentId: 7 })), role).toBe(true);
    expect(canFollowOrders(actor('teacher', { establishmentId: 7 }))).toBe(false);
    expect(canFollowOrders(actor('academy-staff', { academyId: 3 }))).toBe(false);
    expect(canFollowOrders(actor('national-admin'))).toBe(false);
    expect(canFollowOrders(actor('publisher', { producerId: 5 }))).toBe(false);
  });
});
