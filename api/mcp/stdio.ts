// `npm run mcp`: the MCP server on stdin/stdout, for desktop AI clients that launch their servers as
// processes. A bridge, not a second server: every message goes to the API's /mcp (Streamable HTTP) with
// TRIPSAGE_API_KEY, and every answer and notification (tool progress included) comes back unchanged, so
// authentication, authorization and auditing happen in the API, in one place. The desktop needs only the
// key and the API's URL (TRIPSAGE_API_URL, else PUBLIC_URL), never database or workflow credentials.
// stdout carries the protocol only: diagnostics go to stderr.
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { isInitializeRequest, isJSONRPCRequest, isJSONRPCResultResponse, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { looksLikeApiKey } from '../auth/apiKeys.js';
import { ConfigError, loadDotEnv, loadMcpStdioConfig } from '../../infra/config.js';

/** JSON-RPC error code for "the API could not be reached or refused the request" (implementation-defined range). */
const UPSTREAM_ERROR = -32001;

loadDotEnv();
let config: ReturnType<typeof loadMcpStdioConfig>;
try {
  config = loadMcpStdioConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(78);
}

const credential = config.TRIPSAGE_API_KEY;
const upstream = new StreamableHTTPClientTransport(new URL('/mcp', config.TRIPSAGE_API_URL), {
  requestInit: { headers: looksLikeApiKey(credential) ? { 'x-api-key': credential } : { authorization: `Bearer ${credential}` } },
});
const local = new StdioServerTransport();

/** Why the API did not answer, in words an agent's user can act on (no stack). */
function describeFailure(error: unknown): string {
  if (error instanceof StreamableHTTPError && (error.code === 401 || error.code === 403)) {
    return `The TripSage API refused the credential (HTTP ${error.code}): check TRIPSAGE_API_KEY.`;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `The TripSage API at ${config.TRIPSAGE_API_URL} did not answer: ${reason}`;
}

/** Requests whose answer is pending: the protocol version their initialize result carries is needed upstream. */
const initializeIds = new Set<string | number>();

local.onmessage = (message: JSONRPCMessage) => {
  if (isInitializeRequest(message) && isJSONRPCRequest(message)) initializeIds.add(message.id);
  upstream.send(message).catch((error: unknown) => {
    // A request must be answered, or the client waits forever: the failure is its error response.
    if (isJSONRPCRequest(message)) void local.send({ jsonrpc: '2.0', id: message.id, error: { code: UPSTREAM_ERROR, message: describeFailure(error) } });
    else console.error(describeFailure(error));
  });
};

/**
 * A response goes out at least this long after the last notification. The SDK's client runs notification
 * handlers a microtask late but drops a request's progress handler as soon as its response is read, so a
 * progress notification read in the same stdin chunk as the response is lost ("unknown token"). Over HTTP
 * the SSE parser already separates them; over a pipe the writes must not coalesce. 15 ms was too short on
 * a loaded 2-core machine: a CI run's client got only the first two of a turn's progress notifications
 * (the rest, sent close to the result, were read with it). A planning turn's answer can wait 100 ms.
 */
const RESPONSE_AFTER_NOTIFICATION_MS = 100;
let lastNotificationAt = 0;
/** Messages go out one at a time, in the order they came. */
let outgoing: Promise<void> = Promise.resolve();

upstream.onmessage = (message: JSONRPCMessage) => {
  if (isJSONRPCResultResponse(message) && initializeIds.delete(message.id)) {
    const version = (message.result as { protocolVersion?: unknown }).protocolVersion;
    // Later requests carry MCP-Protocol-Version, as a directly connected client's would.
    if (typeof version === 'string') upstream.setProtocolVersion(version);
  }
  const isResponse = 'id' in message && !('method' in message);
  outgoing = outgoing
    .then(async () => {
      const wait = lastNotificationAt + RESPONSE_AFTER_NOTIFICATION_MS - Date.now();
      if (isResponse && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (!('id' in message)) lastNotificationAt = Date.now();
      await local.send(message);
    })
    .catch((error: unknown) => console.error(`stdio: ${error instanceof Error ? error.message : String(error)}`));
};
upstream.onerror = (error) => console.error(describeFailure(error));
local.onerror = (error) => console.error(`stdio: ${error.message}`);

// The client closing stdin ends the bridge.
local.onclose = () => {
  void upstream.close().finally(() => process.exit(0));
};
process.stdin.on('end', () => void local.close());

await upstream.start();
await local.start();
