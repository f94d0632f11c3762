// visit_page: sends the user to a web page (elicitation, URL mode). After the user agrees, the server waits a moment
// as if the page reported back, then says the interaction is done (notifications/elicitation/complete).
import type { ElicitRequestURLParams } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import { type ToolContext, toolError } from './context';

export const PAGE_URL = 'https://modelcontextprotocol.io/specification/2025-11-25/client/elicitation';

export function pageRequest(elicitationId: string): ElicitRequestURLParams {
  return {
    mode: 'url',
    message: 'Read about URL elicitation on the MCP site, then come back.',
    url: `${PAGE_URL}#url-mode-elicitation-requests`,
    elicitationId,
  };
}

export function registerVisitPage({ server }: ToolContext): void {
  server.registerTool(
    'visit_page',
    {
      title: 'Visit a page (asks you to open a link)',
      description:
        'Asks the user to open a page in their browser (URL-mode elicitation). The visit counts as done `doneAfterMs` after the user agrees.',
      inputSchema: {
        doneAfterMs: z.number().int().min(0).max(30_000).default(1500).describe('Milliseconds until the server says the visit is done'),
      },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ doneAfterMs }, extra) => {
      const elicitationId = crypto.randomUUID();
      try {
        const result = await server.server.elicitInput(pageRequest(elicitationId), { relatedRequestId: extra.requestId });
        if (result.action !== 'accept') {
          return { content: [{ type: 'text', text: `You ${result.action === 'decline' ? 'declined' : 'cancelled'} the visit.` }] };
        }
        await new Promise((resolve) => setTimeout(resolve, doneAfterMs));
        await server.server.createElicitationCompletionNotifier(elicitationId, { relatedRequestId: extra.requestId })();
        return { content: [{ type: 'text', text: 'Thanks for visiting: the page is done.' }] };
      } catch (error) {
        return toolError(`Could not ask for the visit: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  );
}
