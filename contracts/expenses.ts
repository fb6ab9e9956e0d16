// Schemas of a trip's shared expenses (api/routes/expenses.ts): what people travelling together spent,
// each split equally among the people sharing it, the per-person totals and who pays whom to settle up.
import { nonBlankText } from '../domain/schemas.js';
import { listEnvelope } from './list.js';
import { atLeastOneField, dateTimeSchema, orNull, uuidSchema, z } from './common.js';
import { hasWholeCents, MAX_MONEY_AMOUNT, roundToCents, THREE_LETTER_CODE } from './primitives.js';
import { isoDateSchema } from './primitiveSchemas.js';

export const expenseCategories = ['flights', 'stay', 'food', 'transport', 'activities', 'other'] as const;
export type ExpenseCategory = (typeof expenseCategories)[number];

export const MAX_EXPENSE_SHARERS = 50;

const amountSchema = z
  .number({ error: 'must be a number' })
  .positive('must be more than 0')
  .max(MAX_MONEY_AMOUNT, `must be at most ${MAX_MONEY_AMOUNT}`)
  .refine(hasWholeCents, 'must have at most 2 decimals')
  .overwrite(roundToCents)
  .openapi({ description: 'In `currency`, at most 2 decimals.', multipleOf: 0.01, example: 42.5 });

const currencySchema = z
  .string({ error: 'must be a 3-letter ISO 4217 currency code such as EUR' })
  .regex(THREE_LETTER_CODE, 'must be a 3-letter ISO 4217 currency code such as EUR')
  .openapi({ description: 'ISO 4217: EUR or a currency with an ECB reference rate (USD, GBP, JPY, CHF, …); another code is a 422.', example: 'EUR' });

const descriptionSchema = nonBlankText(200, { error: 'must be text' });

const sharedBySchema = z
  .array(uuidSchema, { error: 'must be a list of user ids' })
  .min(1, 'must name at least one person')
  .max(MAX_EXPENSE_SHARERS, `must name at most ${MAX_EXPENSE_SHARERS} people`)
  .refine((ids) => new Set(ids).size === ids.length, 'must not name a person twice')
  .openapi({ description: 'Who shares it, equally (the owner and/or collaborators of the trip; anyone else is a 422).', uniqueItems: true });

export const createExpenseSchema = z
  .object({
    amount: amountSchema,
    currency: currencySchema,
    description: descriptionSchema,
    category: z.enum(expenseCategories, { error: `must be one of ${expenseCategories.join(', ')}` }),
    paidBy: uuidSchema.openapi({ description: 'Who paid (the owner or a collaborator of the trip; anyone else is a 422).' }),
    sharedBy: sharedBySchema,
    spentOn: isoDateSchema,
    bookingId: uuidSchema.nullable().optional().openapi({
      description:
        'Records one of the trip\'s confirmed bookings with its own split: it then replaces the expense derived from that booking (a booking that is not ' +
        'a confirmed booking of this trip is a 422; one already recorded a 409).',
    }),
  })
  .strict()
  .openapi('CreateTripExpense');
export type CreateExpenseBody = z.output<typeof createExpenseSchema>;

export const updateExpenseSchema = atLeastOneField(
  z
    .object({
      amount: amountSchema,
      currency: currencySchema,
      description: descriptionSchema,
      category: z.enum(expenseCategories, { error: `must be one of ${expenseCategories.join(', ')}` }),
      paidBy: uuidSchema,
      sharedBy: sharedBySchema,
      spentOn: isoDateSchema,
    })
    .partial()
    .strict(),
).openapi('UpdateTripExpense');
export type UpdateExpenseBody = z.output<typeof updateExpenseSchema>;

export const expenseParams = z.object({ id: uuidSchema.openapi({ param: { description: 'Trip id' } }), expenseId: uuidSchema }).strict();

const personRef = z.object({ userId: z.string().openapi({ format: 'uuid' }), displayName: z.string() });

export const expenseView = z
  .object({
    id: z.string().openapi({ format: 'uuid', description: 'The expense, or for one derived from a booking the booking\'s id.' }),
    source: z.enum(['manual', 'booking']).openapi({ description: '`booking`: derived from a confirmed booking of the trip (read-only; record it with `bookingId` to split it otherwise).' }),
    amount: z.number(),
    currency: z.string(),
    amountInTripCurrency: z.number().openapi({ description: 'Converted with the ECB reference rates the plan uses.' }),
    description: z.string(),
    category: z.enum(expenseCategories),
    paidBy: personRef,
    sharedBy: z.array(personRef),
    spentOn: z.string().openapi({ format: 'date' }),
    bookingId: orNull(z.string().openapi({ format: 'uuid' })),
    createdBy: orNull(z.string().openapi({ format: 'uuid' })),
    createdAt: dateTimeSchema,
    updatedAt: dateTimeSchema,
  })
  .openapi('TripExpense');
export type ExpenseView = z.output<typeof expenseView>;

export const personTotalView = personRef
  .extend({
    paid: z.number().openapi({ description: 'What they paid, in the trip\'s currency.' }),
    share: z.number().openapi({ description: 'Their equal shares of the expenses they share.' }),
    balance: z.number().openapi({ description: 'paid − share: positive is owed to them, negative they owe.' }),
  })
  .openapi('ExpensePersonTotal');

export const expenseTotalsView = z
  .object({
    currency: z.string().openapi({ description: 'The trip\'s currency (its budget\'s, else the owner\'s preferred one, else the origin country\'s, else EUR).' }),
    total: z.number(),
    rateDate: orNull(z.string().openapi({ format: 'date', description: 'The ECB reference date of the rates used; null when nothing needed converting.' })),
    byCategory: z.record(z.string(), z.number()).openapi({ description: 'Total per category, in the trip\'s currency.' }),
    people: z.array(personTotalView),
  })
  .openapi('TripExpenseTotals');

export const expenseListView = listEnvelope(expenseView, 'Always null: a trip\'s expenses come in one page, the newest spending day first.')
  .extend({ totals: expenseTotalsView })
  .openapi('TripExpenseList');

export const transferView = z
  .object({ from: personRef, to: personRef, amount: z.number().openapi({ description: 'In the trip\'s currency, more than 0.' }) })
  .openapi('SettleUpTransfer');

export const settleUpView = z
  .object({
    currency: z.string(),
    rateDate: orNull(z.string().openapi({ format: 'date' })),
    people: z.array(personTotalView),
    transfers: z.array(transferView).openapi({ description: 'Payments that bring every balance to zero: at most one fewer than the people who owe or are owed.' }),
  })
  .openapi('SettleUp');
