// Custom search attributes: operators filter runs by these in the Temporal UI (and `GET /api/runs`).
// They are registered with the dev server at start (scripts/lib/temporalServer.ts) and with external clusters
// by `npm run temporal:register`.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const TripIdAttribute = defineSearchAttributeKey('TripId', SearchAttributeType.KEYWORD);
export const UserIdAttribute = defineSearchAttributeKey('UserId', SearchAttributeType.KEYWORD);
export const TripStatusAttribute = defineSearchAttributeKey('TripStatus', SearchAttributeType.KEYWORD);
export const DestinationAttribute = defineSearchAttributeKey('Destination', SearchAttributeType.KEYWORD);
export const BookingStatusAttribute = defineSearchAttributeKey('BookingStatus', SearchAttributeType.KEYWORD);
export const WatchStatusAttribute = defineSearchAttributeKey('WatchStatus', SearchAttributeType.KEYWORD);
/** Set while a trip's last turn or change failed and was rolled back (filter: `TurnFailed = true`). */
export const TurnFailedAttribute = defineSearchAttributeKey('TurnFailed', SearchAttributeType.BOOL);

export const platformSearchAttributes = [
  TripIdAttribute,
  UserIdAttribute,
  TripStatusAttribute,
  DestinationAttribute,
  BookingStatusAttribute,
  WatchStatusAttribute,
  TurnFailedAttribute,
] as const;
