// A resource that changes and can be subscribed to: gatehouse://counter goes up by one every TICK_MS while at least
// one client follows it (resources/subscribe), and each change is announced with notifications/resources/updated.
import { SubscribeRequestSchema, UnsubscribeRequestSchema } from '@modelcontextprotocol/sdk/types.js';

import type { ToolContext } from './context';

export const COUNTER_URI = 'gatehouse://counter';
export const TICK_MS = 1000;

/** The counter and who follows it, for one MCP session (one Durable Object). */
export class LiveCounter {
  value = 0;
  changedAt = new Date(0).toISOString();
  private readonly followed = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly announce: (uri: string) => Promise<void>,
    private readonly tickMs = TICK_MS,
  ) {}

  /** Follows `uri`; false when it is not a resource that changes. */
  subscribe(uri: string): boolean {
    if (uri !== COUNTER_URI) return false;
    this.followed.add(uri);
    this.timer ??= setInterval(() => void this.tick(), this.tickMs);
    return true;
  }

  unsubscribe(uri: string): void {
    this.followed.delete(uri);
    if (this.followed.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  get isFollowed(): boolean {
    return this.followed.size > 0;
  }

  async tick(): Promise<void> {
    this.value += 1;
    this.changedAt = new Date().toISOString();
    if (this.followed.has(COUNTER_URI)) await this.announce(COUNTER_URI).catch(() => undefined);
  }

  snapshot(): { value: number; changedAt: string } {
    return { value: this.value, changedAt: this.changedAt };
  }
}

export function registerLiveResources({ server }: ToolContext): LiveCounter {
  const counter = new LiveCounter((uri) => server.server.sendResourceUpdated({ uri }));
  server.registerResource(
    'counter',
    COUNTER_URI,
    {
      title: 'A counter that changes',
      description: 'Goes up by one every second while you subscribe to it; each change is announced.',
      mimeType: 'application/json',
    },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(counter.snapshot()) }] }),
  );
  server.server.registerCapabilities({ resources: { subscribe: true } });
  server.server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    if (!counter.subscribe(request.params.uri)) {
      throw new Error(`${request.params.uri} does not change; only ${COUNTER_URI} can be subscribed to`);
    }
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    counter.unsubscribe(request.params.uri);
    return {};
  });
  return counter;
}
