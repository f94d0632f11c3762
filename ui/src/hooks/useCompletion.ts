import { useEffect, useState } from 'react';
import type { CompletionTarget } from '../bindings/ipc';
import { call } from '../lib/ipc';
import { useDebounced } from './useDebounced';

/** How long typing must pause before the server is asked (completion/complete). */
export const COMPLETION_DEBOUNCE_MS = 250;

export type CompletionSource = { serverId: string; target: CompletionTarget; context: ReadonlyMap<string, string> };

/**
 * The server's suggestions for `argument` as typed, asked once typing pauses, with the arguments already filled in as
 * context. Errors leave no suggestions: completing is a help, never in the way.
 */
export function useCompletion(source: CompletionSource | undefined, argument: string, value: string, active: boolean): string[] {
  const settled = useDebounced(value, COMPLETION_DEBOUNCE_MS);
  const [answer, setAnswer] = useState<{ typed: string; values: string[] }>({ typed: '', values: [] });
  const contextKey = source ? JSON.stringify([...source.context].filter(([k, v]) => k !== argument && v !== '')) : '';
  const targetKey = source ? JSON.stringify(source.target) : '';
  const serverId = source?.serverId;
  useEffect(() => {
    if (!active || serverId === undefined) return;
    let current = true;
    const context = Object.fromEntries(JSON.parse(contextKey) as [string, string][]);
    const target = JSON.parse(targetKey) as CompletionTarget;
    call('completion_complete', { serverId, target, argument, value: settled, context })
      .then((outcome) => {
        // Only strings are suggestions, whatever arrived.
        const values = Array.isArray(outcome?.values) ? outcome.values.filter((v): v is string => typeof v === 'string') : [];
        if (current) setAnswer({ typed: settled, values });
      })
      .catch(() => {
        if (current) setAnswer({ typed: settled, values: [] });
      });
    return () => {
      current = false;
    };
  }, [active, serverId, targetKey, contextKey, argument, settled]);
  if (!active) return [];
  // While the answer for what is typed now is on its way, the last one is narrowed to what still fits.
  const typed = value.toLowerCase();
  const fitting = answer.typed === value ? answer.values : answer.values.filter((v) => v.toLowerCase().startsWith(typed));
  return fitting.filter((v) => v !== value);
}
