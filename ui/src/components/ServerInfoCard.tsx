import { useState } from 'react';
import type { ServerInfo, ServerProfile } from '../bindings/ipc';
import { readLayout, writeLayout } from '../lib/layoutPrefs';
import { JsonView } from './JsonView';
import { ServerProtocolControls } from './ServerProtocolControls';
import { ShownName } from './ShownName';
import './ServerInfoCard.css';

/** Until the user chooses, the card starts folded in a short window, where the explorer needs the height. */
function startsCollapsed(): boolean {
  return readLayout().serverCardCollapsed ?? window.innerHeight < 760;
}

const CAPABILITIES: [keyof ServerInfo['capabilities'], string][] = [
  ['tools', 'tools'],
  ['toolsListChanged', 'tools: list changed'],
  ['resources', 'resources'],
  ['resourcesSubscribe', 'resources: subscribe'],
  ['resourcesListChanged', 'resources: list changed'],
  ['prompts', 'prompts'],
  ['promptsListChanged', 'prompts: list changed'],
  ['logging', 'logging'],
  ['completions', 'completions'],
];

type Props = { info: ServerInfo; profile?: ServerProfile; onPinned?: () => void };

export function ServerInfoCard({ info, profile, onPinned }: Props) {
  const [collapsed, setCollapsed] = useState(startsCollapsed);
  const toggle = () => {
    setCollapsed(!collapsed);
    writeLayout({ serverCardCollapsed: !collapsed });
  };
  return (
    <section
      className={collapsed ? 'card server-info collapsed' : 'card server-info'}
      data-testid="server-info"
      data-collapsed={collapsed}
      aria-label="Server information"
    >
      <div className="server-info-row">
        <button
          type="button"
          className="btn btn-small server-info-toggle"
          data-testid="server-info-toggle"
          aria-expanded={!collapsed}
          onClick={toggle}
        >
          {collapsed ? 'Show details' : 'Hide details'}
        </button>
        <dl className="facts">
          <div>
            {/* The server's own words about itself, shown as such: it may call itself anything ("GitHub (official)
                ✔ verified"). Who it is, for the user, is the name they gave it and its address, above. */}
            <dt>Calls itself</dt>
            <dd data-testid="server-self-name">
              “<ShownName text={info.title ?? info.name} />”
              {info.title && info.title !== info.name && (
                <span className="muted">
                  {' '}
                  (<ShownName text={info.name} />)
                </span>
              )}
            </dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd>{info.version}</dd>
          </div>
          <div>
            <dt>Protocol</dt>
            <dd data-testid="protocol-version">
              {info.protocolVersion}
              {profile?.protocolVersion && <span className="muted"> (pinned)</span>}
            </dd>
          </div>
          <div>
            <dt>Authenticated</dt>
            <dd>{info.authenticated ? 'Yes (OAuth)' : 'No'}</dd>
          </div>
        </dl>
        {!collapsed && (
        <div className="capabilities" aria-label="Capabilities">
          {CAPABILITIES.filter(([k]) => info.capabilities[k] === true).map(([k, label]) => (
            <span key={k} className="badge">
              {label}
            </span>
          ))}
        </div>
        )}
      </div>
      {profile && !collapsed && <ServerProtocolControls info={info} profile={profile} onPinned={onPinned ?? (() => undefined)} />}
      {!collapsed && (
      <div className="server-info-more">
        {info.instructions && (
          <details className="disclosure">
            <summary>Instructions</summary>
            {/* Instructions are written for the model; shown as plain text, which also keeps markdown out of the start bundle. */}
            <p className="instructions">{info.instructions}</p>
          </details>
        )}
        <details className="disclosure">
          <summary>Raw capabilities</summary>
          <JsonView value={info.capabilities.raw} />
        </details>
      </div>
      )}
    </section>
  );
}
