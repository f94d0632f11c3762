import { useMutation } from '@tanstack/react-query';
import { call } from '../lib/ipc';

/** Runs the connection doctor's checks against a saved server. */
export function useDoctor(serverId: string) {
  return useMutation({ mutationFn: () => call('doctor_run', { serverId }) });
}
