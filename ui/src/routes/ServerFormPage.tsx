import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { ServerProfile } from '../bindings/ipc';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { HeaderRows } from '../components/HeaderRows';
import { useSaveServer } from '../hooks/useSaveServer';
import { connect } from '../lib/queryClient';
import { draftErrors, draftFrom, draftToInput, type ServerDraft } from '../lib/serverInput';

type Props = { profile: ServerProfile | null; onSaved: (profile: ServerProfile) => void; onCancel: () => void };

export function ServerFormPage({ profile, onSaved, onCancel }: Props) {
  const [draft, setDraft] = useState<ServerDraft>(() => draftFrom(profile));
  const [submitted, setSubmitted] = useState(false);
  const save = useSaveServer();
  const client = useQueryClient();
  // Which button sent the form: "Save and connect" connects once saved, the server's page shows it connecting.
  const andConnect = useRef(true);
  const errors = draftErrors(draft);
  const shown = submitted ? errors : {};
  const set = (patch: Partial<ServerDraft>) => setDraft((d) => ({ ...d, ...patch }));

  return (
    <form
      className="page server-form"
      aria-label={profile ? `Edit ${profile.name}` : 'Add server'}
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (Object.keys(errors).length > 0) return;
        save.mutate(draftToInput(profile?.id ?? null, draft), {
          onSuccess: (saved) => {
            if (andConnect.current) void connect(client, saved.id);
            onSaved(saved);
          },
        });
      }}
      noValidate
    >
      <h1>{profile ? `Edit ${profile.name}` : 'Add a server'}</h1>
      <Field label="Name" error={shown.name}>
        {(p) => (
          <input {...p} data-testid="server-name-input" value={draft.name} autoFocus onChange={(e) => set({ name: e.target.value })} />
        )}
      </Field>
      <Field label="MCP endpoint URL" error={shown.url} help="Streamable HTTP endpoint, e.g. https://mcp.example.com/mcp">
        {(p) => (
          <input
            {...p}
            data-testid="server-url-input"
            type="url"
            inputMode="url"
            spellCheck={false}
            value={draft.url}
            onChange={(e) => set({ url: e.target.value })}
          />
        )}
      </Field>
      <Field label="Request timeout (seconds)" error={shown.timeoutSecs}>
        {(p) => (
          <input
            {...p}
            type="number"
            min={1}
            max={3600}
            className="narrow"
            value={draft.timeoutSecs}
            onChange={(e) => set({ timeoutSecs: e.target.value })}
          />
        )}
      </Field>
      <HeaderRows rows={draft.headers} onChange={(headers) => set({ headers })} />
      {shown.headers && <p className="field-error">{shown.headers}</p>}
      <fieldset className="fieldset">
        <legend>OAuth client (optional)</legend>
        <p className="muted">Only if the server's administrator registered a client for you; otherwise the app registers itself.</p>
        <Field label="Client ID">
          {(p) => (
            <input {...p} value={draft.oauthClientId} spellCheck={false} autoComplete="off" onChange={(e) => set({ oauthClientId: e.target.value })} />
          )}
        </Field>
        <Field label="Client secret" help={draft.hasClientSecret ? 'A secret is stored in the keychain. Leave empty to keep it.' : undefined}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="off"
              value={draft.oauthClientSecret}
              disabled={draft.removeClientSecret}
              placeholder={draft.hasClientSecret ? 'Secret set' : ''}
              onChange={(e) => set({ oauthClientSecret: e.target.value })}
            />
          )}
        </Field>
        {draft.hasClientSecret && (
          <label className="toggle">
            <input type="checkbox" checked={draft.removeClientSecret} onChange={(e) => set({ removeClientSecret: e.target.checked })} />
            Remove the stored client secret
          </label>
        )}
      </fieldset>
      {save.error && <ErrorNotice error={save.error} />}
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="server-save-connect"
          disabled={save.isPending}
          onClick={() => {
            andConnect.current = true;
          }}
        >
          {save.isPending ? 'Saving…' : 'Save and connect'}
        </button>
        <button
          type="submit"
          className="btn"
          data-testid="server-save"
          disabled={save.isPending}
          onClick={() => {
            andConnect.current = false;
          }}
        >
          Save
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
