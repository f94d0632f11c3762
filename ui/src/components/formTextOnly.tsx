// rjsf's stock FileWidget and UnsupportedField (and the invalid-object message) run server text through
// markdown-to-jsx, which renders raw HTML and links: a `data:` default with a `<meta http-equiv=refresh>` in its
// MIME part took over the window. These replacements show every server string as text.
import { englishStringTranslator, TranslatableString } from '@rjsf/utils';
import type { RJSFSchema, UnsupportedFieldProps, WidgetProps } from '@rjsf/utils';
import { base64Size, formatBytes } from '../lib/format';

const SHOWN_CHARS = 120;

function clip(text: string): string {
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}

/** A data URL as a line of text: `name (type, size)`. Nothing in it is parsed as markup or followed. */
export function describeDataUrl(value: string): string {
  const match = /^data:([^,]*),(.*)$/s.exec(value);
  if (!match) return `Not a file: ${clip(value)}`;
  const meta = (match[1] ?? '').split(';');
  const type = meta[0] || 'unknown type';
  const nameParam = meta.find((m) => m.startsWith('name='))?.slice(5);
  let name = 'file';
  if (nameParam) {
    try {
      name = decodeURIComponent(nameParam);
    } catch {
      name = nameParam;
    }
  }
  const size = meta.includes('base64') ? formatBytes(base64Size(match[2] ?? '')) : formatBytes((match[2] ?? '').length);
  return `${clip(name)} (${clip(type)}, ${size})`;
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.replace(';base64,', `;name=${encodeURIComponent(file.name)};base64,`));
    };
    reader.readAsDataURL(file);
  });
}

/** File fields (`format: "data-url"`): a file picker, and what is chosen (or the schema's default) as text. */
export function TextOnlyFileWidget({ id, value, onChange, disabled, readonly, required, multiple }: WidgetProps) {
  const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
  const onFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const urls = await Promise.all(Array.from(files, readAsDataUrl));
    onChange(multiple ? [...values, ...urls] : urls[0]);
  };
  return (
    <div className="file-widget">
      <input
        id={id}
        type="file"
        disabled={disabled || readonly}
        required={required && values.length === 0}
        multiple={multiple}
        onChange={(e) => void onFiles(e.target.files)}
      />
      {values.length > 0 && (
        <ul className="file-info" data-testid="file-info">
          {values.map((v, i) => (
            <li key={i}>{describeDataUrl(v)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A field the form cannot show: said in plain words, its schema as JSON text. */
export function TextOnlyUnsupportedField({ schema, reason }: UnsupportedFieldProps<unknown, RJSFSchema>) {
  return (
    <div className="unsupported-field" data-testid="unsupported-field">
      <p>This field cannot be shown in the form{reason ? ` (${clip(reason)})` : ''}. Edit it in the JSON editor.</p>
      <pre>{JSON.stringify(schema, null, 2)}</pre>
    </div>
  );
}

/** Strings rjsf renders as markdown, with server text in them, replaced by fixed text; the rest as rjsf says. */
export function translateString(text: TranslatableString, params?: string[]): string {
  switch (text) {
    case TranslatableString.InvalidObjectField:
      return 'This object field has a schema the form cannot show. Edit it in the JSON editor.';
    case TranslatableString.UnsupportedField:
    case TranslatableString.UnsupportedFieldWithId:
    case TranslatableString.UnsupportedFieldWithReason:
    case TranslatableString.UnsupportedFieldWithIdAndReason:
      return 'This field cannot be shown in the form. Edit it in the JSON editor.';
    case TranslatableString.FilesInfo:
      return 'A file.';
    default:
      return englishStringTranslator(text, params);
  }
}
