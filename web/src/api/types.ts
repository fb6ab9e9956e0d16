// Response and request types of the API, taken from the API's own zod schemas and domain types
// (type-only imports: nothing server-side reaches the bundle).
import type { z } from 'zod';
import type { apiKeyViewSchema, createdApiKeyResponseSchema } from '../../../contracts/auth.js';
import type { memoryView } from '../../../contracts/memories.js';
import type { runView } from '../../../contracts/runs.js';
import type { collaboratorListView, messageAcceptedView, messageStatusView, tripView } from '../../../contracts/trips.js';
import type { BookingResource as BookingView } from '../../../contracts/bookings.js';
import type { travelerView } from '../../../contracts/travelers.js';
import type { WatchState } from '../../../domain/priceWatch.js';
import type { TripRequest } from '../../../domain/trip.js';
import type { ReplyDelta, TripEventRecord } from '../../../contracts/realtime.js';
import type { createdWatchView, pricePointPageView, pricePointView, watchSummaryView } from '../../../contracts/watches.js';

export type {
  BudgetBreakdown,
  DailyWeather,
  FlightOffer,
  FlightSegment,
  ItineraryDay,
  Money,
  SendMessageResult,
  StayOffer,
  TripPlan,
  TripRequest,
  TripBookingRef,
  TripState,
  TripStatus,
} from '../../../domain/trip.js';
export type { BookingView, WatchState };

export type TripView = z.output<typeof tripView>;
export type Traveler = z.output<typeof travelerView>;
export type CollaboratorList = z.output<typeof collaboratorListView>;
export type Memory = z.output<typeof memoryView>;
export type ApiKeyView = z.output<typeof apiKeyViewSchema>;
export type CreatedApiKey = z.output<typeof createdApiKeyResponseSchema>;
export type Run = z.output<typeof runView>;
export type TripEvent = TripEventRecord;
export type { ReplyDelta };
/** POST /trips/:id/messages: the turn was accepted and runs on. */
export type MessageAccepted = z.output<typeof messageAcceptedView>;
export type MessageStatus = z.output<typeof messageStatusView>;

export interface ParseResult {
  request: TripRequest;
  mentioned: string[];
}

export type WatchSummary = z.output<typeof watchSummaryView>;
export type CreatedWatch = z.output<typeof createdWatchView>;
export type PricePoint = z.output<typeof pricePointView>;
export type PricePointPage = z.output<typeof pricePointPageView>;
