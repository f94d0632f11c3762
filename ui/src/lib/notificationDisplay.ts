import type { NotificationKind } from '../bindings/ipc';

/** What each kind of notification is called where people read it. */
export const KIND_NAMES: Record<NotificationKind, string> = {
  log: 'Log message',
  tools_changed: 'Tools changed',
  resources_changed: 'Resources changed',
  resource_updated: 'Resource updated',
  prompts_changed: 'Prompts changed',
  progress: 'Progress',
  other: 'Other',
};

/** MCP's log levels, least severe first (RFC 5424 severities). */
export const LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;

/** A level's rank in {@link LEVELS}; unknown levels rank as `info`. */
export function levelRank(level: string): number {
  const i = (LEVELS as readonly string[]).indexOf(level);
  return i < 0 ? 1 : i;
}

function record(params: unknown): Record<string, unknown> | null {
  return typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : null;
}

function clip(text: string): string {
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}

/** One line saying what the notification says, or '' when it carries nothing more than its kind (never "null"). */
export function notificationPreview(kind: NotificationKind, params: unknown): string {
  const p = record(params);
  if (!p) return '';
  switch (kind) {
    case 'log': {
      const data = p.data;
      const text = typeof data === 'string' ? data : data === undefined || data === null ? '' : JSON.stringify(data);
      const logger = typeof p.logger === 'string' ? `${p.logger}: ` : '';
      return clip(`${logger}${text}`);
    }
    case 'progress': {
      const done = typeof p.progress === 'number' ? p.progress : null;
      const total = typeof p.total === 'number' ? p.total : null;
      const amount = done === null ? '' : total === null ? String(done) : `${done} / ${total}`;
      const message = typeof p.message === 'string' ? p.message : '';
      return clip([amount, message].filter(Boolean).join(' · '));
    }
    case 'resource_updated':
      return typeof p.uri === 'string' ? clip(p.uri) : '';
    default: {
      const rest = Object.keys(p).filter((k) => k !== '_meta');
      return rest.length === 0 ? '' : clip(JSON.stringify(params));
    }
  }
}

/** The call a progress notification belongs to (its progress token), to show a call's progress as one row. */
export function progressGroup(kind: NotificationKind, params: unknown): string | undefined {
  if (kind !== 'progress') return undefined;
  const token = record(params)?.progressToken;
  return typeof token === 'string' || typeof token === 'number' ? `progress:${String(token)}` : undefined;
}
