import { buildOpenApiDocument } from '../api/openapi.ts';
const doc = buildOpenApiDocument() as any;
console.log(JSON.stringify(doc.components.schemas.Trip.properties.budget), JSON.stringify(doc.components.schemas.UpdateTrip.properties.budget));
console.log(JSON.stringify(doc.components.schemas.TripPlan.properties.destination));
console.log(JSON.stringify(doc.components.schemas.TripState.properties.plan));
console.log(JSON.stringify(doc.components.schemas.Money), JSON.stringify(doc.components.schemas.TripPlan).slice(0,300));
