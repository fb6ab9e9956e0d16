// The browser build's stand-in for @asteasolutions/zod-to-openapi (aliased in web/vite.config.ts): the
// forms share the API's zod contracts (contracts/), which call `.openapi(...)` for the server's OpenAPI document. In the
// browser that metadata is never read, so `.openapi()` returns the schema itself and the ~100 kB document
// builder stays out of the bundle.
interface ZodLike {
  ZodType: { prototype: object };
}

export function extendZodWithOpenApi(zod: ZodLike): void {
  const prototype = zod.ZodType.prototype as { openapi?: unknown };
  if (prototype.openapi !== undefined) return;
  // A plain (enumerable) property, as the library sets it: zod 4 copies the prototype's enumerable keys
  // onto each schema it constructs.
  prototype.openapi = function openapi(this: unknown) {
    return this;
  };
}
