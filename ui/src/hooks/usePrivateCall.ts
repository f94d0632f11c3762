import { useCallback, useRef, useState } from 'react';
import type { Commands, IpcError } from '../bindings/ipc';
import { call, toIpcError } from '../lib/ipc';

type State<R> = { data: R | undefined; error: IpcError | null; pending: boolean };

/** A command whose request carries a secret (an API token, a client secret). TanStack Query would keep the request
 * in its cache (a query's key, a mutation's variables); this keeps only the answer and the error, in the calling
 * component. Only the latest call's outcome is kept, so a slow earlier answer never overwrites a newer one. */
export function usePrivateCall<K extends keyof Commands>(name: K) {
  const [state, setState] = useState<State<Commands[K]['res']>>({ data: undefined, error: null, pending: false });
  const latest = useRef(0);
  const run = useCallback(
    async (req: Commands[K]['req']): Promise<Commands[K]['res'] | undefined> => {
      const id = ++latest.current;
      setState((s) => ({ ...s, error: null, pending: true }));
      try {
        const data = await call(name, req);
        if (id === latest.current) setState({ data, error: null, pending: false });
        return id === latest.current ? data : undefined;
      } catch (e) {
        if (id === latest.current) setState({ data: undefined, error: toIpcError(e), pending: false });
        return undefined;
      }
    },
    [name],
  );
  const reset = useCallback(() => {
    latest.current += 1;
    setState({ data: undefined, error: null, pending: false });
  }, []);
  return { ...state, run, reset };
}
