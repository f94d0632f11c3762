import { useMutation } from '@tanstack/react-query';
import { setLogin } from '../lib/appState';
import { call } from '../lib/ipc';

/** Starts a browser login for the server passed to `mutate`; the core opens the browser and a `login_finished`
 * event ends the wait (see useAppEvents): tokens, a refusal, a cancel, or the wait running out. The wait is app
 * state, so the server's page shows it wherever the login was started from. When no browser opened, the login still
 * waits and the page shows the address to open by hand. */
export function useStartLogin() {
  return useMutation({
    mutationFn: (serverId: string) => {
      setLogin(serverId, { waiting: true, authorizationUrl: null, browserError: null, error: null });
      return call('login_start', { serverId });
    },
    onSuccess: (res, serverId) =>
      setLogin(serverId, { waiting: true, authorizationUrl: res.authorizationUrl, browserError: res.browserError, error: null }),
    onError: (error, serverId) => setLogin(serverId, { waiting: false, authorizationUrl: null, browserError: null, error }),
  });
}
