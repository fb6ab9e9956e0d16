// Price watch activities: quote the watched product at the workflow's check time (the sandbox's clock is
// the workflow's, so simulated weeks move simulated prices), store every PricePoint, keep the PriceWatch
// row current, record alerts on the trip's event log and deliver signed webhooks.
import { ApplicationFailure } from '@temporalio/activity';
import { ANY_FLIGHT, pickWatchedFlight, quotedFlightOf, type PriceObservation, type QuotedFlight, type WatchAlert, type WatchMatch, type WatchStatus, type WatchTarget } from '../domain/priceWatch.js';
import type { FlightOffer, StayOffer } from '../domain/trip.js';
import type { PrismaClient } from '../infra/db.js';
import { openSealedSecret, sealSecret, webhookSecretContext, type EncryptionKeys } from '../infra/credentials.js';
import type { Logger } from '../infra/logger.js';
import { nonPublicAddressReasonOf, nonPublicUrlReason, publicOnlyAgent } from '../infra/publicUrl.js';
import type { TripEventLog } from '../infra/tripEvents.js';
import { newWebhookSecret, postWebhook } from '../infra/webhooks.js';
import { snapshotConverter } from '../providers/fx.js';
import type { CurrencyConverter } from '../providers/types.js';
import { priceWatchRow, storedCadence } from '../domain/priceWatchRow.js';
import { toActivityFailure } from './heartbeat.js';
import type { OffersAt } from './booking.js';

export interface PriceWatchDeps {
  prisma: PrismaClient;
  events: TripEventLog;
  logger: Logger;
  offersAt: OffersAt;
  /** Deliver to loopback/private addresses too (WEBHOOK_ALLOW_PRIVATE_HOSTS; development and tests only). */
  allowPrivateWebhookHosts?: boolean;
  /** Seal and open webhook signing secrets (the credential keys). */
  keys: EncryptionKeys;
  /** Exchange rates: quotes in another currency are converted into the watch's (the bundled snapshot by default). */
  fx?: CurrencyConverter;
}

const WEBHOOK_TIMEOUT_MS = 10_000;

/** The quoted offer stored in a PricePoint's details (`details.offer`). */
export type PricePointOffer = { kind: 'flight'; flight: FlightOffer } | { kind: 'stay'; stay: StayOffer };

export interface WatchSettings {
  watchId: string;
  status: WatchStatus;
  targetPrice: number | null;
  dropPercent: number | null;
  currency: string | null;
  cadenceMinutes: number;
}

export function createPriceWatchActivities(deps: PriceWatchDeps) {
  const { prisma, events } = deps;
  const fx = deps.fx ?? snapshotConverter;
  // Webhook connections go only to the addresses their own DNS lookup checked (infra/publicUrl.ts).
  const webhookDispatcher = publicOnlyAgent({ allowPrivateHosts: deps.allowPrivateWebhookHosts ?? false });

  /** A quote in the watch's currency (its trip's), so prices, thresholds and alerts compare like with like. */
  async function inWatchCurrency(watchId: string, price: FlightOffer['price']): Promise<FlightOffer['price']> {
    const rows = await prisma.$queryRaw<{ currency: string }[]>`SELECT currency FROM price_watches WHERE id = ${watchId}::uuid`;
    const currency = rows[0]?.currency;
    if (!currency || currency === price.currency) return price;
    return (await fx.convert(price, currency).catch(() => ({ money: price }))).money;
  }

  return {
    /** Creates the PriceWatch row (with a webhook secret) unless the API already did. */
    async registerWatch(input: WatchSettings & { userId: string; tripId: string | null; target: WatchTarget; match?: WatchMatch; webhookUrl: string | null; expiresAt: string; workflowId: string }): Promise<void> {
      await prisma.priceWatch.createMany({
        data: [
          {
            ...priceWatchRow({ ...input, webhookSecret: input.webhookUrl ? sealSecret(deps.keys, newWebhookSecret(), webhookSecretContext(input.watchId)) : null }),
            status: input.status,
            expiresAt: new Date(input.expiresAt),
          },
        ],
        skipDuplicates: true,
      });
    },

    /**
     * One check (a local activity): quotes the watched offer at `at` (the watched flight for an exact watch,
     * else the cheapest offer meeting the criteria) and stores the PricePoint once per check (keyed by
     * checkKey), with the flight it quotes. When nothing matches and the workflow passed a `match`, the point
     * records "not offered on this check" (no price) and null is returned. `scheduledAt`/`at` are the
     * timer's planned and actual fire times as the workflow saw them; their difference is the timer's lateness.
     */
    async checkPrice(input: { watchId: string; checkKey: string; target: WatchTarget; at: string; scheduledAt: string; match?: WatchMatch }): Promise<PriceObservation | null> {
      const activityStartedAt = Date.now();
      const providers = deps.offersAt(new Date(input.at));
      let best: { price: FlightOffer['price']; id: string; summary: string; offer: PricePointOffer; flight: QuotedFlight | null } | null;
      try {
        best = input.target.kind === 'flight' ? watchedFlight(await providers.flights.searchFlights(flightSearch(input.target)), input.match ?? ANY_FLIGHT) : cheapestStay(await providers.stays.searchStays(staySearch(input.target)), input.target.hotelName ?? null);
      } catch (error) {
        throw toActivityFailure(error, 'forTraveler');
      }
      // Quotes are stored and compared in the watch's currency (its trip's).
      if (best) best = { ...best, price: await inWatchCurrency(input.watchId, best.price) };
      const latenessMs = Date.parse(input.at) - Date.parse(input.scheduledAt);
      const timing = { scheduledAt: input.scheduledAt, firedAt: input.at, latenessMs, pickupMs: activityStartedAt - Date.parse(input.at) };
      if (!best) {
        // Runs started before quoted-flight tracking pass no match and keep their old behaviour (no row).
        if (input.match) {
          const details = { ...timing, summary: 'not offered on this check', notOffered: true };
          await prisma.$executeRaw`
            INSERT INTO price_points ("watchId", "checkKey", "observedAt", price, currency, "offerId", flight, details)
            SELECT id, ${input.checkKey}, ${new Date(input.at)}, NULL, currency, NULL, NULL, ${JSON.stringify(details)}::jsonb FROM price_watches WHERE id = ${input.watchId}::uuid
            ON CONFLICT ("watchId", "checkKey") DO NOTHING`;
        }
        return null;
      }
      // The whole offer is kept with the point: "book now" from an alert books exactly what was quoted.
      const details = { ...timing, summary: best.summary, offer: best.offer };
      const flight = best.flight ? JSON.stringify(best.flight) : null;
      // One round trip: the point (once per check key) and the watch's last price.
      await prisma.$executeRaw`
        WITH point AS (
          INSERT INTO price_points ("watchId", "checkKey", "observedAt", price, currency, "offerId", flight, details)
          VALUES (${input.watchId}::uuid, ${input.checkKey}, ${new Date(input.at)}, ${best.price.amount}, ${best.price.currency}, ${best.id}, ${flight}::jsonb, ${JSON.stringify(details)}::jsonb)
          ON CONFLICT ("watchId", "checkKey") DO NOTHING
        )
        UPDATE price_watches SET "lastPrice" = ${best.price.amount}, "updatedAt" = now() WHERE id = ${input.watchId}::uuid`;
      return { price: best.price, offerId: best.id, observedAt: input.at, summary: best.summary, ...(best.flight && { flight: best.flight }) };
    },

    async recordWatchSettings(input: WatchSettings): Promise<void> {
      await prisma.priceWatch.update({
        where: { id: input.watchId },
        data: {
          status: input.status,
          targetPrice: input.targetPrice,
          dropPercent: input.dropPercent,
          ...(input.currency && { currency: input.currency }),
          cadenceMinutes: storedCadence(input.cadenceMinutes),
        },
      });
    },

    /** Records an alert: the row's lastAlertPrice and, for a watch on a trip, a 'price.alert' trip event. */
    async recordPriceAlert(input: { watchId: string; tripId: string | null; alert: WatchAlert; target: WatchTarget }): Promise<number | null> {
      await prisma.priceWatch.update({ where: { id: input.watchId }, data: { lastAlertPrice: input.alert.price.amount } });
      if (!input.tripId) return null;
      const event = await events.append(input.tripId, {
        key: input.alert.alertId,
        type: 'price.alert',
        payload: { watchId: input.watchId, ...input.alert, target: { ...input.target } },
      });
      return event.seq;
    },

    /**
     * POSTs an alert to the watch's webhook, signed per Standard Webhooks with the watch's secret
     * (infra/webhooks.ts): `webhook-id` is the alert id, the same on every retry, so receivers drop
     * duplicates. 2xx is delivered; 4xx other than 408/429 is final; anything else is retried by the policy.
     * A host that resolves to a non-public address is refused when connecting, as a final failure.
     */
    async deliverPriceWebhook(input: { watchId: string; url: string; alertId: string; payload: Record<string, unknown> }): Promise<{ status: number }> {
      const row = await prisma.priceWatch.findUnique({ where: { id: input.watchId }, select: { webhookSecret: true } });
      if (!row?.webhookSecret) throw ApplicationFailure.nonRetryable(`watch ${input.watchId} has no webhook secret`, 'WebhookSecretMissing');
      // The URL itself (scheme, credentials, a literal IP); a host name is checked by the connection's lookup.
      const notPublic = await nonPublicUrlReason(input.url, { allowPrivateHosts: deps.allowPrivateWebhookHosts ?? false, resolveHost: false });
      if (notPublic) throw ApplicationFailure.nonRetryable(`webhook URL ${notPublic}`, 'WebhookUrlNotPublic');
      let status: number;
      try {
        status = await postWebhook({
          url: input.url,
          secret: openSealedSecret(deps.keys, row.webhookSecret, webhookSecretContext(input.watchId)),
          id: input.alertId,
          body: JSON.stringify(input.payload),
          dispatcher: webhookDispatcher,
          headers: { 'X-TripSage-Event': 'price.alert' },
          timeoutMs: WEBHOOK_TIMEOUT_MS,
        });
      } catch (error) {
        const refused = nonPublicAddressReasonOf(error);
        if (refused) throw ApplicationFailure.nonRetryable(`webhook URL ${refused}`, 'WebhookUrlNotPublic');
        throw error;
      }
      if (status >= 200 && status < 300) return { status };
      const message = `webhook ${input.url} answered ${status}`;
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw ApplicationFailure.nonRetryable(message, 'WebhookRejected');
      throw ApplicationFailure.retryable(message, 'WebhookFailed');
    },
  };
}

export type PriceWatchActivities = ReturnType<typeof createPriceWatchActivities>;

function flightSearch(target: Extract<WatchTarget, { kind: 'flight' }>) {
  return {
    origin: target.origin,
    destination: target.destination,
    departDate: target.departDate,
    returnDate: target.returnDate,
    adults: target.adults,
    children: target.children,
    cabinClass: target.cabinClass,
  };
}

function staySearch(target: Extract<WatchTarget, { kind: 'stay' }>) {
  return {
    cityCode: target.cityCode,
    latitude: target.latitude,
    longitude: target.longitude,
    checkIn: target.checkIn,
    checkOut: target.checkOut,
    adults: target.adults,
    children: target.children,
    rooms: target.rooms,
  };
}

/** The offer a flight watch quotes (see pickWatchedFlight), with the flight it is. */
function watchedFlight(offers: FlightOffer[], match: WatchMatch) {
  const best = pickWatchedFlight(offers, match);
  if (!best) return null;
  return { price: best.price, id: best.id, summary: `${best.outbound.map((segment) => segment.flightNumber).join('/')} ${best.stops} stop(s)`, offer: { kind: 'flight' as const, flight: best }, flight: quotedFlightOf(best) };
}

function cheapestStay(offers: StayOffer[], hotelName: string | null) {
  const best = [...offers].filter((offer) => !hotelName || offer.name === hotelName).sort((a, b) => a.totalPrice.amount - b.totalPrice.amount)[0];
  if (!best) return null;
  return { price: best.totalPrice, id: best.id, summary: `${best.name} ${best.nights} night(s)`, offer: { kind: 'stay' as const, stay: best }, flight: null };
}
