// Workflow-id helpers in one place: one workflow per entity, never a shared hard-coded id.
export const workflowIds = {
  trip: (tripId: string) => `trip:${tripId}`,
  booking: (bookingId: string) => `booking:${bookingId}`,
  priceWatch: (watchId: string) => `pricewatch:${watchId}`,
  systemCheck: (requestId: string) => `system-check:${requestId}`,
} as const;
