import { useState } from 'react';
import { SessionErrorNotice } from '../components/SessionErrorNotice';
import { ResourceFollow } from '../components/ResourceFollow';
import { ResourceList, type ResourceSelection } from '../components/ResourceList';
import { ResourceContentsList } from '../components/ResultView';
import { Skeleton, Spinner } from '../components/Spinner';
import { TemplateForm } from '../components/TemplateForm';
import { useResourceRead } from '../hooks/useResourceRead';
import { useResources } from '../hooks/useResources';

export function ResourcesTab({ serverId }: { serverId: string }) {
  const listing = useResources(serverId, true);
  const read = useResourceRead(serverId);
  const [selected, setSelected] = useState<ResourceSelection | null>(null);

  const select = (s: ResourceSelection) => {
    setSelected(s);
    if (s.kind === 'resource') read.mutate(s.uri);
    else read.reset();
  };

  return (
    <div className="split">
      <aside className="split-list scroll">
        {listing.isPending && <Skeleton lines={5} />}
        {listing.error && <SessionErrorNotice serverId={serverId} error={listing.error} />}
        {listing.data && <ResourceList listing={listing.data} selected={selected} onSelect={select} />}
      </aside>
      <section className="split-detail" aria-label="Resource">
        {!selected && <p className="muted empty">Select a resource to read it.</p>}
        {selected?.kind === 'template' && (
          <article>
            <h2>{selected.template.title ?? selected.template.name}</h2>
            {selected.template.description && <p>{selected.template.description}</p>}
            <TemplateForm
              serverId={serverId}
              key={selected.template.uriTemplate}
              template={selected.template}
              busy={read.isPending}
              onRead={(uri) => read.mutate(uri)}
            />
          </article>
        )}
        {selected?.kind === 'resource' && <h2 className="mono">{selected.uri}</h2>}
        {selected?.kind === 'resource' && (
          <ResourceFollow key={selected.uri} serverId={serverId} uri={selected.uri} onUpdated={() => read.mutate(selected.uri)} />
        )}
        {read.isPending && <Spinner label="Reading" />}
        {read.error && <SessionErrorNotice serverId={serverId} error={read.error} />}
        {read.data && (
          <ResourceContentsList contents={read.data.contents} shownUri={selected?.kind === 'resource' ? selected.uri : undefined} />
        )}
      </section>
    </div>
  );
}
