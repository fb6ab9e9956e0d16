// Turns that must leave the trip exactly as it was: answered from the plan, nothing searched again.
import { noResearch, planUnchanged } from './checks.js';
import type { PlanCheck, Turn } from './types.js';

export const question = (say: string, ...checks: PlanCheck[]): Turn => ({ say, intent: 'question', checks: [noResearch, planUnchanged, ...checks] });

export const acknowledgement = (say: string, ...checks: PlanCheck[]): Turn => ({ say, intent: 'confirm', checks: [noResearch, planUnchanged, ...checks] });

export const clarification = (say: string, ...checks: PlanCheck[]): Turn => ({ say, intent: 'clarify', checks: [noResearch, planUnchanged, ...checks] });
