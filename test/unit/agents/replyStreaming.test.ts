// The reply as the model writes it: phraseReply hands every piece to `onReplyDelta` and the pieces add up
// to the reply it returns (trimmed like the reply); a model that cannot stream (the offline planner)
// hands over the whole reply once; a model failing midway falls back to the draft.
import { describe, expect, it } from '@jest/globals';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { phraseReply, trimmedDeltas } from '../../../agents/compose.js';
import { OfflinePlannerModel } from '../../../agents/offlineModel.js';
import { createLogger } from '../../../infra/logger.js';

const logger = createLogger('reply-streaming-test', 'silent');
const input = { draft: 'Trip to Lisbon, 12–19 Jun 2027, for 2 adults.', travelerMessage: 'Plan Lisbon' };

const chunks = (...texts: string[]) => texts.map((text) => new AIMessageChunk({ content: text }));

/** Streams two pieces, then fails (a dropped connection mid-answer). */
class FailingMidwayModel extends BaseChatModel {
  _llmType(): string {
    return 'failing-midway';
  }
  async _generate(): Promise<ChatResult> {
    throw new Error('not used');
  }
  override async *_streamResponseChunks(_messages: BaseMessage[]): AsyncGenerator<ChatGenerationChunk> {
    for (const text of ['Your trip ', 'to Lis']) yield new ChatGenerationChunk({ text, message: new AIMessageChunk({ content: text }) });
    throw new Error('connection reset');
  }
}

describe('trimmedDeltas', () => {
  it('emits exactly the trimmed text, holding trailing whitespace back until text follows it', () => {
    const emitted: string[] = [];
    const reply = trimmedDeltas((text) => emitted.push(text));
    for (const piece of ['\n ', ' Hello', ' ', '\n', 'world', '.', '  \n']) reply.push(piece);
    expect(emitted).toEqual(['Hello', ' \nworld', '.']);
    expect(emitted.join('')).toBe(reply.text());
    expect(reply.text()).toBe('Hello \nworld.');
  });

  it('emits nothing for whitespace only', () => {
    const emitted: string[] = [];
    const reply = trimmedDeltas((text) => emitted.push(text));
    reply.push('  \n');
    expect(emitted).toEqual([]);
    expect(reply.text()).toBe('');
  });
});

describe('phraseReply', () => {
  it('streams the model\'s answer piece by piece; the pieces are the reply', async () => {
    const model = new FakeStreamingChatModel({ chunks: chunks('\n', 'Lisbon', ' it is', ': ', '12–19 June', '.', '\n') });
    const deltas: string[] = [];
    const reply = await phraseReply({ model, logger, onReplyDelta: (text) => deltas.push(text) }, {}, input);
    expect(reply).toBe('Lisbon it is: 12–19 June.');
    expect(deltas).toEqual(['Lisbon', ' it is', ':', ' 12–19 June', '.']);
    expect(deltas.join('')).toBe(reply);
  });

  it('without a listener invokes the model as before (no stream)', async () => {
    const model = new FakeStreamingChatModel({ responses: [new AIMessage('Invoked.')], chunks: chunks('Streamed.') });
    expect(await phraseReply({ model, logger }, {}, input)).toBe('Invoked.');
  });

  it('hands the offline planner\'s reply (the draft) over in one piece', async () => {
    const deltas: string[] = [];
    const reply = await phraseReply({ model: new OfflinePlannerModel(), logger, onReplyDelta: (text) => deltas.push(text) }, {}, input);
    expect(reply).toBe(input.draft);
    expect(deltas).toEqual([input.draft]);
  });

  it('sends the draft when the model fails midway (what was streamed is replaced by the durable reply)', async () => {
    const deltas: string[] = [];
    const reply = await phraseReply({ model: new FailingMidwayModel({}), logger, onReplyDelta: (text) => deltas.push(text) }, {}, input);
    expect(deltas).toEqual(['Your trip', ' to Lis']);
    expect(reply).toBe(input.draft);
  });
});
