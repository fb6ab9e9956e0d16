// Request and response schemas of a trip's bookings and proposals (/api/trips/:id/bookings, /proposals).
// A booking is started from offers of the trip's current plan, named by id; the saga holds them and then
// waits for the traveler's decision: while it waits (status pending_approval) it is a proposal.
import {
  bookingCompensationSteps,
  bookingDecisions,
  bookingForwardSteps,
  bookingStatuses,
  type BookingStepRecord,
  type BookingView,
} from '../domain/booking.js';
import { cardBrands, cardProblems } from '../domain/checkout.js';
import { nonBlankText, RULE_ISSUE_PARAMS } from '../domain/schemas.js';
import { dateTimeSchema, nonNullProperty, orNull, uuidSchema, z } from './common.js';
import { listEnvelope } from './list.js';
import { flightOfferView, moneyView, stayOfferView } from './tripState.js';

const offerId = nonBlankText(200);
const note = z.string().trim().max(500, 'must be at most 500 characters');

/** Saved travelers (GET /api/travelers) who travel: one per adult and child of the trip, each once. */
const travelerIds = z
  .array(uuidSchema)
  .min(1, 'name at least one traveler')
  .max(17, 'must be at most 17 travelers')
  .refine((ids) => new Set(ids).size === ids.length, { message: 'must name each traveler once', params: RULE_ISSUE_PARAMS });

export const startBookingSchema = z
  .object({
    flightOfferId: offerId.nullable().optional().openapi({ description: 'An id from the plan\'s `flightOptions`; null or omitted books no flight.' }),
    stayOfferId: offerId.nullable().optional().openapi({ description: 'An id from the plan\'s `stayOptions`; null or omitted books no stay.' }),
    travelerIds: travelerIds.optional().openapi({
      description:
        'Who travels: ids of the caller\'s saved travelers (`/api/travelers`), as many adults (18 or older on the travel date) and children as the trip has. ' +
        'Required for a signed-in traveler. An API key may omit them (it cannot read passport details); the traveler then names them when approving.',
    }),
  })
  .strict()
  .refine((value) => Boolean(value.flightOfferId) || Boolean(value.stayOfferId), { message: 'name a flightOfferId, a stayOfferId or both', path: ['flightOfferId'] })
  .openapi('StartBooking', { anyOf: [nonNullProperty('flightOfferId', 'string'), nonNullProperty('stayOfferId', 'string')] });
export type StartBookingBody = z.output<typeof startBookingSchema>;

export const decisionNoteSchema = z.object({ note: note.optional() }).strict().openapi('BookingDecisionNote');

/** A card as typed; its rules (Luhn, expiry, CVC length) are checked too, as 422s naming the field (domain/checkout.ts). */
export const cardSchema = z
  .object({
    number: z.string().regex(/^[\d -]{12,23}$/, 'must be the card number: 12 to 19 digits, spaces allowed'),
    expMonth: z.number({ error: 'must be a month number 1–12' }).int('must be a month number 1–12').min(1, 'must be a month number 1–12').max(12, 'must be a month number 1–12'),
    expYear: z.number({ error: 'must be a four-digit year' }).int('must be a four-digit year').min(2000, 'must be a four-digit year').max(2100, 'must be a four-digit year'),
    cvc: z.string().regex(/^\d{3,4}$/, 'must be the 3 or 4 digits on the card'),
  })
  .strict()
  .superRefine((card, ctx) => {
    for (const problem of cardProblems(card, new Date())) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.reason, params: RULE_ISSUE_PARAMS });
  })
  .openapi('Card', { description: 'Sandbox: Stripe\'s test cards. 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined (card_declined); 4000 0000 0000 9995 too (insufficient_funds).' });

export const approveBookingSchema = z
  .object({
    note: note.optional(),
    card: cardSchema,
    travelerIds: travelerIds.optional().openapi({ description: 'Only for a booking started without travelers (by an API key): who travels, as at the start.' }),
  })
  .strict()
  .openapi('ApproveBooking');
export type ApproveBookingBody = z.output<typeof approveBookingSchema>;

export const editProposalSchema = z
  .object({
    flightOfferId: offerId.nullable().optional().openapi({ description: 'A replacement flight from the plan; null drops the flight; omitted keeps it.' }),
    stayOfferId: offerId.nullable().optional().openapi({ description: 'A replacement stay from the plan; null drops the stay; omitted keeps it.' }),
    note: note.optional(),
  })
  .strict()
  .refine((value) => value.flightOfferId !== undefined || value.stayOfferId !== undefined, { message: 'change the flightOfferId, the stayOfferId or both', path: ['flightOfferId'] })
  .openapi('EditProposal', { anyOf: [{ required: ['flightOfferId'] }, { required: ['stayOfferId'] }] });

export const bookingParams = z.object({ id: uuidSchema, bookingId: uuidSchema.openapi({ param: { description: 'Booking id' } }) }).strict();

export const proposalDecisions = bookingDecisions;

const stepRecordView: z.ZodType<BookingStepRecord> = z.object({
  round: z.number().int(),
  step: z.enum(bookingForwardSteps),
  status: z.enum(['running', 'done', 'failed', 'skipped']),
  idempotencyKey: z.string(),
  reference: z.string().nullable(),
  error: z.string().nullable(),
  compensation: z
    .object({
      step: z.enum(bookingCompensationSteps),
      status: z.enum(['registered', 'running', 'done']),
      idempotencyKey: z.string(),
      outcome: z.enum(['undone', 'nothing']).nullable(),
    })
    .nullable(),
});

export const bookingView: z.ZodType<BookingView> = z
  .object({
    bookingId: uuidSchema,
    tripId: uuidSchema,
    userId: uuidSchema,
    status: z.enum(bookingStatuses),
    round: z.number().int(),
    flight: orNull(flightOfferView),
    stay: orNull(stayOfferView),
    amounts: z.object({
      currency: z.string().nullable(),
      flight: orNull(moneyView),
      stay: orNull(moneyView),
      total: orNull(moneyView),
      charged: orNull(moneyView),
      refunded: orNull(moneyView),
    }),
    steps: z.array(stepRecordView),
    approvalDeadline: dateTimeSchema.nullable(),
    decision: z.object({ decision: z.enum(bookingDecisions), note: z.string().nullable(), at: dateTimeSchema }).nullable(),
    failureReason: z.string().nullable(),
  })
  .openapi('Booking', {
    description:
      'The booking saga\'s view (its `getBooking` query): every forward step with its idempotency key and provider reference, and the ' +
      'compensation registered for it (run in reverse order on failure, rejection, timeout or cancellation). A booking whose workflow ' +
      'history is gone is rebuilt from its stored row, without steps.',
  });

/** What the traveler reads about a booking's checkout: who travels, the card, and the references to quote. */
export const bookingCheckoutView = z
  .object({
    travelers: z.array(z.object({ id: uuidSchema, givenName: z.string(), familyName: z.string(), type: z.enum(['adult', 'child']) })).openapi({
      description: 'Who travels (names only). Once confirmed, as booked: still named after the traveler is deleted. Before that, the saved travelers named; one deleted since is left out.',
    }),
    paymentMethod: orNull(z.object({ brand: z.enum(cardBrands), last4: z.string(), expMonth: z.number().int(), expYear: z.number().int() })).openapi({ description: 'The card approved with (never its number).' }),
    references: z.object({
      airline: z.string().nullable().openapi({ description: 'The airline\'s booking reference (record locator).' }),
      hotel: z.string().nullable().openapi({ description: 'The hotel\'s confirmation number.' }),
    }),
  })
  .openapi('BookingCheckout');
export type BookingCheckoutView = z.output<typeof bookingCheckoutView>;

/** A booking as the API answers it: the saga's view and its checkout. */
export type BookingResource = BookingView & { checkout: BookingCheckoutView };

export const bookingResourceView = z.intersection(bookingView, z.object({ checkout: bookingCheckoutView })).openapi('BookingWithCheckout');

export const bookingListView = listEnvelope(bookingResourceView).openapi('BookingList');
