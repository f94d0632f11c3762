import { useMutation } from '@tanstack/react-query';
import { setLogin } from '../lib/appState';
import { call } from '../lib/ipc';

/** Starts a browser login for the server passed to `mutate`; the core opens the browser and a `login_finished`
 * event ends the wait (see useAppEvents). The wait is app state, so the server's page shows it wherever the login
 * was started from. */
export function useStartLogin() {
  return useMutation({
    mutationFn: (serverId: string) => {
      setLogin(serverId, { waiting: true, authorizationUrl: null, error: null });
      return call('login_start', { serverId });
    },
    onSuccess: (res, serverId) => setLogin(serverId, { waiting: true, authorizationUrl: res.authorizationUrl, error: null }),
    onError: (error, serverId) => setLogin(serverId, { waiting: false, authorizationUrl: null, error }),
  });
}
