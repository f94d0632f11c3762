import type { ResourceListing, ResourceTemplateInfo } from '../bindings/ipc';
import { ShownName } from './ShownName';

export type ResourceSelection = { kind: 'resource'; uri: string } | { kind: 'template'; template: ResourceTemplateInfo };

type Props = {
  listing: ResourceListing;
  selected: ResourceSelection | null;
  onSelect: (s: ResourceSelection) => void;
};

function keyOf(s: ResourceSelection): string {
  return s.kind === 'resource' ? `resource:${s.uri}` : `template:${s.template.uriTemplate}`;
}

/** The server's resources, then its resource templates. */
export function ResourceList({ listing, selected, onSelect }: Props) {
  const selectedKey = selected ? keyOf(selected) : null;
  const rows: { key: string; sel: ResourceSelection; title: string; sub: string }[][] = [
    listing.resources.map((r) => ({ key: r.uri, sel: { kind: 'resource', uri: r.uri }, title: r.title ?? r.name, sub: r.uri })),
    listing.templates.map((t) => ({
      key: t.uriTemplate,
      sel: { kind: 'template', template: t },
      title: t.title ?? t.name,
      sub: t.uriTemplate,
    })),
  ];
  return (
    <>
      {(['Resources', 'Templates'] as const).map((heading, i) => (
        <section key={heading} aria-label={heading}>
          <h3 className="list-heading">{heading}</h3>
          {rows[i]?.length === 0 && <p className="muted">None.</p>}
          <ul className="plain-list">
            {rows[i]?.map((row) => (
              <li key={row.key}>
                <button
                  type="button"
                  data-testid={`resource-item-${row.key}`}
                  className={keyOf(row.sel) === selectedKey ? 'list-item selected' : 'list-item'}
                  aria-current={keyOf(row.sel) === selectedKey ? 'true' : undefined}
                  onClick={() => onSelect(row.sel)}
                >
                  <span className="list-item-title">
                    <ShownName text={row.title} />
                  </span>
                  <span className="list-item-sub">
                    <ShownName text={row.sub} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
