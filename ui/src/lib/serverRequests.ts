import type { PendingServerRequest } from '../bindings/ipc';
import { createStore } from './store';

/** A URL-mode elicitation the user agreed to: it waits for the server's `notifications/elicitation/complete`. */
export type FollowedVisit = { serverId: string; elicitationId: string; url: string; completed: boolean };

export type ServerRequestsState = {
  /** Requests from servers waiting for the user, oldest first. */
  pending: PendingServerRequest[];
  visits: FollowedVisit[];
};

export const serverRequests = createStore<ServerRequestsState>({ pending: [], visits: [] });

export function requestOpened(request: PendingServerRequest): void {
  serverRequests.set((s) =>
    s.pending.some((p) => p.requestId === request.requestId) ? s : { ...s, pending: [...s.pending, request] },
  );
}

export function requestClosed(requestId: string): void {
  serverRequests.set((s) =>
    s.pending.some((p) => p.requestId === requestId) ? { ...s, pending: s.pending.filter((p) => p.requestId !== requestId) } : s,
  );
}

/** What the core holds, after a reload or a missed event; requests that arrived meanwhile stay. */
export function requestsLoaded(loaded: PendingServerRequest[]): void {
  serverRequests.set((s) => {
    const known = new Set(loaded.map((p) => p.requestId));
    const arrived = s.pending.filter((p) => !known.has(p.requestId));
    return { ...s, pending: [...loaded, ...arrived] };
  });
}

export function followVisit(serverId: string, elicitationId: string, url: string): void {
  if (elicitationId === '') return;
  serverRequests.set((s) => ({ ...s, visits: [...s.visits, { serverId, elicitationId, url, completed: false }] }));
}

export function visitCompleted(serverId: string, elicitationId: string): void {
  serverRequests.set((s) =>
    s.visits.some((v) => v.serverId === serverId && v.elicitationId === elicitationId)
      ? { ...s, visits: s.visits.map((v) => (v.serverId === serverId && v.elicitationId === elicitationId ? { ...v, completed: true } : v)) }
      : s,
  );
}

export function forgetVisit(serverId: string, elicitationId: string): void {
  serverRequests.set((s) => ({ ...s, visits: s.visits.filter((v) => !(v.serverId === serverId && v.elicitationId === elicitationId)) }));
}

/** A session ended: its followed visits will never complete. */
export function forgetServerVisits(serverId: string): void {
  serverRequests.set((s) => (s.visits.some((v) => v.serverId === serverId) ? { ...s, visits: s.visits.filter((v) => v.serverId !== serverId) } : s));
}
