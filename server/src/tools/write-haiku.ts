// write_haiku: asks the client's model for a reply (sampling/createMessage). Gatehouse calls no model: its user
// writes the reply.
import type { CreateMessageRequestParamsBase, CreateMessageResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import { type ToolContext, toolError } from './context';

export function haikuRequest(topic: string): CreateMessageRequestParamsBase {
  return {
    messages: [{ role: 'user', content: { type: 'text', text: `Write a haiku about ${topic}.` } }],
    systemPrompt: 'You are a poet. Answer with the haiku only: three lines of 5, 7 and 5 syllables.',
    modelPreferences: { hints: [{ name: 'claude' }], intelligencePriority: 0.8, speedPriority: 0.3, costPriority: 0.2 },
    maxTokens: 100,
    temperature: 0.7,
  };
}

/** The reply's text, whatever kind of content came back. */
export function replyText(result: CreateMessageResult): string {
  return result.content.type === 'text' ? result.content.text : `(a ${result.content.type} reply)`;
}

export function registerWriteHaiku({ server }: ToolContext): void {
  server.registerTool(
    'write_haiku',
    {
      title: "Write a haiku (asks your client's model)",
      description: 'Asks the client to sample a haiku about the topic (sampling) and returns what came back, with the model named.',
      inputSchema: { topic: z.string().min(1).max(100).default('the sea').describe('What the haiku is about') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ topic }, extra) => {
      try {
        const result = await server.server.createMessage(haikuRequest(topic), { relatedRequestId: extra.requestId });
        return { content: [{ type: 'text', text: `${replyText(result)}\n\n(written by ${result.model})` }] };
      } catch (error) {
        return toolError(`No haiku came back: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  );
}
