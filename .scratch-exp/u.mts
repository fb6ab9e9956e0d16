import { z } from '../api/schemas/common.ts';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
const M = z.object({ a: z.number() }).openapi('M');
const r = new OpenAPIRegistry();
r.register('M', M);
r.register('X', z.object({ u: z.union([M, z.null()]), n: M.nullable(), o: z.union([M, z.null()]).optional() }).openapi('X'));
console.log(JSON.stringify(new OpenApiGeneratorV31(r.definitions).generateDocument({ openapi: '3.1.0', info: { title: '', version: '' } }).components));
