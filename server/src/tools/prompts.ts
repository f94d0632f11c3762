// A prompt with arguments; both complete as the user types (completion/complete).
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { z } from 'zod';

import { completeAudience, completeDetail } from './completions';
import type { ToolContext } from './context';

export function registerPrompts({ server }: ToolContext): void {
  server.registerPrompt(
    'explain_access',
    {
      title: 'Explain the access setup',
      description: 'Asks the model to explain how this server is protected, for a given audience.',
      argsSchema: {
        audience: completable(z.string().describe('Who the explanation is for, e.g. "new engineer" or "auditor"'), completeAudience),
        detail: completable(z.enum(['brief', 'thorough']).optional().describe('How much detail'), (typed, context) =>
          completeDetail(typed ?? '', context).filter((d): d is 'brief' | 'thorough' => d === 'brief' || d === 'thorough'),
        ),
      },
    },
    ({ audience, detail }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: `Explain to a ${audience}, ${detail === 'thorough' ? 'thoroughly' : 'briefly'}, how this MCP server is protected: OAuth 2.1 with PKCE for MCP clients, login delegated to Cloudflare Access for SaaS over OIDC, and the id_token checks. Use the whoami tool to show who is signed in.`,
          },
        },
        {
          role: 'user',
          content: { type: 'resource', resource: { uri: 'gatehouse://about', mimeType: 'text/markdown', text: 'See gatehouse://about.' } },
        },
      ],
    }),
  );
}
