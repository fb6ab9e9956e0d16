// Pure logic over a trip's event log as the client holds it: merging replayed and live events without
// duplicates (by seq), and deriving the progress timeline and chat from it.
import type { TripEvent } from '../api/types.js';

/**
 * Merges `incoming` into `current` (sorted by seq, unique). Events already held are ignored, so a replay
 * that overlaps live delivery, a reconnect or a duplicated publish never shows anything twice. Returns
 * `current` itself when nothing is new, so React can skip re-rendering.
 */
export function mergeEvents(current: readonly TripEvent[], incoming: readonly TripEvent[]): readonly TripEvent[] {
  if (incoming.length === 0) return current;
  const last = current.at(-1)?.seq ?? 0;
  // Fast path: strictly new events in order (the common live case).
  let appendOnly = true;
  let previous = last;
  for (const event of incoming) {
    if (event.seq <= previous) {
      appendOnly = false;
      break;
    }
    previous = event.seq;
  }
  if (appendOnly) return [...current, ...incoming];
  const bySeq = new Map<number, TripEvent>();
  for (const event of current) bySeq.set(event.seq, event);
  let added = false;
  for (const event of incoming) {
    if (!bySeq.has(event.seq)) {
      bySeq.set(event.seq, event);
      added = true;
    }
  }
  if (!added) return current;
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * The seq to resume from: the end of the contiguous run from the first held event (the server delivers
 * gap-free from `lastSeq`, so anything after a hole is re-fetched rather than trusted).
 */
export function resumeSeq(events: readonly TripEvent[]): number {
  if (events.length === 0) return 0;
  let seq = events[0]!.seq;
  if (seq !== 1) return 0;
  for (const event of events) {
    if (event.seq > seq + 1) break;
    seq = event.seq;
  }
  return seq;
}

export const planningSteps = ['understand', 'destination', 'flights', 'stays', 'compose'] as const;
export type PlanningStep = (typeof planningSteps)[number];
export type StepStatus = 'pending' | 'running' | 'done' | 'failed';

export interface StepProgress {
  step: PlanningStep;
  status: StepStatus;
  /** The step's partial result (what the 'done' event summarizes) or the failure message. */
  detail: Record<string, unknown>;
  message: string | null;
  updatedAt: string | null;
  seq: number | null;
}

export interface TurnProgress {
  turn: string;
  firstSeq: number;
  steps: StepProgress[];
  /** Every step settled (done or failed) or the plan for this turn arrived. */
  finished: boolean;
  failed: boolean;
}

const rank: Record<StepStatus, number> = { pending: 0, running: 1, done: 2, failed: 2 };

/** Progress events grouped per planning turn, oldest turn first, each with every step's latest status. */
export function progressTimeline(events: readonly TripEvent[]): TurnProgress[] {
  const turns = new Map<string, TurnProgress>();
  const planned = new Set<string>();
  for (const event of events) {
    const turn = typeof event.payload.turn === 'string' ? event.payload.turn : null;
    if (!turn) continue;
    if (event.type === 'plan.updated') {
      planned.add(turn);
      continue;
    }
    if (event.type !== 'progress') continue;
    const step = event.payload.step;
    const status = event.payload.status;
    if (!isStep(step) || (status !== 'running' && status !== 'done' && status !== 'failed')) continue;
    let progress = turns.get(turn);
    if (!progress) {
      progress = {
        turn,
        firstSeq: event.seq,
        steps: planningSteps.map((name) => ({ step: name, status: 'pending', detail: {}, message: null, updatedAt: null, seq: null })),
        finished: false,
        failed: false,
      };
      turns.set(turn, progress);
    }
    const entry = progress.steps.find((candidate) => candidate.step === step)!;
    if (rank[status] < rank[entry.status]) continue; // a late 'running' never hides 'done'
    const { turn: _turn, step: _step, status: _status, message, ...detail } = event.payload;
    entry.status = status;
    entry.detail = detail;
    entry.message = typeof message === 'string' ? message : null;
    entry.updatedAt = event.createdAt;
    entry.seq = event.seq;
  }
  for (const progress of turns.values()) {
    progress.failed = progress.steps.some((step) => step.status === 'failed');
    progress.finished = planned.has(progress.turn) || progress.steps.every((step) => step.status === 'done' || step.status === 'failed');
  }
  return [...turns.values()].sort((a, b) => a.firstSeq - b.firstSeq);
}

function isStep(value: unknown): value is PlanningStep {
  return typeof value === 'string' && (planningSteps as readonly string[]).includes(value);
}

export interface ChatEntry {
  key: string;
  role: 'user' | 'assistant' | 'agent' | 'system';
  text: string;
  clientMessageId: string | null;
  at: string;
  pending: boolean;
  /** A pending message the planner has accepted (202): sent, its turn queued or running. */
  accepted?: boolean;
  /** Who wrote a traveler's message (a collaborator's shows their name); absent for messages from before authors. */
  authorId?: string;
  authorName?: string;
  /** An assistant reply's turn: what it changed (shown above the text) and whether an undo is possible. */
  changes?: TurnChange[];
  canUndo?: boolean;
}

export interface TurnChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

function turnChanges(value: unknown): TurnChange[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (change): change is TurnChange =>
      typeof change === 'object' && change !== null && ['field', 'label', 'before', 'after'].every((key) => typeof (change as Record<string, unknown>)[key] === 'string'),
  );
}

/** The clientMessageIds whose turn has its durable reply (an assistant `message` event). */
export function answeredMessageIds(events: readonly TripEvent[]): Set<string> {
  const answered = new Set<string>();
  for (const event of events) {
    const { role, clientMessageId } = event.payload;
    if (event.type === 'message' && role === 'assistant' && typeof clientMessageId === 'string') answered.add(clientMessageId);
  }
  return answered;
}

/** Chat lines from `message` events, plus the sender's own messages not yet echoed by the server. */
export function chatEntries(events: readonly TripEvent[], pending: readonly { clientMessageId: string; text: string; at: string; accepted?: boolean }[] = []): ChatEntry[] {
  const entries: ChatEntry[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    if (event.type !== 'message') continue;
    const { role, text, clientMessageId } = event.payload;
    if (typeof text !== 'string') continue;
    const id = typeof clientMessageId === 'string' ? clientMessageId : null;
    const chatRole = role === 'user' || role === 'assistant' || role === 'agent' ? role : 'system';
    if (id && chatRole === 'user') seen.add(id);
    const changes = chatRole === 'assistant' ? turnChanges(event.payload.changes) : undefined;
    entries.push({
      key: `seq-${event.seq}`,
      role: chatRole,
      text,
      clientMessageId: id,
      at: event.createdAt,
      pending: false,
      ...(changes && { changes }),
      ...(typeof event.payload.canUndo === 'boolean' && { canUndo: event.payload.canUndo }),
      ...(chatRole === 'user' && typeof event.payload.authorId === 'string' && { authorId: event.payload.authorId }),
      ...(chatRole === 'user' && typeof event.payload.authorName === 'string' && { authorName: event.payload.authorName }),
    });
  }
  for (const message of pending) {
    if (!seen.has(message.clientMessageId)) {
      entries.push({ key: `pending-${message.clientMessageId}`, role: 'user', text: message.text, clientMessageId: message.clientMessageId, at: message.at, pending: true, ...(message.accepted && { accepted: true }) });
    }
  }
  return entries;
}
