// Exchange rates: the bundled ECB snapshot, the live path against a fake ECB server serving the real
// document's shape, the Redis cache in front of it (real Redis, isolated prefix), and unknown currencies.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../infra/config.js';
import { createLogger } from '../../infra/logger.js';
import { createRedis, type Redis } from '../../infra/redis.js';
import { ProviderCache } from '../../providers/cache.js';
import { convertWithRates, createCurrencyConverter, fxSnapshot, parseEcbDailyXml, UnknownCurrencyError } from '../../providers/fx.js';
import { closedPort } from '../fakes/fakeHttp.js';
import { ecbDailyXml, startFakeEcbServer, type FakeEcbServer } from '../fakes/ecbServer.js';

const logger = createLogger('fx-test', 'silent');

describe('ECB reference rates', () => {
  let redis: Redis;
  let ecb: FakeEcbServer;
  const clients: Redis[] = [];
  let prefix: string;
  let run = 0;
  const cache = () => {
    run += 1;
    const client = createRedis(loadConfig(process.env).REDIS_URL, `${prefix}${run}:`);
    clients.push(client);
    return new ProviderCache({ redis: client, logger });
  };

  beforeAll(async () => {
    const config = loadConfig(process.env);
    prefix = `${config.REDIS_KEY_PREFIX}fx:${randomUUID().slice(0, 8)}:`;
    redis = createRedis(config.REDIS_URL, prefix);
    await redis.ping();
    ecb = await startFakeEcbServer('2026-11-20', { USD: 1.05, JPY: 160.1, GBP: 0.83 });
  });

  afterAll(async () => {
    await ecb.close();
    await Promise.allSettled([redis.quit(), ...clients.map((client) => client.quit())]);
  });

  it('bundles a dated snapshot of about 30 ECB currencies and converts through the euro', async () => {
    expect(fxSnapshot.date).toBe('2024-04-19');
    expect(Object.keys(fxSnapshot.rates).length).toBeGreaterThanOrEqual(30);
    const converter = createCurrencyConverter({ source: 'snapshot' });
    await expect(converter.convert({ amount: 100, currency: 'EUR' }, 'USD')).resolves.toEqual({ money: { amount: 106.53, currency: 'USD' }, rateDate: '2024-04-19' });
    // USD → GBP crosses through EUR: 100 / 1.0653 * 0.8562.
    await expect(converter.convert({ amount: 100, currency: 'USD' }, 'GBP')).resolves.toEqual({ money: { amount: 80.37, currency: 'GBP' }, rateDate: '2024-04-19' });
    await expect(converter.convert({ amount: 12.5, currency: 'JPY' }, 'JPY')).resolves.toEqual({ money: { amount: 12.5, currency: 'JPY' }, rateDate: null });
  });

  it('names an unknown currency in a clear error', async () => {
    const converter = createCurrencyConverter({ source: 'snapshot' });
    const failure = converter.convert({ amount: 10, currency: 'EUR' }, 'ARS');
    await expect(failure).rejects.toBeInstanceOf(UnknownCurrencyError);
    await expect(failure).rejects.toThrow('no ECB reference rate for currency "ARS"');
    expect(() => convertWithRates(fxSnapshot, { amount: 1, currency: 'XYZ' }, 'EUR')).toThrow('"XYZ"');
  });

  it('parses the ECB daily document and rejects anything else', () => {
    expect(parseEcbDailyXml(ecbDailyXml('2026-11-20', { USD: 1.05, JPY: 160.1 }))).toEqual({ date: '2026-11-20', rates: { USD: 1.05, JPY: 160.1 } });
    expect(() => parseEcbDailyXml('<html>maintenance</html>')).toThrow('not an ECB reference-rate document');
  });

  it('fetches the live rates once and serves them (with their date) from Redis afterwards', async () => {
    const shared = cache();
    const before = ecb.requests;
    const converter = createCurrencyConverter({ source: 'ecb', url: ecb.url, cache: shared, logger });
    await expect(converter.convert({ amount: 200, currency: 'EUR' }, 'USD')).resolves.toEqual({ money: { amount: 210, currency: 'USD' }, rateDate: '2026-11-20' });
    expect(ecb.requests).toBe(before + 1);

    // Another converter (another worker) on the same cache: no second request, same date.
    ecb.setRates('2026-11-21', { USD: 2, JPY: 1, GBP: 1 });
    const other = createCurrencyConverter({ source: 'ecb', url: ecb.url, cache: shared, logger });
    await expect(other.convert({ amount: 100, currency: 'GBP' }, 'JPY')).resolves.toEqual({ money: { amount: 19289.16, currency: 'JPY' }, rateDate: '2026-11-20' });
    expect(ecb.requests).toBe(before + 1);
    const rates = await other.rates();
    expect(rates).toMatchObject({ source: 'ecb', date: '2026-11-20' });

    // A fresh cache sees the new publication.
    const fresh = createCurrencyConverter({ source: 'ecb', url: ecb.url, cache: cache(), logger });
    await expect(fresh.rates()).resolves.toMatchObject({ source: 'ecb', date: '2026-11-21', rates: { EUR: 1, USD: 2 } });
    ecb.setRates('2026-11-20', { USD: 1.05, JPY: 160.1, GBP: 0.83 });
  });

  it('falls back to the bundled snapshot when the ECB is down or answers garbage', async () => {
    const down = createCurrencyConverter({ source: 'ecb', url: `http://127.0.0.1:${await closedPort()}/eurofxref-daily.xml`, cache: cache(), logger });
    await expect(down.rates()).resolves.toBe(fxSnapshot);
    ecb.failWith(503);
    try {
      const failing = createCurrencyConverter({ source: 'ecb', url: ecb.url, cache: cache(), logger });
      await expect(failing.convert({ amount: 100, currency: 'EUR' }, 'USD')).resolves.toEqual({ money: { amount: 106.53, currency: 'USD' }, rateDate: '2024-04-19' });
    } finally {
      ecb.failWith(null);
    }
  });
});
