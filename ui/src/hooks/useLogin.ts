import { setLogin } from '../lib/appState';
import { useStartLogin } from './useStartLogin';

/** Starts a browser login; the core opens the browser and a `login_finished` event ends the wait. */
export function useLogin(serverId: string) {
  const start = useStartLogin();
  return {
    start: () => start.mutate(serverId),
    starting: start.isPending,
    cancel: () => setLogin(serverId, null),
  };
}
