import { appState, type Progress } from '../lib/appState';
import { useStore } from '../lib/store';

export function useProgress(callId: string | null): Progress | undefined {
  return useStore(appState, (s) => (callId ? s.progress[callId] : undefined));
}
