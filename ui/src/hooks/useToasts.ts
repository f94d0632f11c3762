import { appState, type Toast } from '../lib/appState';
import { useStore } from '../lib/store';

export function useToasts(): Toast[] {
  return useStore(appState, (s) => s.toasts);
}
