import { useMutation } from '@tanstack/react-query';
import { setLogin } from '../lib/appState';
import { call } from '../lib/ipc';

/** Starts a browser login; the core opens the browser and a `login_finished` event ends the wait. */
export function useLogin(serverId: string) {
  const start = useMutation({
    mutationFn: () => {
      setLogin(serverId, { waiting: true, authorizationUrl: null, error: null });
      return call('login_start', { serverId });
    },
    onSuccess: (res) => setLogin(serverId, { waiting: true, authorizationUrl: res.authorizationUrl, error: null }),
    onError: (error) => setLogin(serverId, { waiting: false, authorizationUrl: null, error }),
  });
  return {
    start: () => start.mutate(),
    starting: start.isPending,
    cancel: () => setLogin(serverId, null),
  };
}
