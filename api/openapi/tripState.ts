import { type OpenApiRegistration } from './common.js';
import { agentSuggestionView, destinationBrief, flightOfferView, moneyView, sendMessageResultView, stayOfferView, tripPlanView, tripRequestView, tripStateView } from '../../contracts/tripState.js';

/**
 * Registers the shared components up front: a named schema first met wrapped in `.nullable()` would
 * otherwise be generated as nullable everywhere.
 */
export const registerTripStateOpenApi: OpenApiRegistration = (registry) => {
  registry.register('Money', moneyView);
  registry.register('FlightOffer', flightOfferView);
  registry.register('StayOffer', stayOfferView);
  registry.register('DestinationBrief', destinationBrief);
  registry.register('TripPlan', tripPlanView);
  registry.register('AgentSuggestion', agentSuggestionView);
  registry.register('TripRequest', tripRequestView);
  registry.register('TripState', tripStateView);
  registry.register('SendMessageResult', sendMessageResultView);
};
