// The worker's workflow bundle entrypoint: every workflow type the platform runs.
export { bookingWorkflow } from './booking.js';
export { priceWatchWorkflow } from './priceWatch.js';
export { systemCheckWorkflow } from './systemCheck.js';
export { tripPlanningWorkflow } from './tripPlanning.js';
