import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { AccessProps } from '../props';

/** What a tool domain gets: the server to register on, and the signed-in user (null only if props are missing). */
export type ToolContext = {
  server: McpServer;
  user(): AccessProps | null;
};

/** A tool error the model can see and correct (isError), rather than a protocol error. */
export function toolError(message: string) {
  return { isError: true, content: [{ type: 'text' as const, text: message }] };
}
