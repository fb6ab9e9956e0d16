// priceWatchWorkflow (`pricewatch:<watchId>`): watches one flight route/dates/cabin or one stay for a
// target price and/or a percent drop, until departure.
//
// Why a durable-timer loop and not a Temporal Schedule: a watch is an entity with state that every check
// needs (the reference price, whether alerting is armed, the last alerted price), and a Schedule would
// start a fresh workflow per check that has to load and save that state somewhere else. The loop keeps
// it in the workflow: cadence, target and pause/resume change at runtime through validated updates that
// wake the timer at once (a Schedule would need its spec rewritten and its state reconciled); alert
// dedup is a field, not a distributed lock; expiry at departure is a timer bound; and continue-as-new
// every N checks bounds history while carrying the state. One workflow per watch also gives operators
// one place (and one search attribute, WatchStatus) to look at.
//
// Jitter: thousands of watches created together with one cadence would all fire in the same second and
// hit providers in bursts. Each check fires at its slot on the watch's grid (anchor + k · cadence) plus
// an offset of up to ±10 % of the cadence (at most ±5 min) derived from a hash of the watch id and the
// check number: spread, yet deterministic on replay (no Math.random), and not accumulating (the grid,
// not the previous jittered time, is the base).
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import type { PriceWatchActivities, WatchSettings } from '../activities/priceWatch.js';
import {
  alertThreshold,
  ANY_FLIGHT,
  DEFAULT_CADENCE_MINUTES,
  DEFAULT_MAX_CHECKS_PER_RUN,
  DEFAULT_REALERT_DROP_PERCENT,
  departureInstant,
  MAX_CADENCE_MINUTES,
  MIN_CADENCE_MINUTES,
  type PriceObservation,
  type PriceWatchInput,
  type WatchAlert,
  type WatchChange,
  type WatchMatch,
  type WatchState,
  type WatchStatus,
  type WatchTarget,
} from '../domain/priceWatch.js';
import { cabinClasses } from '../domain/trip.js';
import { workflowIds } from './ids.js';
import { decidePatchesAtStart } from './patches.js';
import { TripIdAttribute, UserIdAttribute, WatchStatusAttribute } from './searchAttributes.js';
import { isIsoDate, isThreeLetterCode } from '../contracts/primitives.js';
import { describeFailure, isCount, isRecord, reject } from './validators.js';

export const changeWatchUpdate = defineUpdate<WatchState, [WatchChange]>('changeWatch');
export const pauseWatchUpdate = defineUpdate<WatchState, []>('pause');
export const resumeWatchUpdate = defineUpdate<WatchState, []>('resume');
export const stopWatchUpdate = defineUpdate<WatchState, []>('stop');
export const getWatchQuery = defineQuery<WatchState>('getWatch');

const RECENT_POINTS = 20;
/**
 * Checks quote the watched flight (exact) or the cheapest meeting the criteria, and record "not offered"
 * points. Runs whose history predates it replay their old path: the cheapest offer on the route.
 */
const QUOTED_FLIGHT_PATCH = 'price-watch-quoted-flight';
const NOT_OFFERED = 'not offered on this check';
const MAX_JITTER_MS = 5 * 60_000;
const JITTER_SHARE = 0.1;

/**
 * A check is one quote and two row writes: it runs as a local activity, so a check costs one workflow
 * task (timer fired → quote → next timer) instead of two plus an activity task round trip. That halves
 * the server's work per check, which is what bounds how many watches one cluster and worker carry
 * (bench/priceWatches.ts). Retries back off inside the worker; a backoff above 15 s becomes a timer.
 *
 * A check that fails on an outage (the database, Redis or the provider down) is retried until it succeeds
 * or until shortly before the next check is due (a window and the attempts that fit in it, set per check): a
 * watch whose check fell into an outage gets its quote once the outage ends instead of skipping a slot.
 * Only a request the provider refuses fails at once. Options change no command a recorded history holds:
 * runs in flight replay as before (test/replay.test.ts).
 */
const checking: LocalActivityOptions = {
  startToCloseTimeout: '30s',
  localRetryThreshold: '15s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: ['ProviderInputError'] },
};
/** However late a check fires, it may retry this long (a few attempts) even when the next check is sooner. */
const MIN_CHECK_WINDOW_MS = 5_000;
/** Longest wait between two attempts of a check (a tenth of the cadence when that is shorter, at least 1 s). */
const MAX_CHECK_BACKOFF_MS = 60_000;
const recording: ActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '30s' },
};
const delivering: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 3, maximumInterval: '5m', maximumAttempts: 8, nonRetryableErrorTypes: ['WebhookRejected', 'WebhookSecretMissing'] },
};

const check = proxyLocalActivities<PriceWatchActivities>(checking);
const store = proxyActivities<PriceWatchActivities>(recording);
const webhook = proxyActivities<PriceWatchActivities>(delivering);

export async function priceWatchWorkflow(input: PriceWatchInput): Promise<WatchState> {
  validateWatchInput(input);
  decidePatchesAtStart([QUOTED_FLIGHT_PATCH]);
  // State carried from a run that predates quoted-flight tracking lacks its fields: any flight, as it watched.
  const legacy: Partial<Pick<WatchState, 'match' | 'notOfferedChecks'>> | undefined = input.carried;
  const state: WatchState = input.carried
    ? { ...input.carried, match: legacy?.match ?? input.match ?? ANY_FLIGHT, notOfferedChecks: legacy?.notOfferedChecks ?? 0, runs: input.carried.runs + 1 }
    : initialState(input);
  const maxChecksPerRun = input.maxChecksPerRun ?? DEFAULT_MAX_CHECKS_PER_RUN;
  let checksThisRun = 0;
  let wake = false;
  let pendingDeliveries = 0;
  // Row writes are chained, so they land in the order the changes were made, the registration first.
  let settingsWrites: Promise<void> = Promise.resolve();

  upsertSearchAttributes([
    { key: WatchStatusAttribute, value: state.status },
    { key: UserIdAttribute, value: state.userId },
    ...(state.tripId ? [{ key: TripIdAttribute, value: state.tripId }] : []),
  ]);

  const snapshot = (): WatchState => JSON.parse(JSON.stringify(state)) as WatchState;
  const settings = (): WatchSettings => ({
    watchId: state.watchId,
    status: state.status,
    targetPrice: state.targetPrice,
    dropPercent: state.dropPercent,
    currency: state.currency,
    cadenceMinutes: state.cadenceMinutes,
  });

  function persistSettings(): Promise<void> {
    const current = settings();
    settingsWrites = settingsWrites.then(() => store.recordWatchSettings(current));
    return settingsWrites;
  }

  function setStatus(status: WatchStatus): Promise<void> {
    state.status = status;
    upsertSearchAttributes([{ key: WatchStatusAttribute, value: status }]);
    wake = true;
    return persistSettings();
  }

  setHandler(getWatchQuery, snapshot);

  setHandler(
    changeWatchUpdate,
    async (change) => {
      const criteriaChanged = 'targetPrice' in change || 'dropPercent' in change;
      if ('targetPrice' in change) state.targetPrice = change.targetPrice ?? null;
      if ('dropPercent' in change) {
        state.dropPercent = change.dropPercent ?? null;
        // A new drop criterion counts from the price now.
        state.referencePrice = state.lastPrice?.price.amount ?? null;
      }
      // New criteria are judged afresh: the next check at or below the new threshold alerts.
      if (criteriaChanged) state.armed = true;
      if (change.cadenceMinutes !== undefined && change.cadenceMinutes !== state.cadenceMinutes) {
        state.cadenceMinutes = change.cadenceMinutes;
        const lastCheck = state.lastPrice ? Date.parse(state.lastPrice.observedAt) : Date.now();
        reschedule(Math.max(Date.now(), lastCheck + cadenceMs()));
      }
      wake = true;
      await persistSettings();
      return snapshot();
    },
    {
      validator: (change) => validateChange(change, state),
      description: 'Change the target price, the drop percent and/or the cadence (minutes).',
    },
  );

  setHandler(
    pauseWatchUpdate,
    async () => {
      await setStatus('paused');
      return snapshot();
    },
    { validator: () => requireStatus(state, ['active'], 'pause'), description: 'Pause checking (the watch still ends at departure).' },
  );

  setHandler(
    resumeWatchUpdate,
    async () => {
      // A check missed while paused runs right away (no jitter); otherwise the schedule continues.
      if (Date.parse(state.nextCheckAt) < Date.now()) {
        state.nextGridAt = new Date().toISOString();
        state.nextCheckAt = state.nextGridAt;
      }
      await setStatus('active');
      return snapshot();
    },
    { validator: () => requireStatus(state, ['paused'], 'resume'), description: 'Resume checking.' },
  );

  setHandler(
    stopWatchUpdate,
    async () => {
      await setStatus('stopped');
      return snapshot();
    },
    { validator: () => requireStatus(state, ['active', 'paused'], 'stop'), description: 'Stop the watch; the workflow completes.' },
  );

  // Handlers are registered before the first await, so queries and updates work from the first task.
  if (!input.carried) {
    const registration = { ...settings(), userId: state.userId, tripId: state.tripId, target: state.target, match: state.match, webhookUrl: state.webhookUrl, expiresAt: state.expiresAt, workflowId: workflowIds.priceWatch(state.watchId) };
    settingsWrites = store.registerWatch(registration);
  }
  await settingsWrites;

  function cadenceMs(): number {
    return Math.round(state.cadenceMinutes * 60_000);
  }

  /** Plans the next check on a grid anchored at `gridAt`, plus this check's deterministic jitter. */
  function reschedule(gridAt: number): void {
    state.nextGridAt = new Date(gridAt).toISOString();
    state.nextCheckAt = new Date(gridAt + jitterMs(state.watchId, state.checks + 1, cadenceMs())).toISOString();
  }

  async function runCheck(): Promise<void> {
    const scheduledAt = state.nextCheckAt;
    const firedAt = new Date();
    state.checks += 1;
    checksThisRun += 1;
    const tracksQuotedFlight = patched(QUOTED_FLIGHT_PATCH);
    try {
      // Retried until shortly before the next slot on the grid, so that slot still runs. The SDK does not stop
      // in-worker retries at scheduleToClose, so the attempts whose backoffs fit in the window are counted too.
      const backoffCapMs = Math.min(MAX_CHECK_BACKOFF_MS, Math.max(1_000, cadenceMs() / 10));
      const retryWindowMs = Math.max(MIN_CHECK_WINDOW_MS, Date.parse(state.nextGridAt) + cadenceMs() - 2 * backoffCapMs - firedAt.getTime());
      const retry = { maximumInterval: backoffCapMs, maximumAttempts: attemptsWithin(retryWindowMs, backoffCapMs) };
      const observation = await check.checkPrice.executeWithOptions({ scheduleToCloseTimeout: retryWindowMs, retry, summary: `Check #${state.checks} ${describeTarget(state.target)}` }, [
        { watchId: state.watchId, checkKey: `check:${state.checks}`, target: state.target, at: firedAt.toISOString(), scheduledAt, ...(tracksQuotedFlight && { match: state.match }) },
      ]);
      if (observation) await observe(observation);
      else if (tracksQuotedFlight) {
        // Not offered (or nothing meets the criteria): no price, no alert, the baseline unchanged.
        state.notOfferedChecks += 1;
        state.lastError = NOT_OFFERED;
      } else state.lastError = 'no matching offer';
    } catch (error) {
      if (isCancellation(error)) throw error;
      state.failedChecks += 1;
      state.lastError = describeFailure(error);
      log.warn('price check failed', { watchId: state.watchId, check: state.checks, reason: state.lastError });
    }
    if (state.nextCheckAt === scheduledAt) {
      // The next free slot on the grid (slots missed while the check ran or the worker was away are skipped).
      const step = cadenceMs();
      const grid = Date.parse(state.nextGridAt);
      const slots = Math.max(1, Math.floor((Date.now() - grid) / step) + 1);
      reschedule(grid + slots * step);
    }
  }

  async function observe(observation: PriceObservation): Promise<void> {
    const amount = observation.price.amount;
    if (state.currency === null) state.currency = observation.price.currency;
    if (observation.price.currency !== state.currency) {
      state.lastError = `price quoted in ${observation.price.currency}, the watch is in ${state.currency}`;
      return;
    }
    state.lastError = null;
    // The first quote is the baseline: only a target price can make it alert (a drop counts from it).
    const firstQuote = state.lastPrice === null;
    state.lastPrice = observation;
    state.recent = [...state.recent, { at: observation.observedAt, amount }].slice(-RECENT_POINTS);
    if (!state.lowestPrice || amount < state.lowestPrice.amount) state.lowestPrice = observation.price;
    if (state.referencePrice === null) state.referencePrice = amount;

    const threshold = firstQuote ? state.targetPrice : alertThreshold(state);
    if (threshold === null) return;
    if (amount > threshold) {
      state.armed = true; // back above: the next drop alerts again
      return;
    }
    if (state.armed) return alert('threshold', observation, threshold);
    const lastAlerted = state.lastAlert?.price.amount;
    if (lastAlerted !== undefined && amount <= lastAlerted * (1 - state.realertDropPercent / 100)) return alert('new-low', observation, threshold);
  }

  async function alert(reason: WatchAlert['reason'], observation: PriceObservation, threshold: number): Promise<void> {
    state.alerts += 1;
    state.armed = false;
    const alertRecord: WatchAlert = {
      alertId: `${state.watchId}:alert:${state.alerts}`,
      reason,
      price: observation.price,
      threshold,
      observedAt: observation.observedAt,
      offerId: observation.offerId,
      flight: observation.flight ?? null,
    };
    state.lastAlert = alertRecord;
    await store.recordPriceAlert({ watchId: state.watchId, tripId: state.tripId, alert: alertRecord, target: state.target });
    const url = state.webhookUrl;
    if (!url) return;
    // Delivered in the background with its own retries: a slow receiver must not delay the next check.
    pendingDeliveries += 1;
    const payload = { type: 'price.alert', watchId: state.watchId, tripId: state.tripId, ...alertRecord, summary: observation.summary, target: state.target };
    void webhook.deliverPriceWebhook
      .executeWithOptions({ ...delivering, summary: `Webhook ${alertRecord.alertId}` }, [{ watchId: state.watchId, url, alertId: alertRecord.alertId, payload }])
      .then(
        () => {
          state.webhook.delivered += 1;
        },
        (error: unknown) => {
          state.webhook.failed += 1;
          state.webhook.lastError = describeFailure(error);
        },
      )
      .finally(() => (pendingDeliveries -= 1));
  }

  while (state.status === 'active' || state.status === 'paused') {
    if (checksThisRun >= maxChecksPerRun || workflowInfo().continueAsNewSuggested) break;
    const now = Date.now();
    const expiry = Date.parse(state.expiresAt);
    if (now >= expiry) {
      await setStatus('expired');
      break;
    }
    wake = false;
    if (state.status === 'paused') {
      await condition(() => wake, expiry - now);
      continue;
    }
    const due = Date.parse(state.nextCheckAt);
    if (now < due) {
      await condition(() => wake, Math.min(due, expiry) - now);
      continue;
    }
    await runCheck();
  }

  await condition(() => allHandlersFinished() && pendingDeliveries === 0);
  await settingsWrites;
  if (state.status === 'active' || state.status === 'paused') {
    return continueAsNew<typeof priceWatchWorkflow>({ ...input, carried: state });
  }
  return snapshot();
}

function initialState(input: PriceWatchInput): WatchState {
  const now = new Date().toISOString();
  const departure = departureInstant(input.target);
  const expiresAt = input.expiresAt && Date.parse(input.expiresAt) < Date.parse(departure) ? new Date(input.expiresAt).toISOString() : departure;
  return {
    watchId: input.watchId,
    userId: input.userId,
    tripId: input.tripId ?? null,
    target: input.target,
    match: input.target.kind === 'flight' ? (input.match ?? ANY_FLIGHT) : ANY_FLIGHT,
    status: 'active',
    targetPrice: input.targetPrice ?? null,
    dropPercent: input.dropPercent ?? null,
    referencePrice: null,
    currency: input.currency ?? null,
    cadenceMinutes: input.cadenceMinutes ?? DEFAULT_CADENCE_MINUTES,
    webhookUrl: input.webhookUrl ?? null,
    realertDropPercent: input.realertDropPercent ?? DEFAULT_REALERT_DROP_PERCENT,
    expiresAt,
    nextGridAt: now,
    nextCheckAt: now, // the first check runs at once
    checks: 0,
    failedChecks: 0,
    notOfferedChecks: 0,
    runs: 1,
    lastPrice: null,
    lowestPrice: null,
    armed: true,
    lastAlert: null,
    alerts: 0,
    webhook: { delivered: 0, failed: 0, lastError: null },
    lastError: null,
    recent: [],
  };
}

/** How many attempts of a check fit in `windowMs`: the backoffs of `checking` (1 s, doubling, capped at `capMs`) add up to at most the window. */
function attemptsWithin(windowMs: number, capMs: number): number {
  let attempts = 1;
  let waited = 0;
  for (let backoff = 1_000; waited + Math.min(backoff, capMs) <= windowMs; backoff *= 2) {
    waited += Math.min(backoff, capMs);
    attempts += 1;
  }
  return attempts;
}

/** Deterministic jitter in ±min(10 % of the cadence, 5 min): FNV-1a of `<watchId>:<check number>`. */
export function jitterMs(watchId: string, checkNumber: number, cadenceMs: number): number {
  let hash = 0x811c9dc5;
  const text = `${watchId}:${checkNumber}`;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const span = Math.min(cadenceMs * JITTER_SHARE, MAX_JITTER_MS);
  return Math.round(((hash / 2 ** 32) * 2 - 1) * span);
}

function describeTarget(target: WatchTarget): string {
  return target.kind === 'flight'
    ? `${target.origin}→${target.destination} ${target.departDate}${target.returnDate ? `/${target.returnDate}` : ''} ${target.cabinClass}`
    : `${target.hotelName ?? 'stays'} in ${target.cityCode} ${target.checkIn}–${target.checkOut}`;
}

// ---- Validation (plain functions: no zod in workflow code, see validators.ts) ----

function validatePrice(field: string, value: unknown): void {
  if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1_000_000)) reject(field, 'must be a positive amount or null');
}

function validatePercent(field: string, value: unknown): void {
  if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 95)) reject(field, 'must be a percentage above 0 and at most 95, or null');
}

function validateCadence(value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_CADENCE_MINUTES || value > MAX_CADENCE_MINUTES) {
    reject('cadenceMinutes', `must be from ${MIN_CADENCE_MINUTES} to ${MAX_CADENCE_MINUTES} minutes`);
  }
}

function validateTarget(target: unknown): void {
  if (!isRecord(target)) reject('target', 'must be an object');
  if (target.kind === 'flight') {
    if (!isThreeLetterCode(target.origin) || !isThreeLetterCode(target.destination)) reject('target', 'origin and destination must be IATA codes');
    if (!isIsoDate(target.departDate)) reject('target.departDate', 'must be a date YYYY-MM-DD');
    if (target.returnDate !== null && (!isIsoDate(target.returnDate) || target.returnDate < (target.departDate as string))) reject('target.returnDate', 'must be a date on or after departDate, or null');
    if (!cabinClasses.includes(target.cabinClass as never)) reject('target.cabinClass', `must be one of ${cabinClasses.join(', ')}`);
  } else if (target.kind === 'stay') {
    if (!isThreeLetterCode(target.cityCode)) reject('target.cityCode', 'must be an IATA city code');
    if (typeof target.latitude !== 'number' || typeof target.longitude !== 'number' || Math.abs(target.latitude) > 90 || Math.abs(target.longitude) > 180) reject('target', 'latitude/longitude are invalid');
    if (!isIsoDate(target.checkIn) || !isIsoDate(target.checkOut) || target.checkOut <= target.checkIn) reject('target', 'checkIn and checkOut must be dates, checkOut after checkIn');
    if (!isCount(target.rooms, 1, 9)) reject('target.rooms', 'must be an integer from 1 to 9');
    if (target.hotelName !== undefined && target.hotelName !== null && (typeof target.hotelName !== 'string' || target.hotelName.length > 200)) reject('target.hotelName', 'must be a hotel name or null');
  } else {
    reject('target.kind', 'must be flight or stay');
  }
  if (!isCount(target.adults, 1, 9)) reject('target.adults', 'must be an integer from 1 to 9');
  if (!isCount(target.children, 0, 8)) reject('target.children', 'must be an integer from 0 to 8');
}

function validateWatchInput(input: PriceWatchInput): void {
  if (!isRecord(input)) reject('input', 'must be an object');
  if (input.carried) return; // validated when the watch started
  if (typeof input.watchId !== 'string' || input.watchId.length === 0 || input.watchId.length > 100) reject('watchId', 'is required');
  if (typeof input.userId !== 'string' || input.userId.length === 0) reject('userId', 'is required');
  validateTarget(input.target);
  validatePrice('targetPrice', input.targetPrice ?? null);
  validatePercent('dropPercent', input.dropPercent ?? null);
  if ((input.targetPrice ?? null) === null && (input.dropPercent ?? null) === null) reject('input', 'a targetPrice, a dropPercent or both are required');
  if (input.currency !== undefined && input.currency !== null && !isThreeLetterCode(input.currency)) reject('currency', 'must be an ISO 4217 code');
  if (input.cadenceMinutes !== undefined) validateCadence(input.cadenceMinutes);
  if (input.webhookUrl !== undefined && input.webhookUrl !== null && (typeof input.webhookUrl !== 'string' || !/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(input.webhookUrl) || input.webhookUrl.length > 2_000)) {
    reject('webhookUrl', 'must be an http(s) URL');
  }
  if (input.expiresAt !== undefined && input.expiresAt !== null && Number.isNaN(Date.parse(input.expiresAt))) reject('expiresAt', 'must be an ISO instant');
  if (input.realertDropPercent !== undefined) validatePercent('realertDropPercent', input.realertDropPercent);
  if (input.maxChecksPerRun !== undefined && !isCount(input.maxChecksPerRun, 1, 10_000)) reject('maxChecksPerRun', 'must be an integer from 1 to 10000');
  if (input.match !== undefined) validateMatch(input.match, input.target);
}

const isLocalDateTime = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value);
const isClock = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value));

function validateSegments(field: string, segments: unknown, required: boolean): void {
  if (!Array.isArray(segments) || (required && segments.length === 0) || segments.length > 8) reject(field, required ? 'must list 1 to 8 flights' : 'must list up to 8 flights');
  for (const segment of segments as unknown[]) {
    if (!isRecord(segment) || typeof segment.carrierCode !== 'string' || typeof segment.flightNumber !== 'string' || !isThreeLetterCode(segment.origin) || !isThreeLetterCode(segment.destination) || !isLocalDateTime(segment.departAt)) {
      reject(field, 'each flight needs carrierCode, flightNumber, origin, destination and departAt');
    }
  }
}

function validateMatch(match: WatchMatch, target: WatchTarget): void {
  if (!isRecord(match)) reject('match', 'must be an object');
  if (match.mode === 'exact') {
    if (target.kind !== 'flight') reject('match.mode', 'exact applies to flight watches only');
    if (!isRecord(match.flight) || !cabinClasses.includes(match.flight.cabinClass as never)) reject('match.flight.cabinClass', `must be one of ${cabinClasses.join(', ')}`);
    validateSegments('match.flight.outbound', match.flight.outbound, true);
    validateSegments('match.flight.inbound', match.flight.inbound, false);
  } else if (match.mode === 'any') {
    const criteria: unknown = match.criteria;
    if (!isRecord(criteria)) reject('match.criteria', 'must be an object');
    if (criteria.maxStops !== undefined && criteria.maxStops !== null && !isCount(criteria.maxStops, 0, 3)) reject('match.criteria.maxStops', 'must be an integer from 0 to 3');
    if (criteria.maxDurationMinutes !== undefined && criteria.maxDurationMinutes !== null && !isCount(criteria.maxDurationMinutes, 30, 7 * 24 * 60)) reject('match.criteria.maxDurationMinutes', 'must be whole minutes from 30 to 10080');
    if (!isClock(criteria.departAfter)) reject('match.criteria.departAfter', 'must be a local time HH:MM');
    if (!isClock(criteria.departBefore)) reject('match.criteria.departBefore', 'must be a local time HH:MM');
  } else {
    reject('match.mode', 'must be exact or any');
  }
}

function requireStatus(state: WatchState, allowed: WatchStatus[], action: string): void {
  if (!allowed.includes(state.status)) reject('status', `cannot ${action} a watch that is ${state.status}`, 'WatchStateConflict');
}

function validateChange(change: unknown, state: WatchState): asserts change is WatchChange {
  requireStatus(state, ['active', 'paused'], 'change');
  if (!isRecord(change)) reject('input', 'must be an object');
  const keys = Object.keys(change);
  for (const key of keys) if (!['targetPrice', 'dropPercent', 'cadenceMinutes'].includes(key)) reject(key, 'is not a known field');
  if (keys.length === 0) reject('input', 'at least one of targetPrice, dropPercent, cadenceMinutes is required');
  if ('targetPrice' in change) validatePrice('targetPrice', change.targetPrice);
  if ('dropPercent' in change) validatePercent('dropPercent', change.dropPercent);
  if ('cadenceMinutes' in change) validateCadence(change.cadenceMinutes);
  const targetPrice = 'targetPrice' in change ? change.targetPrice : state.targetPrice;
  const dropPercent = 'dropPercent' in change ? change.dropPercent : state.dropPercent;
  if ((targetPrice ?? null) === null && (dropPercent ?? null) === null) reject('input', 'a watch needs a targetPrice or a dropPercent');
}
