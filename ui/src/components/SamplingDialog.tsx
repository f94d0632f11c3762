import { useId, useMemo, useState } from 'react';
import { useAnswerServerRequest } from '../hooks/useAnswerServerRequest';
import { samplingView, shortNumber } from '../lib/samplingRequest';
import { ErrorNotice } from './ErrorNotice';

type Props = { requestId: string; params: Record<string, unknown> };

/**
 * A server asks for a model's reply (sampling). Gatehouse calls no model: the request is shown whole, and the user
 * writes the reply the server receives, or rejects the request.
 */
export function SamplingDialog({ requestId, params }: Props) {
  const view = useMemo(() => samplingView(params), [params]);
  const [text, setText] = useState('');
  const [model, setModel] = useState('');
  const { answer, sending, error } = useAnswerServerRequest(requestId);
  const id = useId();

  return (
    <div className="stack" data-testid="sampling">
      <p className="notice notice-info" data-testid="sampling-no-model">
        Gatehouse does not call any model. Read what the server sent, then write the reply it will receive as the model's
        answer — or reject the request.
      </p>
      <dl className="sampling-facts">
        <dt>Token limit</dt>
        <dd data-testid="sampling-max-tokens">{view.maxTokens ?? 'not given'}</dd>
        {view.temperature !== null && (
          <>
            <dt>Temperature</dt>
            <dd>{shortNumber(view.temperature)}</dd>
          </>
        )}
        <dt>Model preferences</dt>
        <dd data-testid="sampling-preferences">
          {view.modelHints.length > 0 ? `Hints: ${view.modelHints.join(', ')}` : 'No model hints'}
          {view.priorities.map((p) => ` · ${p.name} ${shortNumber(p.value)}`).join('')}
        </dd>
        {view.stopSequences.length > 0 && (
          <>
            <dt>Stop sequences</dt>
            <dd>{view.stopSequences.map((s) => JSON.stringify(s)).join(', ')}</dd>
          </>
        )}
        {view.includeContext && (
          <>
            <dt>Context asked for</dt>
            <dd>{view.includeContext} (Gatehouse adds none)</dd>
          </>
        )}
      </dl>
      <section aria-label="System prompt">
        <h3>System prompt</h3>
        <pre className="sampling-text" data-testid="sampling-system-prompt">
          {view.systemPrompt ?? '(none)'}
        </pre>
      </section>
      <section aria-label="Messages">
        <h3>Messages</h3>
        <ol className="sampling-messages" data-testid="sampling-messages">
          {view.messages.map((m, i) => (
            <li key={i}>
              <strong>{m.role}</strong>
              {m.parts.map((part, j) => (
                <pre key={j} className="sampling-text">
                  {part}
                </pre>
              ))}
            </li>
          ))}
        </ol>
      </section>
      <label htmlFor={`${id}-reply`}>Your reply</label>
      <textarea
        id={`${id}-reply`}
        className="sampling-reply"
        data-testid="sampling-reply"
        rows={5}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <label htmlFor={`${id}-model`}>Answer as model (optional)</label>
      <input
        id={`${id}-model`}
        data-testid="sampling-model"
        placeholder="human"
        value={model}
        onChange={(e) => setModel(e.target.value)}
      />
      {error && <ErrorNotice error={error} />}
      <div className="server-request-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="sampling-send"
          disabled={text.trim() === '' || sending}
          onClick={() => void answer({ type: 'sampled', text, model: model.trim() === '' ? null : model.trim() })}
        >
          Send reply
        </button>
        <button type="button" className="btn" data-testid="sampling-reject" disabled={sending} onClick={() => void answer({ type: 'reject' })}>
          Reject
        </button>
      </div>
    </div>
  );
}
