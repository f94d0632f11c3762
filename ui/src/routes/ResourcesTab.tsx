import { useState } from 'react';
import type { ResourceTemplateInfo } from '../bindings/ipc';
import { ErrorNotice } from '../components/ErrorNotice';
import { ResourceContentsList } from '../components/ResultView';
import { Skeleton, Spinner } from '../components/Spinner';
import { TemplateForm } from '../components/TemplateForm';
import { useResourceRead } from '../hooks/useResourceRead';
import { useResources } from '../hooks/useResources';

type Selected = { kind: 'resource'; uri: string } | { kind: 'template'; template: ResourceTemplateInfo };

export function ResourcesTab({ serverId }: { serverId: string }) {
  const listing = useResources(serverId, true);
  const read = useResourceRead(serverId);
  const [selected, setSelected] = useState<Selected | null>(null);

  const readUri = (uri: string) => read.mutate(uri);

  return (
    <div className="split">
      <aside className="split-list scroll">
        {listing.isPending && <Skeleton lines={5} />}
        {listing.error && <ErrorNotice error={listing.error} />}
        {listing.data && (
          <>
            <h3 className="list-heading">Resources</h3>
            {listing.data.resources.length === 0 && <p className="muted">None.</p>}
            <ul className="plain-list">
              {listing.data.resources.map((r) => (
                <li key={r.uri}>
                  <button
                    type="button"
                    className={selected?.kind === 'resource' && selected.uri === r.uri ? 'list-item selected' : 'list-item'}
                    onClick={() => {
                      setSelected({ kind: 'resource', uri: r.uri });
                      readUri(r.uri);
                    }}
                  >
                    <span className="list-item-title">{r.title ?? r.name}</span>
                    <span className="list-item-sub">{r.uri}</span>
                  </button>
                </li>
              ))}
            </ul>
            <h3 className="list-heading">Templates</h3>
            {listing.data.templates.length === 0 && <p className="muted">None.</p>}
            <ul className="plain-list">
              {listing.data.templates.map((t) => (
                <li key={t.uriTemplate}>
                  <button
                    type="button"
                    className={
                      selected?.kind === 'template' && selected.template.uriTemplate === t.uriTemplate
                        ? 'list-item selected'
                        : 'list-item'
                    }
                    onClick={() => {
                      setSelected({ kind: 'template', template: t });
                      read.reset();
                    }}
                  >
                    <span className="list-item-title">{t.title ?? t.name}</span>
                    <span className="list-item-sub">{t.uriTemplate}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </aside>
      <section className="split-detail" aria-label="Resource">
        {!selected && <p className="muted empty">Select a resource to read it.</p>}
        {selected?.kind === 'template' && (
          <article>
            <h2>{selected.template.title ?? selected.template.name}</h2>
            {selected.template.description && <p>{selected.template.description}</p>}
            <TemplateForm key={selected.template.uriTemplate} template={selected.template} busy={read.isPending} onRead={readUri} />
          </article>
        )}
        {selected?.kind === 'resource' && <h2 className="mono">{selected.uri}</h2>}
        {read.isPending && <Spinner label="Reading" />}
        {read.error && <ErrorNotice error={read.error} />}
        {read.data && <ResourceContentsList contents={read.data.contents} />}
      </section>
    </div>
  );
}
