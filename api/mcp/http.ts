// MCP over Streamable HTTP at /mcp, next to the REST API and with its credentials: an API key
// (`X-API-Key: tsk_...` or `Authorization: Bearer tsk_...`) or a signed-in traveler's access token
// (`Authorization: Bearer <jwt>`). Stateless: every POST carries one JSON-RPC message and is served by a
// server built for its caller, so any API node can answer any request (no session affinity); a tool
// call's progress notifications stream back on that POST's response (SSE).
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { Router, type RequestHandler } from 'express';
import { authenticate } from '../auth/authenticate.js';
import { principalOf } from '../auth/principal.js';
import type { ApiContext } from '../context.js';
import { rateLimits } from '../security.js';
import { restClientFor } from './rest.js';
import { createMcpServer } from './server.js';

/** JSON-RPC's answer to a method a stateless server does not serve (no standalone stream, no session to end). */
const statelessOnly: RequestHandler = (_req, res) => {
  res
    .status(405)
    .set('Allow', 'POST')
    .json({ jsonrpc: '2.0', error: { code: -32000, message: 'This MCP server is stateless: send each message as a POST.' }, id: null });
};

/**
 * The /mcp router: the per-IP limit and authentication first (a wrong key is a 401 before any MCP
 * message is read), then the MCP message. Tool calls are limited per principal, and audited, by the REST
 * calls they make (plus one `mcp.tool` entry each), so the POST itself writes no `api_key.request` entry.
 */
export function createMcpRouter(ctx: ApiContext): Router {
  const router = Router();
  router.use(rateLimits(ctx).perIp, authenticate(ctx, { auditApiKeyRequests: false }));
  router.post('/', async (req, res) => {
    const server = createMcpServer(ctx, { principal: principalOf(req), req, rest: restClientFor(req) });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  router.get('/', statelessOnly);
  router.delete('/', statelessOnly);
  return router;
}

