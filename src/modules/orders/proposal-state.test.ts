import { describe, expect, it } from 'vitest';
import { isOpen, proposalState, quantityFor, setbackOf } from './proposal-state.js';

describe('proposal state', () => {
  it('is proposed, then in the cart, then ordered, then delivered', () => {
    expect(proposalState({ declined: false, inCart: false, orderLineStatus: null })).toBe('proposed');
    expect(proposalState({ declined: false, inCart: true, orderLineStatus: null })).toBe('in-cart');
    // Ordering empties the cart line: the order line's status speaks from then on.
    expect(proposalState({ declined: false, inCart: false, orderLineStatus: 'pending' })).toBe('ordered');
    expect(proposalState({ declined: false, inCart: false, orderLineStatus: 'delivered' })).toBe('delivered');
  });

  it('is declined whatever else holds', () => {
    expect(proposalState({ declined: true, inCart: false, orderLineStatus: null })).toBe('declined');
  });

  it('opens again when its order line was cancelled or refused', () => {
    for (const status of ['cancelled', 'rejected'] as const) {
      expect(proposalState({ declined: false, inCart: false, orderLineStatus: status })).toBe('proposed');
      expect(proposalState({ declined: false, inCart: true, orderLineStatus: status })).toBe('in-cart');
    }
    expect(setbackOf('rejected', 'Plus édité', 12)).toBe(
      'L’éditeur a refusé la ligne de la commande n° 12 : « Plus édité ».',
    );
    expect(setbackOf('cancelled', null, 12)).toBe('La commande n° 12 a été annulée.');
    expect(setbackOf('pending', null, 12)).toBeNull();
  });

  it('counts only proposed and in-cart proposals as open', () => {
    expect(
      ['proposed', 'in-cart', 'ordered', 'delivered', 'declined'].filter((s) => isOpen(s as never)),
    ).toEqual(['proposed', 'in-cart']);
  });

  it('suggests enough units for the seats', () => {
    expect(quantityFor('single-seat', null, 28)).toBe(28);
    expect(quantityFor('multi-seat', 10, 28)).toBe(3);
    expect(quantityFor('multi-seat', 10, 30)).toBe(3);
    expect(quantityFor('class', null, 28)).toBe(1);
    expect(quantityFor('establishment', null, 900)).toBe(1);
  });
});
