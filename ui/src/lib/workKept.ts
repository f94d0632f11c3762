import type { IpcError, ToolCallOutcome } from '../bindings/ipc';
import { createStore, useStore } from './store';

/** What the user typed into a tool's form: the arguments, and the JSON editor's text (which may not parse yet). */
export type ToolDraft = { args: Record<string, unknown>; text: string };

/** A call under way, so that coming back to the tool shows its progress and can still cancel it. */
export type RunningCall = { callId: string; startedAt: number };

/** The last call's end: the outcome, or the error the call ended with. */
export type LastResult = { outcome: ToolCallOutcome; error?: undefined } | { outcome?: undefined; error: IpcError };

export type ToolWork = { draft?: ToolDraft; running?: RunningCall; last?: LastResult };

/** The explorer's place for one server: the open tab and the selected tool (its key in the tool list). */
export type ExplorerPlace = { tab?: string; toolKey?: string; toolNonce?: number };

/**
 * The work done in the explorer, kept for the app's session so that switching tabs or servers, or clicking the same
 * tool again, loses nothing. Held in memory only: never written to disk or web storage, gone when the app quits.
 */
export type WorkState = {
  /** serverId → tool key → work. */
  tools: Record<string, Record<string, ToolWork>>;
  places: Record<string, ExplorerPlace>;
};

export const workKept = createStore<WorkState>({ tools: {}, places: {} });

const NONE: ToolWork = {};

function updateTool(serverId: string, toolKey: string, update: (work: ToolWork) => ToolWork): void {
  workKept.set((s) => {
    const server = s.tools[serverId] ?? {};
    const next = update(server[toolKey] ?? NONE);
    return { ...s, tools: { ...s.tools, [serverId]: { ...server, [toolKey]: next } } };
  });
}

/** The running call and the last result only: typing into the form (the draft) does not re-render their readers. */
export function useToolCallState(serverId: string, toolKey: string): { running?: RunningCall; last?: LastResult } {
  const running = useStore(workKept, (s) => s.tools[serverId]?.[toolKey]?.running);
  const last = useStore(workKept, (s) => s.tools[serverId]?.[toolKey]?.last);
  return { running, last };
}

export function toolWork(serverId: string, toolKey: string): ToolWork {
  return workKept.get().tools[serverId]?.[toolKey] ?? NONE;
}

export function keepDraft(serverId: string, toolKey: string, draft: ToolDraft): void {
  updateTool(serverId, toolKey, (w) => ({ ...w, draft }));
}

export function callStarted(serverId: string, toolKey: string, running: RunningCall): void {
  updateTool(serverId, toolKey, (w) => ({ ...w, running }));
}

/** Records how a call ended; a call that is no longer the tool's latest (started again since) changes nothing. */
export function callEnded(serverId: string, toolKey: string, callId: string, last: LastResult): void {
  updateTool(serverId, toolKey, (w) => (w.running?.callId === callId ? { ...w, running: undefined, last } : w));
}

const NOWHERE: ExplorerPlace = {};

export function usePlace(serverId: string): ExplorerPlace {
  return useStore(workKept, (s) => s.places[serverId] ?? NOWHERE);
}

export function setPlace(serverId: string, patch: ExplorerPlace): void {
  workKept.set((s) => ({ ...s, places: { ...s.places, [serverId]: { ...s.places[serverId], ...patch } } }));
}

/** Drops everything kept for a server (it was deleted). */
export function forgetWork(serverId: string): void {
  workKept.set((s) => {
    if (!(serverId in s.tools) && !(serverId in s.places)) return s;
    const tools = Object.fromEntries(Object.entries(s.tools).filter(([id]) => id !== serverId));
    const places = Object.fromEntries(Object.entries(s.places).filter(([id]) => id !== serverId));
    return { tools, places };
  });
}
