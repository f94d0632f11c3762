// order_coffee: asks the user for the order with a form (elicitation, form mode). The form has a default for every
// field (SEP-1034) and enums with titles in all three styles (SEP-1330): oneOf const/title, legacy enumNames, and a
// titled multi-select.
import type { ElicitRequestFormParams, ElicitResult } from '@modelcontextprotocol/sdk/types.js';

import { type ToolContext, toolError } from './context';

export const COFFEE_FORM: ElicitRequestFormParams = {
  mode: 'form',
  message: 'How would you like your coffee?',
  requestedSchema: {
    type: 'object',
    properties: {
      name: { type: 'string', title: 'Name on the cup', minLength: 1, maxLength: 40, default: 'Guest' },
      size: {
        type: 'string',
        title: 'Size',
        oneOf: [
          { const: 'small', title: 'Small (8 oz)' },
          { const: 'medium', title: 'Medium (12 oz)' },
          { const: 'large', title: 'Large (16 oz)' },
        ],
        default: 'medium',
      },
      milk: {
        type: 'string',
        title: 'Milk',
        enum: ['none', 'whole', 'oat'],
        enumNames: ['No milk', 'Whole milk', 'Oat milk'],
        default: 'oat',
      },
      extras: {
        type: 'array',
        title: 'Extras',
        items: {
          anyOf: [
            { const: 'cinnamon', title: 'Cinnamon' },
            { const: 'vanilla', title: 'Vanilla syrup' },
            { const: 'cream', title: 'Whipped cream' },
          ],
        },
        default: ['cinnamon'],
      },
      shots: { type: 'integer', title: 'Espresso shots', minimum: 1, maximum: 4, default: 2 },
      decaf: { type: 'boolean', title: 'Decaf', default: false },
    },
    required: ['name', 'size'],
  },
};

/** What the tool says for the user's answer. */
export function describeOrder(result: ElicitResult): string {
  if (result.action === 'decline') return 'No coffee then: you declined the order.';
  if (result.action === 'cancel') return 'The order was cancelled.';
  const order = result.content ?? {};
  const extras = Array.isArray(order.extras) && order.extras.length > 0 ? ` with ${order.extras.join(', ')}` : '';
  const shots = typeof order.shots === 'number' ? `${order.shots} shot${order.shots === 1 ? '' : 's'}` : 'the usual shots';
  const milk = order.milk === 'none' || order.milk === undefined ? 'no milk' : `${String(order.milk)} milk`;
  return `One ${String(order.size)} ${order.decaf === true ? 'decaf ' : ''}coffee for ${String(order.name)}: ${shots}, ${milk}${extras}.`;
}

export function registerOrderCoffee({ server }: ToolContext): void {
  server.registerTool(
    'order_coffee',
    {
      title: 'Order a coffee (asks you with a form)',
      description: 'Asks the user for their order with a form (elicitation) and repeats it back. Brews nothing.',
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (extra) => {
      try {
        const result = await server.server.elicitInput(COFFEE_FORM, { relatedRequestId: extra.requestId });
        return {
          content: [{ type: 'text', text: describeOrder(result) }],
          structuredContent: { action: result.action, order: result.content ?? null },
        };
      } catch (error) {
        return toolError(`Could not ask for the order: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  );
}
