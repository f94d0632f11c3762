// schedule_meeting: an input schema with nested objects, arrays of objects, enums and oneOf, so a client's form
// generator has something real to render. It validates and echoes a normalised plan; it books nothing.
import { z } from 'zod';

import { type ToolContext, toolError } from './context';

const Person = z.object({
  name: z.string().min(1).max(100).describe('Full name'),
  email: z.email().describe('Email address'),
});

const Attendee = z.object({
  person: Person,
  role: z.enum(['required', 'optional', 'resource']).default('required').describe('How the attendee takes part'),
  notify: z.boolean().default(true).describe('Send them an invitation'),
});

const When = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('once'),
      start: z.iso.datetime({ offset: true }).describe('Start time, RFC 3339'),
      durationMinutes: z.number().int().min(5).max(480),
    }),
    z.object({
      kind: z.literal('weekly'),
      weekday: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday']),
      time: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
        .describe('HH:MM, 24-hour'),
      durationMinutes: z.number().int().min(5).max(480),
      occurrences: z.number().int().min(1).max(52),
    }),
  ])
  .describe('A single meeting, or a weekly series');

const Location = z
  .union([
    z.object({ type: z.literal('room'), building: z.string().min(1), room: z.string().min(1) }),
    z.object({ type: z.literal('video'), provider: z.enum(['meet', 'zoom', 'teams']), url: z.url().optional() }),
    z.object({
      type: z.literal('phone'),
      number: z
        .string()
        .regex(/^\+[1-9]\d{6,14}$/)
        .describe('E.164'),
    }),
  ])
  .describe('Where it happens');

export function registerPlanningTools({ server, user }: ToolContext): void {
  server.registerTool(
    'schedule_meeting',
    {
      title: 'Plan a meeting',
      description:
        'Validates a meeting plan (nested organizer, a list of attendees, a one-off or weekly time, one of three kinds of location) and returns it normalised. Nothing is booked.',
      inputSchema: {
        title: z.string().min(1).max(200),
        priority: z.enum(['low', 'normal', 'high']).default('normal'),
        organizer: Person.optional().describe('Defaults to the signed-in user'),
        attendees: z.array(Attendee).min(1).max(50),
        when: When,
        location: Location,
        agenda: z.array(z.object({ topic: z.string().min(1), minutes: z.number().int().min(1).max(240) })).default([]),
      },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async (input) => {
      const me = user();
      const organizer = input.organizer ?? (me ? { name: me.name ?? me.email, email: me.email } : null);
      if (!organizer) return toolError('Give an organizer: there is no signed-in user to default to.');
      const agendaMinutes = input.agenda.reduce((n, item) => n + item.minutes, 0);
      if (agendaMinutes > input.when.durationMinutes) {
        return toolError(`The agenda needs ${agendaMinutes} minutes but the meeting lasts ${input.when.durationMinutes}.`);
      }
      const plan = { ...input, organizer, attendeeCount: input.attendees.length };
      return { content: [{ type: 'text', text: JSON.stringify(plan, null, 2) }] };
    },
  );
}
