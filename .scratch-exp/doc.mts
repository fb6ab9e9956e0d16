import { buildOpenApiDocument } from '../api/openapi.ts';
const doc = buildOpenApiDocument();
console.log(doc.openapi, Object.keys(doc.paths ?? {}).length);
for (const [p, item] of Object.entries(doc.paths ?? {})) console.log(p, Object.keys(item as object).join(','));
console.log(Object.keys(doc.components?.schemas ?? {}).join(' '));
console.log(JSON.stringify((doc.paths as any)['/api/trips/{id}/events'].get.parameters));
console.log(JSON.stringify((doc.components as any).schemas.CreateTrip).slice(0, 1500));
