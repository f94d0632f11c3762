// Deep import: @rjsf/core's index also pulls in a test helper that imports @rjsf/validator-ajv8 (eval-based).
import Form, { type IChangeEvent } from '@rjsf/core/lib/components/Form.js';
import type { RJSFSchema } from '@rjsf/utils';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { formProblems, namedErrors } from '../lib/formProblems';
import { readLayout, writeLayout } from '../lib/layoutPrefs';
import { schemaValidator } from '../lib/schemaValidator';
import type { ToolDraft } from '../lib/workKept';
import { ErrorBoundary } from './ErrorBoundary';
import { NumberAsTextInputTemplate } from './formNumberInput';
import { TextOnlyFileWidget, TextOnlyUnsupportedField, translateString } from './formTextOnly';
import { Splitter } from './Splitter';
import { formSchema, initialArguments, parseArguments } from '../lib/toolSchema';
import './ToolForm.css';

type Props = {
  inputSchema: Record<string, unknown>;
  /** Arguments to start with (defaults fill the rest); ignored when `draft` is given. */
  initial?: Record<string, unknown>;
  /** What the user typed last time, restored as it was (the JSON text too, even when it does not parse). */
  draft?: ToolDraft;
  /** Every edit, so that the draft outlives this form (keep it stable: it runs whenever it changes). */
  onDraftChange?: (draft: ToolDraft) => void;
  running: boolean;
  onCall: (args: Record<string, unknown>) => void;
  onCancel: () => void;
};

// Every widget and template that would render server text as markup is replaced by one that shows text; number
// fields are text boxes, so letters in them are reported as what they are.
const widgets = { FileWidget: TextOnlyFileWidget };
const templates = { UnsupportedFieldTemplate: TextOnlyUnsupportedField, BaseInputTemplate: NumberAsTextInputTemplate };

const MIN_SHARE = 25;
const MAX_SHARE = 80;
const DEFAULT_SHARE = 55;

/** rjsf's id of the input for a property path (`.owner.login` → `root_owner_login`). */
function inputId(property: string): string {
  return `root${property.split('.').join('_')}`;
}

function stringify(value: unknown): string {
  return JSON.stringify(value ?? {}, null, 2);
}

/** The form generated from a tool's inputSchema, with a raw JSON editor beside it; both edit the same arguments. */
export function ToolForm({ inputSchema, initial, draft, onDraftChange, running, onCall, onCancel }: Props) {
  const schema = useMemo(() => formSchema(inputSchema), [inputSchema]);
  const [formData, setFormData] = useState<Record<string, unknown>>(() => initialArguments(schema, draft?.args ?? initial));
  // A draft's text as it was typed (even when it does not parse), unless the form filled in defaults it lacks.
  const [text, setText] = useState(() => {
    const parsed = draft ? parseArguments(draft.text) : null;
    if (!draft || !parsed || (parsed.ok && JSON.stringify(parsed.value) !== JSON.stringify(formData))) return stringify(formData);
    return draft.text;
  });
  const [textError, setTextError] = useState<string | null>(() => {
    const parsed = draft ? parseArguments(draft.text) : null;
    return parsed && !parsed.ok ? parsed.error : null;
  });
  const fromText = useRef<string | null>(null);
  const jsonId = useId();
  const panes = useRef<HTMLDivElement>(null);
  const [share, setShare] = useState(() => readLayout().formFieldsShare ?? DEFAULT_SHARE);

  useEffect(() => {
    onDraftChange?.({ args: formData, text });
  }, [formData, text, onDraftChange]);

  const problems = useMemo(() => formProblems(schema, schemaValidator.errorsOf(formData, schema)), [formData, schema]);
  const transformErrors = useMemo(() => namedErrors(schema), [schema]);
  const valid = textError === null && problems.length === 0;
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
      <div className="tool-form-panes" ref={panes} style={{ gridTemplateColumns: `minmax(0, ${share}fr) auto minmax(0, ${100 - share}fr)` }}>
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
            transformErrors={transformErrors}
            liveValidate="onChange"
            showErrorList={false}
            noHtml5Validate
            className="rjsf"
          >
            {/* The actions live outside; an empty child replaces rjsf's own submit button. */}
            <></>
          </Form>
        </ErrorBoundary>
      </div>
      <Splitter
        orientation="vertical"
        label="Resize the form and the JSON editor"
        value={share}
        min={MIN_SHARE}
        max={MAX_SHARE}
        step={5}
        scale={() => 100 / Math.max(1, panes.current?.clientWidth ?? 1)}
        onChange={setShare}
        onCommit={(v) => writeLayout({ formFieldsShare: v })}
        testId="form-json-splitter"
      />
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
          <div className="form-problems" role="status" data-testid="form-problems">
            {textError ? (
              'Fix the JSON to call.'
            ) : (
              <>
                <span>
                  {problems.length} {problems.length === 1 ? 'field' : 'fields'} to fix before calling:
                </span>{' '}
                <ul className="form-problem-list">
                  {problems.map((p) => (
                    <li key={p.property}>
                      <button
                        type="button"
                        className="link-button"
                        data-testid="form-problem"
                        onClick={() => document.getElementById(inputId(p.property))?.focus()}
                      >
                        {p.label} {p.message}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
