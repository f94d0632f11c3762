import { appState, type LoginState } from '../lib/appState';
import { useStore } from '../lib/store';

export function useLoginState(serverId: string): LoginState | undefined {
  return useStore(appState, (s) => s.login[serverId]);
}
