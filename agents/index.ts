// Public surface of the agent layer (no Temporal here: activities wrap these functions).
export type { AgentContext } from './context.js';
export { createChatModel } from './model.js';
export { OfflinePlannerModel } from './offlineModel.js';
export { createEmbeddings, hashEmbedding, cosineSimilarity } from './embeddings.js';
export { createMemoryStore, type MemoryStore } from './memory.js';
export {
  answerTurn,
  composePlan,
  findFlights,
  findStays,
  rememberTurn,
  researchDestination,
  understandTurn,
  type ComposePlanInput,
  type StepRunOptions,
} from './graph.js';
export { applyChangeSet, type ChangeSet, type ResolvedChangeSet } from './changeSet.js';
export { readChangeSet } from './followUp.js';
