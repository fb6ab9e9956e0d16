// Price-watch webhooks to the Standard Webhooks spec, and where they may go. A receiver verifying with the
// spec's algorithm (the reference library, and plain node:crypto as docs/webhooks.md shows) accepts a real
// delivery and refuses a replay with an old timestamp or a tampered body. The SSRF check is the
// connection's own DNS lookup: a host resolving to a private address is refused before any byte is sent,
// and the socket connects only to the addresses that lookup checked.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { createPriceWatchActivities } from '../activities/priceWatch.js';
import { priceWatchRow } from '../domain/priceWatchRow.js';
import { sealSecret, webhookSecretContext } from '../infra/credentials.js';
import { nonPublicAddressReasonOf, publicOnlyAgent, type HostResolver } from '../infra/publicUrl.js';
import { resolveSecrets } from '../infra/secrets.js';
import { TripEventLog } from '../infra/tripEvents.js';
import { newWebhookSecret, postWebhook } from '../infra/webhooks.js';
import { createUser } from './support/identity.js';
import { connectTestServices, type TestServices } from './support/services.js';
import { startWebhookReceiver, type WebhookDelivery, type WebhookReceiver } from './support/webhookReceiver.js';

/** docs/webhooks.md's verifier without a library: exactly the spec's algorithm. */
function verifyBySpec(secret: string, headers: IncomingHttpHeaders, rawBody: string, nowSeconds = Date.now() / 1000): boolean {
  const [id, timestamp, signatures] = [headers['webhook-id'], headers['webhook-timestamp'], headers['webhook-signature']].map((value) => (typeof value === 'string' ? value : undefined));
  if (!id || !timestamp || !signatures) return false;
  const sentAt = Number(timestamp);
  if (!Number.isInteger(sentAt) || Math.abs(nowSeconds - sentAt) > 5 * 60) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  return signatures.split(' ').some((entry) => {
    const [version, signature = ''] = entry.split(',');
    const presented = Buffer.from(signature, 'base64');
    return version === 'v1' && presented.length === expected.length && timingSafeEqual(presented, expected);
  });
}

/** A resolver that answers `addresses` for every name (what a rebinding DNS server could answer). */
const answering =
  (...addresses: string[]): HostResolver =>
  () =>
    Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

describe('webhooks', () => {
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await receiver.close();
  });

  describe('connections pinned to checked addresses', () => {
    const deliver = (host: string, resolve: HostResolver | null, allowPrivateHosts: boolean) =>
      postWebhook({
        url: `http://${host}:${receiver.port}/hook`,
        secret: newWebhookSecret(),
        id: `msg_${randomUUID()}`,
        body: '{"ping":true}',
        dispatcher: publicOnlyAgent(resolve ? { allowPrivateHosts, resolve } : { allowPrivateHosts }),
        timeoutMs: 5_000,
      });

    it('refuses a host that resolves to a private address, before sending anything', async () => {
      const before = receiver.deliveries.length;
      for (const [resolve, reason] of [
        [answering('127.0.0.1'), 'must point at a public host (hooks.example.test is loopback)'],
        [answering('10.1.2.3'), 'must point at a public host (hooks.example.test is a private address)'],
        // Every address is checked: one private answer among public ones is enough to refuse.
        [answering('93.184.216.34', '169.254.169.254'), 'must point at a public host (hooks.example.test is a linkLocal address)'],
        [answering('::ffff:127.0.0.1'), 'must point at a public host (hooks.example.test is loopback)'],
      ] as const) {
        const error = await deliver('hooks.example.test', resolve, false).then(() => null, (caught: unknown) => caught);
        expect(nonPublicAddressReasonOf(error)).toBe(reason);
      }
      // The system resolver too: localhost is loopback, whichever family it answers.
      const viaSystemDns = await deliver('localhost', null, false).then(() => null, (caught: unknown) => caught);
      expect(nonPublicAddressReasonOf(viaSystemDns)).toBe('must point at a public host (localhost is loopback)');
      expect(receiver.deliveries.length).toBe(before);
    });

    it('connects to the address the checked lookup returned, not to a second resolution', async () => {
      // No DNS server knows this name: the request can only arrive through the lookup's own answer.
      const status = await deliver('pinned.example.test', answering('127.0.0.1'), true);
      expect(status).toBe(204);
      expect(receiver.deliveries.at(-1)?.headers.host).toBe(`pinned.example.test:${receiver.port}`);
    });
  });

  describe('price-watch deliveries (the activity)', () => {
    let services: TestServices;
    let userId: string;
    const keys = () => resolveSecrets(services.config);

    beforeAll(async () => {
      services = await connectTestServices();
      userId = (await createUser(services.prisma)).id;
    });

    afterAll(async () => {
      await services.prisma.user.delete({ where: { id: userId } });
      await services.close();
    });

    const activities = (allowPrivateWebhookHosts: boolean) =>
      createPriceWatchActivities({
        prisma: services.prisma,
        events: new TripEventLog(services.prisma, services.redis, services.config.REDIS_KEY_PREFIX, services.logger),
        logger: services.logger,
        offersAt: () => {
          throw new Error('no quotes in this test');
        },
        keys: keys(),
        allowPrivateWebhookHosts,
      });

    /** A watch row with a webhook and `secret`, sealed as the API stores it. */
    async function watchWithWebhook(url: string, secret: string): Promise<string> {
      const watchId = randomUUID();
      await services.prisma.priceWatch.create({
        data: priceWatchRow({
          watchId,
          userId,
          tripId: null,
          target: { kind: 'flight', origin: 'LIS', destination: 'JFK', departDate: '2027-06-01', returnDate: null, cabinClass: 'economy', adults: 1, children: 0 },
          targetPrice: 400,
          dropPercent: null,
          currency: 'EUR',
          cadenceMinutes: 60,
          webhookUrl: url,
          webhookSecret: sealSecret(keys(), secret, webhookSecretContext(watchId)),
          workflowId: null,
        }),
      });
      return watchId;
    }

    it('signs per Standard Webhooks: the spec verifier accepts, a replayed old timestamp and a tampered body are refused', async () => {
      const secret = newWebhookSecret();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const url = `http://127.0.0.1:${receiver.port}/hook`;
      const watchId = await watchWithWebhook(url, secret);
      const alertId = `${watchId}:alert:1`;
      const payload = { watchId, price: { amount: 399, currency: 'EUR' }, threshold: 400 };
      await expect(activities(true).deliverPriceWebhook({ watchId, url, alertId, payload })).resolves.toEqual({ status: 204 });
      const delivery = receiver.deliveries.at(-1) as WebhookDelivery;
      expect(delivery.headers).toMatchObject({ 'webhook-id': alertId, 'webhook-timestamp': expect.stringMatching(/^\d{10}$/), 'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/) });
      expect(delivery.headers['x-tripsage-signature']).toBeUndefined();
      const headers = delivery.headers as Record<string, string>;

      // A receiver using the reference library, and one following the spec by hand, both accept it.
      expect(new Webhook(secret).verify(delivery.body, headers)).toEqual(payload);
      expect(verifyBySpec(secret, delivery.headers, delivery.body)).toBe(true);

      // The same delivery replayed six minutes later: the signed timestamp gives it away.
      const sixMinutesLater = Date.now() + 6 * 60_000;
      const clock = jest.spyOn(Date, 'now').mockReturnValue(sixMinutesLater);
      try {
        expect(() => new Webhook(secret).verify(delivery.body, headers)).toThrow(new WebhookVerificationError('Message timestamp too old'));
      } finally {
        clock.mockRestore();
      }
      expect(verifyBySpec(secret, delivery.headers, delivery.body, sixMinutesLater / 1000)).toBe(false);
      // Nor can the replay bring its own fresh timestamp: the signature covers the old one.
      const refreshed = { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 60) };
      expect(() => new Webhook(secret).verify(delivery.body, refreshed)).toThrow(WebhookVerificationError);
      // A tampered body, or another watch's secret, does not verify.
      expect(() => new Webhook(secret).verify(delivery.body.replace('399', '1'), headers)).toThrow(new WebhookVerificationError('No matching signature found'));
      expect(() => new Webhook(newWebhookSecret()).verify(delivery.body, headers)).toThrow(WebhookVerificationError);
    });

    it('keeps verifying secrets issued before Standard Webhooks (whsec_ + hex), as the libraries read them', async () => {
      const legacySecret = `whsec_${'0123456789abcdef'.repeat(3)}`;
      const url = `http://127.0.0.1:${receiver.port}/legacy`;
      const watchId = await watchWithWebhook(url, legacySecret);
      await activities(true).deliverPriceWebhook({ watchId, url, alertId: `${watchId}:alert:1`, payload: { watchId } });
      const delivery = receiver.deliveries.at(-1) as WebhookDelivery;
      expect(new Webhook(legacySecret).verify(delivery.body, delivery.headers as Record<string, string>)).toEqual({ watchId });
      expect(verifyBySpec(legacySecret, delivery.headers, delivery.body)).toBe(true);
    });

    it('fails a delivery to a private host finally (WebhookUrlNotPublic), literal or resolved, and sends nothing', async () => {
      const before = receiver.deliveries.length;
      for (const url of [`http://127.0.0.1:${receiver.port}/hook`, `http://localhost:${receiver.port}/hook`]) {
        const watchId = await watchWithWebhook(url, newWebhookSecret());
        const error = await activities(false)
          .deliverPriceWebhook({ watchId, url, alertId: `${watchId}:alert:1`, payload: { watchId } })
          .then(() => null, (caught: unknown) => caught);
        expect(error).toBeInstanceOf(ApplicationFailure);
        expect(error).toMatchObject({ type: 'WebhookUrlNotPublic', nonRetryable: true, message: expect.stringMatching(/is loopback/) });
      }
      expect(receiver.deliveries.length).toBe(before);
    });
  });
});
