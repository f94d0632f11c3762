// whoami: proves the login is real. Everything it returns comes from the verified Access id_token.
import { z } from 'zod';

import { type ToolContext, toolError } from './context';

const WhoAmI = {
  email: z.string().describe('Email address Access verified'),
  name: z.string().nullable().describe('Display name from Access, if any'),
  sub: z.string().describe("Access's stable subject identifier for the user"),
  groups: z.array(z.string()).describe('Groups from the Access identity provider'),
};

export function registerIdentityTools({ server, user }: ToolContext): void {
  server.registerTool(
    'whoami',
    {
      title: 'Who am I?',
      description: 'Returns the identity Cloudflare Access signed in: email, name, subject and groups.',
      outputSchema: WhoAmI,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async () => {
      const me = user();
      if (!me) return toolError('No signed-in user on this session.');
      return {
        content: [
          { type: 'text', text: JSON.stringify(me) },
          {
            type: 'resource_link',
            uri: 'gatehouse://me',
            name: 'me',
            title: 'Your Access identity',
            mimeType: 'application/json',
          },
        ],
        structuredContent: { ...me },
      };
    },
  );
}
