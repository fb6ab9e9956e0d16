// The app's refusals of an /mcp request, in JSON-RPC. Kept apart from the MCP server so the app can mount
// it without loading the SDK.
import type { ErrorRequestHandler } from 'express';
import { HttpError } from '../errors.js';

/**
 * What the app refuses before the MCP server sees a request, answered in JSON-RPC (an MCP client reads a
 * JSON-RPC error, not problem+json): a body that is not JSON is a parse error (-32700); a value storage
 * cannot hold (a NUL character, absurd nesting; the app's storage boundary) is invalid params (-32602) on
 * the request's id, naming the field. Anything else goes on to the app's problem handler.
 */
export const mcpRequestErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if ((error as { type?: unknown } | null)?.type === 'entity.parse.failed') {
    res.status(400).json({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: the body is not valid JSON.' } });
    return;
  }
  if (error instanceof HttpError && error.status === 400 && error.errors?.length) {
    const body = req.body as { id?: unknown } | undefined;
    const id = typeof body?.id === 'string' || typeof body?.id === 'number' ? body.id : null;
    const [first] = error.errors;
    res.status(id === null ? 400 : 200).json({
      jsonrpc: '2.0',
      id,
      error: { code: -32602, message: `Invalid params: ${first?.field ?? 'body'} ${first?.reason ?? 'is invalid'}`, data: { errors: error.errors } },
    });
    return;
  }
  next(error);
};
