import { useState } from 'react';
import { ConnectionDoctor } from './ConnectionDoctor';
import { LoginTimeline } from './LoginTimeline';
import './diagnose.css';

type View = 'doctor' | 'timeline';

/** The connection doctor and the login timeline of one server, side by side in tabs. */
export function DiagnosePanel({ serverId, initial = 'doctor', onClose }: { serverId: string; initial?: View; onClose: () => void }) {
  const [view, setView] = useState<View>(initial);
  return (
    <section className="card stack diagnose-panel" data-testid="diagnose-panel" aria-label="Diagnose the connection">
      <div className="diagnose-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={view === 'doctor'} className="btn btn-small" data-testid="diagnose-tab-doctor" onClick={() => setView('doctor')}>
          Connection doctor
        </button>
        <button type="button" role="tab" aria-selected={view === 'timeline'} className="btn btn-small" data-testid="diagnose-tab-timeline" onClick={() => setView('timeline')}>
          Login timeline
        </button>
        <button type="button" className="btn btn-ghost btn-small diagnose-close" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      {view === 'doctor' ? <ConnectionDoctor serverId={serverId} /> : <LoginTimeline serverId={serverId} />}
    </section>
  );
}
