// Deep import: @rjsf/core's index also pulls in a test helper that imports @rjsf/validator-ajv8 (eval-based).
import Form, { type IChangeEvent } from '@rjsf/core/lib/components/Form.js';
import type { RJSFSchema } from '@rjsf/utils';
import { useId, useMemo, useRef, useState } from 'react';
import { schemaValidator } from '../lib/schemaValidator';
import { ErrorBoundary } from './ErrorBoundary';
import { TextOnlyFileWidget, TextOnlyUnsupportedField, translateString } from './formTextOnly';
import { formSchema, initialArguments, parseArguments } from '../lib/toolSchema';

type Props = {
  inputSchema: Record<string, unknown>;
  initial?: Record<string, unknown>;
  running: boolean;
  onCall: (args: Record<string, unknown>) => void;
  onCancel: () => void;
};

// Every widget and template that would render server text as markup is replaced by one that shows text.
const widgets = { FileWidget: TextOnlyFileWidget };
const templates = { UnsupportedFieldTemplate: TextOnlyUnsupportedField };

function stringify(value: unknown): string {
  return JSON.stringify(value ?? {}, null, 2);
}

/** The form generated from a tool's inputSchema, with a raw JSON editor beside it; both edit the same arguments. */
export function ToolForm({ inputSchema, initial, running, onCall, onCancel }: Props) {
  const schema = useMemo(() => formSchema(inputSchema), [inputSchema]);
  const [formData, setFormData] = useState<Record<string, unknown>>(() => initialArguments(schema, initial));
  const [text, setText] = useState(() => stringify(formData));
  const [textError, setTextError] = useState<string | null>(null);
  const fromText = useRef<string | null>(null);
  const jsonId = useId();

  const problems = useMemo(() => schemaValidator.errorsOf(formData, schema).length, [formData, schema]);
  const valid = textError === null && problems === 0;
  const call = () => {
    if (valid && !running) onCall(formData);
  };

  const onFormChange = (e: IChangeEvent<unknown, RJSFSchema>) => {
    const next = (e.formData ?? {}) as Record<string, unknown>;
    setFormData(next);
    const serialized = JSON.stringify(next);
    // The form echoes back what the text editor just set: leave the user's text (and caret) alone then.
    if (fromText.current !== serialized) {
      fromText.current = null;
      setText(stringify(next));
      setTextError(null);
    }
  };

  const onTextChange = (value: string) => {
    setText(value);
    const parsed = parseArguments(value);
    if (parsed.ok) {
      setTextError(null);
      fromText.current = JSON.stringify(parsed.value);
      setFormData(parsed.value);
    } else {
      setTextError(parsed.error);
    }
  };

  // Ctrl/Cmd+Enter calls from anywhere in the form or the JSON editor.
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      call();
    }
  };

  return (
    <div className="tool-form" onKeyDown={onKeyDown}>
      <div className="tool-form-fields">
        <ErrorBoundary
          resetKey={schema}
          fallback={() => (
            <p className="notice notice-info" role="status">
              This tool's input schema cannot be shown as a form. Edit the arguments as JSON instead.
            </p>
          )}
        >
          <Form<unknown, RJSFSchema>
            schema={schema}
            formData={formData}
            validator={schemaValidator}
            widgets={widgets}
            templates={templates}
            translateString={translateString}
            onChange={onFormChange}
            onSubmit={() => call()}
            liveValidate="onChange"
            showErrorList={false}
            noHtml5Validate
            className="rjsf"
          >
            {/* The actions live outside; an empty child replaces rjsf's own submit button. */}
            <></>
          </Form>
        </ErrorBoundary>
        <div className="tool-actions">
          <button type="button" className="btn btn-primary" data-testid="tool-call" disabled={!valid || running} onClick={call}>
            {running ? 'Calling…' : 'Call'}
          </button>
          <kbd className="muted shortcut" aria-hidden="true">
            Ctrl+Enter
          </kbd>
          {running && (
            <button type="button" className="btn" data-testid="tool-cancel" onClick={onCancel}>
              Cancel
            </button>
          )}
          {!valid && (
            <span className="muted" role="status">
              {textError ? 'Fix the JSON to call.' : `${problems} ${problems === 1 ? 'problem' : 'problems'} to fix before calling.`}
            </span>
          )}
        </div>
      </div>
      <div className="tool-form-json">
        <label htmlFor={jsonId}>Arguments (JSON)</label>
        <textarea
          id={jsonId}
          className={textError ? 'json-editor invalid' : 'json-editor'}
          data-testid="tool-raw-json"
          spellCheck={false}
          wrap="off"
          value={text}
          onChange={(e) => onTextChange(e.target.value)}
          aria-invalid={textError !== null}
          aria-describedby={textError ? `${jsonId}-error` : undefined}
        />
        {textError && (
          <p id={`${jsonId}-error`} className="field-error" role="alert">
            {textError}
          </p>
        )}
      </div>
    </div>
  );
}
