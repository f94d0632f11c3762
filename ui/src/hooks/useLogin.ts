import { useMutation } from '@tanstack/react-query';
import { setLogin } from '../lib/appState';
import { call } from '../lib/ipc';
import { useStartLogin } from './useStartLogin';

/** Starts a browser login; the core opens the browser and a `login_finished` event ends the wait. Cancel gives the
 * waiting login up in the core too, so a link that arrives for it later is refused. */
export function useLogin(serverId: string) {
  const start = useStartLogin();
  const cancel = useMutation({
    mutationFn: () => call('login_cancel', { serverId }),
    onSuccess: () => setLogin(serverId, null),
    onError: (error) => setLogin(serverId, { waiting: false, authorizationUrl: null, browserError: null, error }),
  });
  return {
    start: () => start.mutate(serverId),
    starting: start.isPending,
    cancel: () => cancel.mutate(),
    cancelling: cancel.isPending,
  };
}
