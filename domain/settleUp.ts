// Shared expenses of people travelling together: equal splits and who pays whom to settle up. Pure
// functions over integer minor units (cents), so no sum ever carries a floating-point error.

/** Someone's net position: what they paid minus their share; positive is owed to them. */
export interface Balance {
  personId: string;
  /** Minor units (an integer). */
  amount: number;
}

export interface Transfer {
  fromPersonId: string;
  toPersonId: string;
  /** Minor units, a positive integer. */
  amount: number;
}

export interface SharedExpense {
  /** In minor units of the currency the balances are in (a positive integer). */
  amount: number;
  paidBy: string;
  sharedBy: readonly string[];
}

export interface PersonTotals {
  personId: string;
  paid: number;
  share: number;
  /** paid − share. */
  balance: number;
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function assertMinorUnits(amount: number, what: string): void {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${what} must be an integer number of minor units, got ${amount}`);
}

/**
 * `amount` split equally among `sharedBy` (duplicates count once): everyone gets the quotient, and the
 * remainder's minor units go one each to the first sharers by id, so the shares sum to `amount` exactly
 * and the same input always splits the same way.
 */
export function splitEvenly(amount: number, sharedBy: readonly string[]): Map<string, number> {
  assertMinorUnits(amount, 'amount');
  const people = [...new Set(sharedBy)].sort(compareIds);
  if (people.length === 0) throw new RangeError('an expense must be shared by at least one person');
  const base = Math.floor(amount / people.length);
  const remainder = amount - base * people.length;
  return new Map(people.map((person, index) => [person, base + (index < remainder ? 1 : 0)]));
}

/** What each person paid, their share of everything and the difference, ordered by person id. */
export function personTotals(expenses: readonly SharedExpense[], people: readonly string[] = []): PersonTotals[] {
  const totals = new Map<string, { paid: number; share: number }>(people.map((person) => [person, { paid: 0, share: 0 }]));
  const of = (person: string) => {
    let entry = totals.get(person);
    if (!entry) totals.set(person, (entry = { paid: 0, share: 0 }));
    return entry;
  };
  for (const expense of expenses) {
    of(expense.paidBy).paid += expense.amount;
    for (const [person, share] of splitEvenly(expense.amount, expense.sharedBy)) of(person).share += share;
  }
  return [...totals.entries()]
    .sort(([a], [b]) => compareIds(a, b))
    .map(([personId, { paid, share }]) => ({ personId, paid, share, balance: paid - share }));
}

/**
 * Transfers that bring every balance to zero: repeatedly the largest debtor pays the largest creditor
 * as much as settles one of them (ties broken by id, so the answer is deterministic). Each transfer
 * zeroes at least one balance, hence at most (people with a nonzero balance − 1) transfers.
 * The balances must sum to zero (throws otherwise).
 */
export function settleUp(balances: readonly Balance[]): Transfer[] {
  let sum = 0;
  const net = new Map<string, number>();
  for (const { personId, amount } of balances) {
    assertMinorUnits(amount, `balance of ${personId}`);
    sum += amount;
    net.set(personId, (net.get(personId) ?? 0) + amount);
  }
  if (sum !== 0) throw new RangeError(`balances must sum to zero, they sum to ${sum}`);
  const largest = (sign: 1 | -1): [string, number] | undefined => {
    let best: [string, number] | undefined;
    for (const [person, amount] of net) {
      if (amount * sign <= 0) continue;
      if (!best || amount * sign > best[1] * sign || (amount === best[1] && compareIds(person, best[0]) < 0)) best = [person, amount];
    }
    return best;
  };
  const transfers: Transfer[] = [];
  for (;;) {
    const debtor = largest(-1);
    const creditor = largest(1);
    if (!debtor || !creditor) break;
    const amount = Math.min(-debtor[1], creditor[1]);
    transfers.push({ fromPersonId: debtor[0], toPersonId: creditor[0], amount });
    net.set(debtor[0], debtor[1] + amount);
    net.set(creditor[0], creditor[1] - amount);
  }
  return transfers;
}
