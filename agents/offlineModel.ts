// OfflinePlannerModel: a deterministic, RULE-BASED stand-in for an LLM. No network, no weights, no
// randomness — it exists so the platform runs (and is tested) end to end without an API key, through the
// very same graph code path a real model takes: model → ToolNode → model.
//
// How it "thinks" — nothing more than this:
// 1. It reads the structured input the specialist put in a `<context>{json}</context>` block of a system
//    or human message (the same block a real LLM reads), plus the latest human message's text.
// 2. For each tool bound via `bindTools()` that has not been called yet in this conversation, a fixed rule
//    derives the arguments from that input and from earlier tool results (it parses ToolMessage contents,
//    exactly what an LLM sees). Every tool whose arguments can be derived is called, in parallel, as a
//    native `AIMessage.tool_calls` entry. Unknown tools get arguments by matching their JSON-schema
//    property names against the context, or are not called.
// 3. When nothing is left to call it answers with a short text summary of the tool results (or, with no
//    tools bound, with the `draft` text from the context).
// It does not understand language beyond what agents/parse/ extracts, and it never improvises.
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import { BaseChatModel, type BaseChatModelCallOptions, type BaseChatModelParams, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { tripRequestSchema } from '../domain/schemas.js';
import { emptyTripRequest, type TripRequest } from '../domain/trip.js';
import { readContextBlocks } from './context.js';
import { lastTripDay } from '../domain/dates.js';
import { loadPlaces } from '../domain/places.js';
import { readChangeSet } from './followUp.js';
import { TOOL } from './tools.js';

interface BoundTool {
  name: string;
  parameters: Record<string, unknown>;
}

export interface OfflinePlannerCallOptions extends BaseChatModelCallOptions {
  tools?: BoundTool[];
}

interface RuleInput {
  context: Record<string, unknown>;
  request: TripRequest | null;
  userText: string;
  /** Parsed JSON contents of successful tool results, by tool name, in call order. */
  results: Map<string, unknown[]>;
  /** Bound tools not called yet (other than the one being decided). */
  pending: Set<string>;
}

type Rule = (input: RuleInput) => Promise<Record<string, unknown> | null> | Record<string, unknown> | null;

const RULES: Record<string, Rule> = {
  async [TOOL.updateTripRequest]({ context, request: current, userText }) {
    const referenceDate = typeof context.referenceDate === 'string' ? context.referenceDate : new Date().toISOString().slice(0, 10);
    if (userText.trim() === '') return null;
    return readChangeSet(userText, current ?? emptyTripRequest, { referenceDate, places: await loadPlaces() });
  },
  [TOOL.lookupPlace]: ({ request }) => (request?.destination ? { code: request.destination.iata } : null),
  [TOOL.geocode]: ({ request }) => (request?.destination ? { name: request.destination.city } : null),
  [TOOL.getForecast]({ request, results, pending }) {
    if (!request?.departDate || pending.has(TOOL.lookupPlace) || pending.has(TOOL.geocode)) return null;
    const place = results.get(TOOL.lookupPlace)?.[0];
    const country = isRecord(place) && typeof place.countryCode === 'string' ? place.countryCode : null;
    const geocoded = results.get(TOOL.geocode)?.[0];
    const candidates = isRecord(geocoded) && Array.isArray(geocoded.results) ? geocoded.results.filter(isRecord) : [];
    const centre = candidates.find((candidate) => country === null || candidate.countryCode === country) ?? (isRecord(place) ? place : undefined);
    if (!centre || typeof centre.latitude !== 'number' || typeof centre.longitude !== 'number') return null;
    return { latitude: centre.latitude, longitude: centre.longitude, startDate: request.departDate, endDate: lastTripDay(request.departDate, request.returnDate) };
  },
  [TOOL.searchFlights]: ({ request }) =>
    request?.origin && request.destination && request.departDate
      ? {
          origin: request.origin.iata,
          destination: request.destination.iata,
          departDate: request.departDate,
          returnDate: request.returnDate,
          adults: request.adults,
          children: request.children,
          cabinClass: request.cabinClass,
        }
      : null,
  [TOOL.searchStays]({ request, context }) {
    if (!request?.destination || !request.departDate || !request.returnDate) return null;
    const centre = isRecord(context.destination) ? context.destination : null;
    return {
      cityCode: request.destination.iata,
      checkIn: request.departDate,
      checkOut: request.returnDate,
      adults: request.adults,
      children: request.children,
      ...(centre && typeof centre.latitude === 'number' && typeof centre.longitude === 'number'
        ? { latitude: centre.latitude, longitude: centre.longitude }
        : {}),
    };
  },
};

export class OfflinePlannerModel extends BaseChatModel<OfflinePlannerCallOptions> {
  static override lc_name(): string {
    return 'OfflinePlannerModel';
  }

  constructor(fields: BaseChatModelParams = {}) {
    super(fields);
  }

  override _llmType(): string {
    return 'tripsage-offline-planner';
  }

  override bindTools(tools: BindToolsInput[], kwargs?: Partial<OfflinePlannerCallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, OfflinePlannerCallOptions> {
    const bound = tools.map((entry): BoundTool => {
      const converted = convertToOpenAITool(entry);
      return { name: converted.function.name, parameters: isRecord(converted.function.parameters) ? converted.function.parameters : {} };
    });
    return this.withConfig({ ...kwargs, tools: bound });
  }

  override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const message = await this.plan(messages, options.tools ?? []);
    return { generations: [{ message, text: typeof message.content === 'string' ? message.content : '' }], llmOutput: {} };
  }

  private async plan(messages: BaseMessage[], tools: BoundTool[]): Promise<AIMessage> {
    const context = readContextBlocks(
      messages.filter((message) => SystemMessage.isInstance(message) || HumanMessage.isInstance(message)).map((message) => message.text),
    );
    const lastHuman = [...messages].reverse().find((message) => HumanMessage.isInstance(message));
    const userText = lastHuman ? lastHuman.text.replace(/<context>[\s\S]*?<\/context>/g, '').trim() : '';
    const parsedRequest = tripRequestSchema.safeParse(context.request);
    const request = parsedRequest.success ? parsedRequest.data : null;

    const called = new Set<string>();
    let previousCalls = 0;
    for (const message of messages) {
      if (!AIMessage.isInstance(message)) continue;
      for (const call of message.tool_calls ?? []) {
        called.add(call.name);
        previousCalls += 1;
      }
    }
    const results = new Map<string, unknown[]>();
    const toolMessages = messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
    for (const message of toolMessages) {
      if (message.status === 'error' || !message.name) continue;
      const list = results.get(message.name) ?? [];
      list.push(parseJson(message.text));
      results.set(message.name, list);
    }

    const uncalled = tools.filter((entry) => !called.has(entry.name));
    const calls: { id: string; name: string; args: Record<string, unknown>; type: 'tool_call' }[] = [];
    for (const entry of uncalled) {
      const pending = new Set(uncalled.map((other) => other.name).filter((name) => name !== entry.name));
      const rule = RULES[entry.name] ?? genericRule(entry);
      const args = await rule({ context, request, userText, results, pending });
      if (args) calls.push({ id: `call_${previousCalls + calls.length + 1}_${entry.name}`, name: entry.name, args, type: 'tool_call' });
    }
    const usage = { input_tokens: 0, output_tokens: 0, total_tokens: 0 };
    if (calls.length > 0) {
      return new AIMessage({ content: '', tool_calls: calls, usage_metadata: usage, response_metadata: { model_name: 'offline-planner', finish_reason: 'tool_calls' } });
    }
    return new AIMessage({ content: summarize(context, tools, toolMessages), usage_metadata: usage, response_metadata: { model_name: 'offline-planner', finish_reason: 'stop' } });
  }
}

/** Fills required schema properties from same-named context (or context.request) values. */
function genericRule(entry: BoundTool): Rule {
  return ({ context, request }) => {
    const properties = isRecord(entry.parameters.properties) ? entry.parameters.properties : {};
    const required = Array.isArray(entry.parameters.required) ? entry.parameters.required.filter((key): key is string => typeof key === 'string') : [];
    const sources: Record<string, unknown> = { ...(request ?? {}), ...context };
    const args: Record<string, unknown> = {};
    for (const key of Object.keys(properties)) if (sources[key] !== undefined) args[key] = sources[key];
    return required.every((key) => key in args) && Object.keys(args).length > 0 ? args : null;
  };
}

function summarize(context: Record<string, unknown>, tools: BoundTool[], toolMessages: ToolMessage[]): string {
  if (tools.length === 0) return typeof context.draft === 'string' ? context.draft : 'OK.';
  if (toolMessages.length === 0) {
    return context.task === 'understand' ? 'Nothing new to record.' : 'Not enough information to call any tool yet.';
  }
  return toolMessages
    .map((message) => {
      if (message.status === 'error') return `${message.name ?? 'tool'} failed: ${message.text.slice(0, 200)}`;
      const parsed = parseJson(message.text);
      if (isRecord(parsed)) {
        if (typeof parsed.error === 'string') return `${message.name ?? 'tool'} failed: ${parsed.error}`;
        if (typeof parsed.summary === 'string') return `${message.name ?? 'tool'}: ${parsed.summary}`;
        if (Array.isArray(parsed.recorded)) return `Recorded ${parsed.recorded.join(', ') || 'nothing'}.`;
      }
      return `${message.name ?? 'tool'}: done`;
    })
    .join('; ');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
