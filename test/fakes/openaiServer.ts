// A scripted OpenAI-compatible server (node:http on an ephemeral loopback port) for driving ChatOpenAI /
// OpenAIEmbeddings in tests without a network:
// - POST /v1/chat/completions answers with scripted replies — the first rule whose matcher accepts the
//   request (rules are consumed after `times` uses) — in the documented response shape: choices[0].message
//   with `content` and/or `tool_calls` [{ id, type: 'function', function: { name, arguments } }],
//   `finish_reason` and `usage`. `stream: true` requests get the same reply as server-sent chunks in the
//   chat-completions streaming format: the content one token (a word with its leading whitespace) per
//   chunk, then the tool calls, the finish reason, the usage when asked for, and `data: [DONE]`.
//   `tokenDelayMs` paces generation like a real model: each streamed token is written that long after the
//   previous one, and a non-streamed answer is sent after as long as its tokens would have taken.
//   A request no rule accepts gets a 500 naming the problem (so a test fails loudly).
// - POST /v1/embeddings returns deterministic vectors of the requested `dimensions` (float arrays, or
//   base64 float32 when `encoding_format: 'base64'`, which the openai SDK asks for by default).
// Every request is recorded for assertions.
import { createServer, type ServerResponse } from 'node:http';
import { hashEmbedding } from '../../agents/embeddings.js';
import { serveOnLoopback } from '../support/http.js';
import { recordRequest, type RecordedRequest } from './fakeHttp.js';

export interface ChatToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface ChatRequestMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content: string | null | { type: string; text?: string }[];
  name?: string;
  tool_call_id?: string;
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
}

export interface ChatCompletionRequest {
  model: string;
  messages: ChatRequestMessage[];
  tools?: ChatToolDefinition[];
  tool_choice?: unknown;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  [key: string]: unknown;
}

export interface ScriptedToolCall {
  name: string;
  /** An object is JSON-encoded; a string is sent as is (to test malformed arguments). */
  arguments: Record<string, unknown> | string;
  id?: string;
}

export interface ScriptedReply {
  content?: string | null;
  toolCalls?: ScriptedToolCall[];
  finishReason?: 'stop' | 'tool_calls' | 'length' | 'content_filter';
  /** Reply with an HTTP error instead (OpenAI error body). */
  status?: number;
  errorMessage?: string;
  /** Answer only this long after the request (a model slow to start); a client that hangs up first gets nothing. */
  delayMs?: number;
}

export interface ScriptRule {
  /** Which requests this rule answers (default: any). */
  match?: (request: ChatCompletionRequest) => boolean;
  reply: ScriptedReply | ((request: ChatCompletionRequest) => ScriptedReply);
  /** How many requests it answers before it is used up (default 1; Infinity for always). */
  times?: number;
}

export interface FakeOpenAIServer {
  /** Base URL without /v1, e.g. http://127.0.0.1:40123 (clients want `${url}/v1`). */
  url: string;
  requests: RecordedRequest[];
  /** The chat-completion request bodies, in arrival order. */
  chatRequests(): ChatCompletionRequest[];
  /** Appends rules (consulted in order). */
  script(...rules: ScriptRule[]): void;
  /** Rules not used up yet. */
  pendingRules(): number;
  /** Requests whose client hung up before the answer was complete (an aborted call). */
  abortedRequests(): number;
  close(): Promise<void>;
}

export interface FakeOpenAIServerOptions {
  rules?: ScriptRule[];
  /** Dimensions when an embeddings request does not ask for any (default 1536, like OpenAI's). */
  defaultEmbeddingDimensions?: number;
  /** Generation time per completion token (default 0: answer at once). */
  tokenDelayMs?: number;
}

// ---- Matchers ----

/** The request offers a tool with this name. */
export const offersTool =
  (name: string) =>
  (request: ChatCompletionRequest): boolean =>
    (request.tools ?? []).some((candidate) => candidate.function.name === name);

/** The conversation already contains a tool result (optionally for a call to `name`). */
export const hasToolResult =
  (name?: string) =>
  (request: ChatCompletionRequest): boolean => {
    const callNames = new Map<string, string>();
    for (const message of request.messages) for (const call of message.tool_calls ?? []) callNames.set(call.id, call.function.name);
    return request.messages.some((message) => message.role === 'tool' && (name === undefined || callNames.get(message.tool_call_id ?? '') === name));
  };

export const not =
  (matcher: (request: ChatCompletionRequest) => boolean) =>
  (request: ChatCompletionRequest): boolean =>
    !matcher(request);

export const allOf =
  (...matchers: ((request: ChatCompletionRequest) => boolean)[]) =>
  (request: ChatCompletionRequest): boolean =>
    matchers.every((matcher) => matcher(request));

/** Text of a message's content (string or content parts). */
export function contentText(message: ChatRequestMessage): string {
  if (typeof message.content === 'string') return message.content;
  if (!message.content) return '';
  return message.content.map((part) => part.text ?? '').join('');
}

/** The text of the request's (first) user message. */
export function userText(request: ChatCompletionRequest): string {
  return contentText(request.messages.find((message) => message.role === 'user') ?? { role: 'user', content: '' });
}

/** The drafted reply the model is asked to phrase (inside the reply writer's context block); '' when there is none. */
export function draftOf(request: ChatCompletionRequest): string {
  const system = contentText(request.messages[0] ?? { role: 'system', content: '' });
  const match = /<context>\s*([\s\S]*?)\s*<\/context>/.exec(system);
  return match ? String((JSON.parse(match[1] ?? '{}') as { draft?: string }).draft ?? '') : '';
}

/** Research specialists (any tool-offering call but the understanding one) answer without a tool call, so they fall back to a direct search (agents/research.ts). */
export const specialistsAnswerWithoutTools: ScriptRule = {
  match: allOf((request) => (request.tools ?? []).length > 0, not(offersTool('update_trip_request'))),
  reply: { content: 'Done.' },
  times: Infinity,
};

// ---- Server ----

interface LiveRule extends ScriptRule {
  remaining: number;
}

export async function startFakeOpenAIServer(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  const rules: LiveRule[] = [];
  const addRules = (list: readonly ScriptRule[]) => {
    for (const rule of list) rules.push({ ...rule, remaining: rule.times ?? 1 });
  };
  addRules(options.rules ?? []);
  let counter = 0;
  let aborted = 0;

  const server = createServer((req, res) => {
    res.once('close', () => {
      if (!res.writableEnded) aborted += 1;
    });
    void (async () => {
      const recorded = await recordRequest(req);
      requests.push(recorded);
      if (recorded.method === 'POST' && recorded.path === '/v1/chat/completions') {
        const body = recorded.body as ChatCompletionRequest;
        const rule = rules.find((candidate) => candidate.remaining > 0 && (candidate.match?.(body) ?? true));
        if (!rule) {
          sendJson(res, 500, { error: { message: `fake OpenAI server: no scripted reply matches this request (${describe(body)})`, type: 'server_error', code: null } });
          return;
        }
        rule.remaining -= 1;
        const reply = typeof rule.reply === 'function' ? rule.reply(body) : rule.reply;
        await pause(reply.delayMs ?? 0, res);
        if (res.destroyed) return;
        if (reply.status !== undefined && reply.status >= 400) {
          sendJson(res, reply.status, { error: { message: reply.errorMessage ?? 'scripted error', type: 'invalid_request_error', code: null } });
          return;
        }
        counter += 1;
        const completion = buildCompletion(body, reply, counter);
        const tokenDelayMs = options.tokenDelayMs ?? 0;
        if (body.stream) {
          await streamCompletion(res, completion, body.stream_options?.include_usage === true, tokenDelayMs);
        } else {
          await pause(tokenDelayMs * completion.usage.completion_tokens, res);
          sendJson(res, 200, completion);
        }
        return;
      }
      if (recorded.method === 'POST' && recorded.path === '/v1/embeddings') {
        sendJson(res, 200, embeddingsResponse(recorded.body, options.defaultEmbeddingDimensions ?? 1536));
        return;
      }
      sendJson(res, 404, { error: { message: `fake OpenAI server: no route ${recorded.method} ${recorded.path}`, type: 'invalid_request_error', code: null } });
    })().catch((error: unknown) => sendJson(res, 500, { error: { message: String(error), type: 'server_error', code: null } }));
  });
  const loopback = await serveOnLoopback(server);

  return {
    url: loopback.url,
    requests,
    chatRequests: () => requests.filter((request) => request.path === '/v1/chat/completions').map((request) => request.body as ChatCompletionRequest),
    script: (...list) => addRules(list),
    pendingRules: () => rules.filter((rule) => rule.remaining > 0 && Number.isFinite(rule.remaining)).length,
    abortedRequests: () => aborted,
    close: loopback.close,
  };
}

interface Completion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: {
    index: number;
    message: { role: 'assistant'; content: string | null; refusal: null; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] };
    logprobs: null;
    finish_reason: string;
  }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

function buildCompletion(request: ChatCompletionRequest, reply: ScriptedReply, n: number): Completion {
  const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_fake_${n}_${index}`,
    type: 'function' as const,
    function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
  }));
  const content = reply.content ?? (toolCalls.length > 0 ? null : '');
  const promptTokens = Math.ceil(JSON.stringify(request.messages).length / 4);
  // About what a model writes: the content's words, and ~4 characters per token of each call's name and arguments.
  const completionTokens = contentTokens(content ?? '').length + toolCalls.reduce((sum, call) => sum + Math.ceil((call.function.name.length + call.function.arguments.length) / 4), 0);
  return {
    id: `chatcmpl-fake-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      },
    ],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** The content split into tokens the way a tokenizer roughly would: each word with the whitespace before it. */
export function contentTokens(content: string): string[] {
  return content.match(/\s*\S+|\s+$/g) ?? [];
}

async function streamCompletion(res: ServerResponse, completion: Completion, includeUsage: boolean, tokenDelayMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const choice = completion.choices[0];
  const base = { id: completion.id, object: 'chat.completion.chunk', created: completion.created, model: completion.model };
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
    res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] })}\n\n`);
  chunk({ role: 'assistant', content: '' }, null);
  for (const token of contentTokens(choice?.message.content ?? '')) {
    await pause(tokenDelayMs, res);
    if (res.destroyed) return;
    chunk({ content: token }, null);
  }
  for (const [index, call] of (choice?.message.tool_calls ?? []).entries()) {
    chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments } }] }, null);
  }
  chunk({}, choice?.finish_reason ?? 'stop');
  if (includeUsage) res.write(`data: ${JSON.stringify({ ...base, choices: [], usage: completion.usage })}\n\n`);
  res.end('data: [DONE]\n\n');
}

/** Waits `ms` (generation time), or less if the client hangs up meanwhile. */
function pause(ms: number, res: ServerResponse): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
    res.once('close', done);
  });
}

function embeddingsResponse(body: unknown, defaultDimensions: number) {
  const request = (typeof body === 'object' && body !== null ? body : {}) as { input?: unknown; model?: string; dimensions?: number; encoding_format?: string };
  const inputs = Array.isArray(request.input) ? request.input : [request.input];
  const dimensions = request.dimensions ?? defaultDimensions;
  const texts = inputs.map((input) => (typeof input === 'string' ? input : JSON.stringify(input)));
  return {
    object: 'list',
    model: request.model ?? 'fake-embedding',
    data: texts.map((text, index) => {
      const vector = hashEmbedding(text, dimensions);
      const embedding = request.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    }),
    usage: { prompt_tokens: texts.join(' ').length, total_tokens: texts.join(' ').length },
  };
}

function describe(request: ChatCompletionRequest): string {
  const tools = (request.tools ?? []).map((tool) => tool.function.name).join(',') || 'none';
  const last = request.messages.at(-1);
  return `tools: ${tools}; last message: ${last?.role ?? '?'} "${last ? contentText(last).slice(0, 80) : ''}"`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}
