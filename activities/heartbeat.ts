// Heartbeats for long activities: a worker that dies mid-activity stops heartbeating, so the server times
// the attempt out after the activity's heartbeatTimeout (seconds) instead of its startToCloseTimeout, and
// the retry runs on a live worker.
import { heartbeat } from '@temporalio/activity';

/** Heartbeats every `everyMs` while `work` is pending (and once at once, so a short timeout starts fresh). */
export async function heartbeatWhile<T>(work: Promise<T>, everyMs: number): Promise<T> {
  heartbeat();
  const timer = setInterval(() => heartbeat(), everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
