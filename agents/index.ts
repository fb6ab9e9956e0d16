// Public surface of the agent layer (no Temporal here: activities wrap these functions).
export { agentContextFrom, withAgentContext, type AgentContext } from './context.js';
export { createChatModel, DEFAULT_ANTHROPIC_MODEL, DEFAULT_OPENAI_MODEL, type ChatModelConfig } from './model.js';
export { OfflinePlannerModel } from './offlineModel.js';
export { createEmbeddings, HashingEmbeddings, hashEmbedding, cosineSimilarity, type EmbeddingsInterface } from './embeddings.js';
export { createMemoryStore, memoryKinds, type MemoryKindName, type MemoryRecord, type MemoryStore, type MemoryStoreOptions, type RememberResult } from './memory.js';
export {
  agentGraphs,
  answerTurn,
  composePlan,
  findFlights,
  findStays,
  rememberTurn,
  researchDestination,
  understandTurn,
  type ComposePlanInput,
  type StepRunOptions,
  type UnderstandTurnInput,
  type UnderstandTurnResult,
} from './graph.js';
export { AgentInputError, computeNeeds, type Needs } from './state.js';
export { applyChangeSet, changeSetSchema, describeChanges, type ChangeSet, type ResolvedChangeSet } from './changeSet.js';
export { readChangeSet } from './followUp.js';
export { draftReply } from './compose.js';
export { extractMemories, type MemoryCandidate } from './remember.js';
