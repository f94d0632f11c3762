import { useState } from 'react';
import { ContentBlockView } from '../components/ContentBlockView';
import { SessionErrorNotice } from '../components/SessionErrorNotice';
import { ShownName } from '../components/ShownName';
import { PromptForm } from '../components/PromptForm';
import { Skeleton, Spinner } from '../components/Spinner';
import { usePromptGet } from '../hooks/usePromptGet';
import { usePrompts } from '../hooks/usePrompts';

export function PromptsTab({ serverId }: { serverId: string }) {
  const prompts = usePrompts(serverId, true);
  const get = usePromptGet(serverId);
  const [name, setName] = useState<string | null>(null);
  const prompt = prompts.data?.find((p) => p.name === name);

  return (
    <div className="split">
      <aside className="split-list scroll">
        {prompts.isPending && <Skeleton lines={5} />}
        {prompts.error && <SessionErrorNotice serverId={serverId} error={prompts.error} />}
        {prompts.data?.length === 0 && <p className="muted empty">This server has no prompts.</p>}
        <ul className="plain-list">
          {prompts.data?.map((p) => (
            <li key={p.name}>
              <button
                type="button"
                data-testid={`prompt-item-${p.name}`}
                className={p.name === name ? 'list-item selected' : 'list-item'}
                onClick={() => {
                  setName(p.name);
                  get.reset();
                }}
              >
                <span className="list-item-title">
                  <ShownName text={p.title ?? p.name} />
                </span>
                <span className="list-item-sub">{p.description ?? ''}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section className="split-detail" aria-label="Prompt">
        {!prompt && <p className="muted empty">Select a prompt.</p>}
        {prompt && (
          <article>
            <h2>
              <ShownName text={prompt.title ?? prompt.name} />
            </h2>
            {prompt.title && prompt.title !== prompt.name && (
              <code className="muted">
                <ShownName text={prompt.name} />
              </code>
            )}
            {prompt.description && <p>{prompt.description}</p>}
            <PromptForm
              serverId={serverId}
              key={prompt.name}
              prompt={prompt}
              busy={get.isPending}
              onGet={(args) => get.mutate({ name: prompt.name, args })}
            />
          </article>
        )}
        {get.isPending && <Spinner label="Getting prompt" />}
        {get.error && <SessionErrorNotice serverId={serverId} error={get.error} />}
        {get.data && (
          <div className="messages">
            {get.data.description && <p className="muted">{get.data.description}</p>}
            {get.data.messages.map((m, i) => (
              <div key={i} className={`message message-${m.role}`}>
                <span className="badge">{m.role}</span>
                <ContentBlockView block={m.content} />
              </div>
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
