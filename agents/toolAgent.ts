// The one tool-calling loop every specialist uses: model (with its tools bound) → ToolNode → model … until
// the model answers without tool calls. The same compiled subgraph runs the offline planner and real LLMs.
import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { ToolNode } from '@langchain/langgraph/prebuilt';
import { agentContextFrom } from './context.js';

/** Starts the note that asks a model to resend a tool call whose arguments were not JSON. */
export const INVALID_ARGUMENTS_NOTE = 'Tool call rejected:';

export interface ToolAgentOptions {
  /** Hard cap on model calls in one run (tool rounds + the final answer). */
  maxModelCalls?: number;
  /** Tools whose successful result ends the run without another model call. */
  returnDirect?: readonly string[];
}

export function buildToolAgent(name: string, tools: StructuredToolInterface[], options: ToolAgentOptions = {}) {
  const maxModelCalls = options.maxModelCalls ?? 4;
  const returnDirect = new Set(options.returnDirect ?? []);
  const toolNode = new ToolNode(tools, { name: `${name}_tools` });

  return new StateGraph(MessagesAnnotation)
    .addNode('model', async (state, config) => {
      const { model } = agentContextFrom(config);
      if (typeof model.bindTools !== 'function') throw new Error(`chat model ${model.getName()} does not support tool calling`);
      const response = await model.bindTools(tools).invoke(state.messages, config);
      // Arguments that are not even JSON come back as invalid_tool_calls, which no ToolNode sees: tell the
      // model, so it gets the same one chance to correct itself as a schema error gives it.
      const invalid = AIMessage.isInstance(response) ? (response.invalid_tool_calls ?? []) : [];
      if ((response.tool_calls?.length ?? 0) === 0 && invalid.length > 0) {
        const names = [...new Set(invalid.map((call) => call.name ?? 'a tool'))].join(', ');
        return {
          messages: [
            new AIMessage({ content: `(a call to ${names} with unparseable arguments)` }),
            new HumanMessage(`${INVALID_ARGUMENTS_NOTE} Your call to ${names} could not be parsed (${invalid[0]?.error ?? 'invalid JSON'}). Call it again with valid JSON arguments.`),
          ],
        };
      }
      return { messages: [response] };
    })
    .addNode('tools', toolNode)
    .addEdge(START, 'model')
    .addConditionalEdges(
      'model',
      (state) => {
        const last = state.messages.at(-1);
        const modelCalls = state.messages.filter((message) => AIMessage.isInstance(message)).length;
        if (last !== undefined && HumanMessage.isInstance(last)) return modelCalls < maxModelCalls ? 'model' : END;
        const wantsTools = last !== undefined && AIMessage.isInstance(last) && (last.tool_calls?.length ?? 0) > 0;
        return wantsTools && modelCalls <= maxModelCalls ? 'tools' : END;
      },
      ['tools', 'model', END],
    )
    .addConditionalEdges(
      'tools',
      (state) => {
        const results = trailingToolMessages(state.messages);
        const done = results.length > 0 && results.every((message) => returnDirect.has(message.name ?? '') && message.status !== 'error');
        // The last allowed model call's tools ran: no further call that could not act on its answer.
        const modelCalls = state.messages.filter((message) => AIMessage.isInstance(message)).length;
        return done || modelCalls >= maxModelCalls ? END : 'model';
      },
      ['model', END],
    )
    .compile({ name });
}

function trailingToolMessages(messages: readonly BaseMessage[]): ToolMessage[] {
  const result: ToolMessage[] = [];
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (!message || !ToolMessage.isInstance(message)) break;
    result.unshift(message);
  }
  return result;
}

/** Artifacts of the successful calls of tool `name`, in call order. */
export function toolArtifacts<T>(messages: readonly BaseMessage[], name: string): T[] {
  return messages
    .filter((message): message is ToolMessage => ToolMessage.isInstance(message) && message.name === name && message.status !== 'error')
    .map((message) => message.artifact as T)
    .filter((artifact) => artifact !== undefined && artifact !== null);
}

/** Error texts of failed calls (schema violations, thrown errors, unparseable arguments), for logs and failure messages. */
export function toolErrors(messages: readonly BaseMessage[]): string[] {
  return messages
    .filter((message) => (ToolMessage.isInstance(message) && message.status === 'error') || (HumanMessage.isInstance(message) && message.text.startsWith(INVALID_ARGUMENTS_NOTE)))
    .map((message) => (ToolMessage.isInstance(message) ? `${message.name ?? 'tool'}: ${messageText(message)}` : messageText(message)));
}

export function toolCallCount(messages: readonly BaseMessage[], name?: string): number {
  return messages
    .filter((message): message is AIMessage => AIMessage.isInstance(message))
    .reduce((count, message) => count + (message.tool_calls ?? []).filter((call) => name === undefined || call.name === name).length, 0);
}

/** The last AI message's text (the model's own summary). */
export function finalText(messages: readonly BaseMessage[]): string {
  const last = [...messages].reverse().find((message) => AIMessage.isInstance(message));
  return last ? messageText(last).trim() : '';
}

export function messageText(message: BaseMessage): string {
  return message.text;
}
