import { useEffect, useState } from 'react';

/** How many of `total` items to render now: `first` at once, then `step` more per task, so a very large result
 * appears in pieces and the window answers clicks and scrolling between them. Starts over when `source` changes. */
export function useProgressiveCount(source: unknown, total: number, first: number, step: number): number {
  const [state, setState] = useState({ source, shown: Math.min(total, first) });
  let shown = state.shown;
  if (state.source !== source) {
    shown = Math.min(total, first);
    setState({ source, shown });
  }
  useEffect(() => {
    if (shown >= total) return;
    // A task, not an animation frame: the next piece does not wait for a frame, and input still comes first.
    const timer = setTimeout(() => setState((s) => (s.source === source ? { source, shown: Math.min(total, s.shown + step) } : s)), 0);
    return () => clearTimeout(timer);
  }, [source, shown, total, step]);
  return Math.min(shown, total);
}
