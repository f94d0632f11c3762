import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { pushToast } from '../lib/appState';
import { call, toIpcError } from '../lib/ipc';
import { keys } from '../lib/queryKeys';
import { runUpdateCommand, storeStatus } from '../lib/updates';

/** Where updating stands; kept current by `update_status_changed` events. */
export function useUpdateStatus() {
  return useQuery({ queryKey: keys.updateStatus, queryFn: () => call('update_status', null), staleTime: Infinity });
}

/** What the user can do about updates: check, download (verified by the core), install and restart, the setting. */
export function useUpdateActions() {
  const client = useQueryClient();
  const check = useMutation({ mutationFn: () => runUpdateCommand(client, 'update_check') });
  const download = useMutation({ mutationFn: () => runUpdateCommand(client, 'update_download') });
  const install = useMutation({
    mutationFn: () => call('update_install', null),
    onError: (e) => pushToast({ tone: 'error', title: 'Update not installed', error: toIpcError(e), testId: 'update-error' }),
  });
  const setAutomatic = useMutation({
    mutationFn: (checkAutomatically: boolean) => call('update_settings_save', { checkAutomatically }),
    onSuccess: (status) => storeStatus(client, status),
    onError: (e) => pushToast({ tone: 'error', title: 'Setting not saved', error: toIpcError(e) }),
  });
  return { check, download, install, setAutomatic };
}
