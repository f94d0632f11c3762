// list_roots: asks the client which folders it shares (roots/list) and counts the client's
// notifications/roots/list_changed in this session.
import { RootsListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

import { type ToolContext, toolError } from './context';

type Root = { uri: string; name?: string };

export function describeRoots(roots: Root[], changes: number): string {
  const list = roots.length === 0 ? 'The client shares no folders.' : roots.map((r) => `- ${r.name ?? r.uri} (${r.uri})`).join('\n');
  const told = changes === 1 ? 'once' : `${changes} times`;
  return `${list}\n\nThe client said its folders changed ${told} in this session.`;
}

export function registerListRoots({ server }: ToolContext): void {
  let changes = 0;
  server.server.setNotificationHandler(RootsListChangedNotificationSchema, () => {
    changes += 1;
  });
  server.registerTool(
    'list_roots',
    {
      title: 'List the folders you share',
      description: 'Asks the client for its roots (the folders its user shared) and says how often they changed.',
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (extra) => {
      try {
        const { roots } = await server.server.listRoots(undefined, { relatedRequestId: extra.requestId });
        return {
          content: [{ type: 'text', text: describeRoots(roots, changes) }],
          structuredContent: { roots, changes },
        };
      } catch (error) {
        return toolError(`Could not list the folders: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  );
}
