import { useEffect, useState } from 'react';
import type { TimelineHttp, TimelineStep } from '../bindings/ipc';
import { useTimeline } from '../hooks/useTimeline';
import { call } from '../lib/ipc';
import { ErrorNotice } from './ErrorNotice';

function HttpView({ http }: { http: TimelineHttp }) {
  return (
    <div className="timeline-http">
      <pre data-testid="timeline-request">
        {`${http.method} ${http.url}\n`}
        {http.requestHeaders.map(([k, v]) => `${k}: ${v}\n`).join('')}
        {http.requestBody ? `\n${http.requestBody}` : ''}
      </pre>
      {(http.status !== null || http.error) && (
        <pre data-testid="timeline-response">
          {http.status !== null ? `${http.status}\n` : ''}
          {http.responseHeaders.map(([k, v]) => `${k}: ${v}\n`).join('')}
          {http.responseBody ? `\n${http.responseBody}` : ''}
          {http.error ? `No answer: ${http.error}` : ''}
        </pre>
      )}
    </div>
  );
}

function StepView({ step, index }: { step: TimelineStep; index: number }) {
  const time = new Date(step.atMs).toLocaleTimeString();
  return (
    <li className={`timeline-step${step.waiting ? ' timeline-waiting' : ''}`} data-testid="timeline-step" data-kind={step.kind}>
      <details open={step.waiting}>
        <summary>
          <span className="muted">{index + 1}.</span> <strong>{step.title}</strong> <span className="muted">{time}</span>
          {step.waiting && <span className="timeline-badge">waiting to be sent</span>}
          <div className="timeline-summary">{step.summary}</div>
        </summary>
        {step.http && <HttpView http={step.http} />}
        {step.params.length > 0 && (
          <table className="timeline-params">
            <tbody>
              {step.params.map((p) => (
                <tr key={p.name}>
                  <th>
                    <code>{p.name}</code>
                  </th>
                  <td>
                    <code>{p.value}</code>
                  </td>
                  <td className="muted">{p.explanation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </li>
  );
}

/** Every step of the logins, refreshes and step-ups to this server; secrets show only their first characters. */
export function LoginTimeline({ serverId }: { serverId: string }) {
  const { query, guide, step, clear } = useTimeline(serverId);
  const timeline = query.data;
  const waiting = timeline?.steps.some((s) => s.waiting) ?? false;
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(null), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <div className="stack" data-testid="timeline">
      <div className="timeline-actions">
        <label>
          <input
            type="checkbox"
            data-testid="timeline-guided"
            checked={timeline?.guided ?? false}
            onChange={(e) => guide.mutate(e.target.checked)}
          />{' '}
          Guided: show each request before it is sent
        </label>
        {waiting && (
          <button type="button" className="btn btn-small btn-primary" data-testid="timeline-send" onClick={() => step.mutate()}>
            Send this request
          </button>
        )}
        <button
          type="button"
          className="btn btn-small"
          data-testid="timeline-export"
          onClick={() =>
            void call('timeline_export', { serverId })
              .then((text) => navigator.clipboard.writeText(text))
              .then(
                () => setCopied('Copied'),
                () => setCopied('Could not copy'),
              )
          }
        >
          {copied ?? 'Copy the report (secrets shortened)'}
        </button>
        <button type="button" className="btn btn-small btn-ghost" data-testid="timeline-clear" onClick={() => clear.mutate()}>
          Clear
        </button>
      </div>
      {query.error && <ErrorNotice error={query.error} />}
      {timeline && timeline.steps.length === 0 && (
        <p className="muted">Nothing yet: log in to this server and each step appears here.</p>
      )}
      {timeline && (
        <ol className="timeline-steps">
          {timeline.steps.map((s, i) => (
            <StepView key={`${s.atMs}-${i}`} step={s} index={i} />
          ))}
        </ol>
      )}
    </div>
  );
}
