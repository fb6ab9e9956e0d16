import { describe, expect, it } from '@jest/globals';
import { flightsInCurrency } from '../../../agents/currency.js';
import type { FlightOffer } from '../../../domain/trip.js';
import { createLogger } from '../../../infra/logger.js';
import { convertWithRates, fxSnapshot, snapshotConverter } from '../../../providers/fx.js';
import type { Providers } from '../../../providers/types.js';

const ctx = { providers: { fx: snapshotConverter } as unknown as Providers, logger: createLogger('offer-currency-test', 'silent') };

const offer = (overrides: Partial<FlightOffer>): FlightOffer => ({
  id: 'off_1',
  provider: 'duffel',
  outbound: [],
  inbound: [],
  cabinClass: 'economy',
  stops: 0,
  totalDurationMinutes: 120,
  price: { amount: 500, currency: 'GBP' },
  expiresAt: '2026-03-01T10:30:00Z',
  ...overrides,
});

describe('flightsInCurrency', () => {
  it('converts fare penalties at the same rates as the price, keeping free rules as they are', async () => {
    const [converted] = await flightsInCurrency(
      ctx,
      [
        offer({
          conditions: {
            refundBeforeDeparture: { allowed: true, penalty: { amount: 100, currency: 'USD' } },
            changeBeforeDeparture: { allowed: true, penalty: null },
          },
        }),
      ],
      'EUR',
    );
    expect(converted?.price).toEqual(convertWithRates(fxSnapshot, { amount: 500, currency: 'GBP' }, 'EUR').money);
    expect(converted?.conditions).toEqual({
      refundBeforeDeparture: { allowed: true, penalty: convertWithRates(fxSnapshot, { amount: 100, currency: 'USD' }, 'EUR').money },
      changeBeforeDeparture: { allowed: true, penalty: null },
    });
  });

  it('converts a penalty in the airline’s currency even when the fare is already in the trip’s', async () => {
    const [converted] = await flightsInCurrency(
      ctx,
      [offer({ price: { amount: 500, currency: 'EUR' }, conditions: { refundBeforeDeparture: null, changeBeforeDeparture: { allowed: true, penalty: { amount: 60, currency: 'GBP' } } } })],
      'EUR',
    );
    expect(converted?.price).toEqual({ amount: 500, currency: 'EUR' });
    expect(converted?.originalPrice).toBeUndefined();
    expect(converted?.conditions?.changeBeforeDeparture?.penalty).toEqual(convertWithRates(fxSnapshot, { amount: 60, currency: 'GBP' }, 'EUR').money);
    expect(converted?.conditions?.changeBeforeDeparture?.penalty?.currency).toBe('EUR');
  });
});
