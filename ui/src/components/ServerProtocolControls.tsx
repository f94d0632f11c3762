import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { IpcError, PingOutcome, ServerInfo, ServerProfile } from '../bindings/ipc';
import { call, toIpcError } from '../lib/ipc';
import { keys } from '../lib/queryKeys';
import { ErrorNotice } from './ErrorNotice';
import './protocol.css';

export const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;
export const PINNABLE = ['2025-11-25', '2026-07-28'] as const;

function useAction<T>() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const run = async (action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (e) {
      setError(toIpcError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** Ping the server and show the round trip. */
export function PingButton({ serverId }: { serverId: string }) {
  const [last, setLast] = useState<PingOutcome | null>(null);
  const action = useAction<PingOutcome>();
  return (
    <span className="protocol-control">
      <button
        type="button"
        className="btn"
        data-testid="server-ping"
        disabled={action.busy}
        onClick={() => void action.run(() => call('server_ping', { serverId })).then((p) => p && setLast(p))}
      >
        Ping
      </button>
      {last && (
        <span className="muted" data-testid="ping-rtt">
          {last.roundTripMs} ms round trip
        </span>
      )}
      {action.error && <ErrorNotice error={action.error} title="The ping failed" />}
    </span>
  );
}

/** The level of the log messages the server sends (logging/setLevel); the server has none until one is set. */
export function LogLevelSelect({ serverId }: { serverId: string }) {
  const id = useId();
  const [level, setLevel] = useState('');
  const action = useAction<null>();
  return (
    <span className="protocol-control">
      <label htmlFor={id}>Log level</label>
      <select
        id={id}
        data-testid="log-level"
        value={level}
        disabled={action.busy}
        onChange={(e) => {
          const next = e.target.value;
          void action.run(() => call('log_level_set', { serverId, level: next })).then(() => setLevel(next));
        }}
      >
        <option value="" disabled>
          as the server likes
        </option>
        {LOG_LEVELS.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
      {action.error && <ErrorNotice error={action.error} title="The level was not set" />}
    </span>
  );
}

/** A per-server setting, saved with the server: speak one protocol version only, or the newest both sides speak. */
export function ProtocolPin({ profile, onPinned }: { profile: ServerProfile; onPinned: () => void }) {
  const id = useId();
  const client = useQueryClient();
  const action = useAction<ServerProfile>();
  return (
    <span className="protocol-control">
      <label htmlFor={id}>Protocol version</label>
      <select
        id={id}
        data-testid="protocol-pin"
        value={profile.protocolVersion ?? ''}
        disabled={action.busy}
        onChange={(e) => {
          const protocolVersion = e.target.value === '' ? null : e.target.value;
          void action.run(() => call('server_protocol_pin', { serverId: profile.id, protocolVersion })).then((saved) => {
            if (!saved) return;
            client.setQueryData<ServerProfile[]>(keys.servers, (list) => list?.map((p) => (p.id === saved.id ? saved : p)));
            onPinned();
          });
        }}
      >
        <option value="">Newest both speak</option>
        {PINNABLE.map((v) => (
          <option key={v} value={v}>
            {v} only
          </option>
        ))}
      </select>
      {action.error && <ErrorNotice error={action.error} title="The version was not saved" />}
    </span>
  );
}

/** The server card's protocol row: ping, log level (when the server logs), and the version pin. */
export function ServerProtocolControls({ info, profile, onPinned }: { info: ServerInfo; profile: ServerProfile; onPinned: () => void }) {
  return (
    <div className="protocol-controls" aria-label="Protocol">
      <PingButton serverId={profile.id} />
      {info.capabilities.logging && <LogLevelSelect serverId={profile.id} />}
      <ProtocolPin profile={profile} onPinned={onPinned} />
    </div>
  );
}
