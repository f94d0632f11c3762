import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RootEntry, ServerProfile } from '../bindings/ipc';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/** The folders a server may see: add one with the system's folder dialog, or remove one. */
export function useRoots(profile: ServerProfile) {
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (roots: RootEntry[]) => call('server_roots_set', { serverId: profile.id, roots }),
    onSuccess: (saved) => {
      client.setQueryData<ServerProfile[]>(keys.servers, (list) => list?.map((p) => (p.id === saved.id ? saved : p)));
    },
  });
  const add = useMutation({
    mutationFn: async () => {
      const folder = await call('folder_pick', null);
      if (folder && !profile.roots.some((r) => r.uri === folder.uri)) await save.mutateAsync([...profile.roots, folder]);
    },
  });
  const remove = (uri: string) => save.mutate(profile.roots.filter((r) => r.uri !== uri));
  return { add: () => add.mutate(), remove, busy: add.isPending || save.isPending, error: save.error ?? add.error };
}
