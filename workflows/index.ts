// The worker's workflow bundle entrypoint: every workflow type the platform runs.
export { systemCheckWorkflow } from './systemCheck.js';
export { tripPlanningWorkflow } from './tripPlanning.js';
