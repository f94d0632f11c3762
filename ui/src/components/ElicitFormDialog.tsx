// Deep import, as in ToolForm: @rjsf/core's index pulls in an eval-based validator.
import Form, { type IChangeEvent } from '@rjsf/core/lib/components/Form.js';
import type { RJSFSchema } from '@rjsf/utils';
import { useMemo, useState } from 'react';
import { useAnswerServerRequest } from '../hooks/useAnswerServerRequest';
import { elicitationForm } from '../lib/elicitationSchema';
import { schemaValidator } from '../lib/schemaValidator';
import { initialArguments } from '../lib/toolSchema';
import { ErrorBoundary } from './ErrorBoundary';
import { ErrorNotice } from './ErrorNotice';
import { TextOnlyFileWidget, TextOnlyUnsupportedField, translateString } from './formTextOnly';

const widgets = { FileWidget: TextOnlyFileWidget };
const templates = { UnsupportedFieldTemplate: TextOnlyUnsupportedField };

type Props = { requestId: string; message: string; requestedSchema: Record<string, unknown>; propertyOrder: string[] };

/** A server's form (elicitation, form mode): its fields with the server's defaults, then send, decline or cancel. */
export function ElicitFormDialog({ requestId, message, requestedSchema, propertyOrder }: Props) {
  const { schema, uiSchema } = useMemo(() => elicitationForm(requestedSchema, propertyOrder), [requestedSchema, propertyOrder]);
  const [formData, setFormData] = useState<Record<string, unknown>>(() => initialArguments(schema));
  const problems = useMemo(() => schemaValidator.errorsOf(formData, schema).length, [formData, schema]);
  const { answer, sending, error } = useAnswerServerRequest(requestId);

  const onChange = (e: IChangeEvent<unknown, RJSFSchema>) => setFormData((e.formData ?? {}) as Record<string, unknown>);
  const send = () => {
    if (problems === 0 && !sending) void answer({ type: 'accept', content: formData });
  };

  return (
    <div className="stack" data-testid="elicit-form">
      <p className="server-request-message" data-testid="server-request-message">
        {message}
      </p>
      <ErrorBoundary
        resetKey={schema}
        fallback={() => (
          <p className="notice notice-info" role="status">
            This form cannot be shown. Decline it, or cancel.
          </p>
        )}
      >
        <Form<unknown, RJSFSchema>
          schema={schema}
          uiSchema={uiSchema}
          formData={formData}
          validator={schemaValidator}
          widgets={widgets}
          templates={templates}
          translateString={translateString}
          onChange={onChange}
          onSubmit={send}
          liveValidate="onChange"
          showErrorList={false}
          noHtml5Validate
          className="rjsf"
        >
          <></>
        </Form>
      </ErrorBoundary>
      {error && <ErrorNotice error={error} />}
      <div className="server-request-actions">
        <button type="button" className="btn btn-primary" data-testid="elicit-accept" disabled={problems > 0 || sending} onClick={send}>
          Send
        </button>
        <button type="button" className="btn" data-testid="elicit-decline" disabled={sending} onClick={() => void answer({ type: 'decline' })}>
          Decline
        </button>
        <button type="button" className="btn btn-ghost" data-testid="elicit-cancel" disabled={sending} onClick={() => void answer({ type: 'cancel' })}>
          Cancel
        </button>
        {problems > 0 && (
          <span className="muted" role="status">
            {problems} {problems === 1 ? 'problem' : 'problems'} to fix before sending.
          </span>
        )}
      </div>
    </div>
  );
}
