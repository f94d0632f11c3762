/** A `sampling/createMessage` request, read defensively for display: whatever a server sent, nothing throws. */
export type SamplingView = {
  messages: { role: string; parts: string[] }[];
  systemPrompt: string | null;
  maxTokens: number | null;
  temperature: number | null;
  stopSequences: string[];
  includeContext: string | null;
  modelHints: string[];
  priorities: { name: string; value: number }[];
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One content block as a line of text: text as is, anything else named by its kind. */
function describePart(part: unknown): string {
  if (!isObject(part)) return '(empty)';
  if (part.type === 'text' && typeof part.text === 'string') return part.text;
  const mime = typeof part.mimeType === 'string' ? `, ${part.mimeType}` : '';
  return `[${typeof part.type === 'string' ? part.type : 'unknown'} content${mime}]`;
}

/** A number as sent, without the noise of a 32-bit float read as 64 bits (0.699999988 → 0.7). */
export function shortNumber(n: number): string {
  return String(Number(n.toPrecision(6)));
}

const PRIORITIES: [string, string][] = [
  ['intelligencePriority', 'Intelligence'],
  ['speedPriority', 'Speed'],
  ['costPriority', 'Cost'],
];

export function samplingView(params: Record<string, unknown>): SamplingView {
  const messages = (Array.isArray(params.messages) ? params.messages : []).filter(isObject).map((m) => ({
    role: typeof m.role === 'string' ? m.role : 'unknown',
    parts: (Array.isArray(m.content) ? m.content : [m.content]).map(describePart),
  }));
  const prefs = isObject(params.modelPreferences) ? params.modelPreferences : {};
  const hints = (Array.isArray(prefs.hints) ? prefs.hints : [])
    .filter(isObject)
    .map((h) => h.name)
    .filter((n): n is string => typeof n === 'string');
  const priorities = PRIORITIES.flatMap(([key, name]) => (typeof prefs[key] === 'number' ? [{ name, value: prefs[key] }] : []));
  return {
    messages,
    systemPrompt: typeof params.systemPrompt === 'string' ? params.systemPrompt : null,
    maxTokens: typeof params.maxTokens === 'number' ? params.maxTokens : null,
    temperature: typeof params.temperature === 'number' ? params.temperature : null,
    stopSequences: (Array.isArray(params.stopSequences) ? params.stopSequences : []).filter((s): s is string => typeof s === 'string'),
    includeContext: typeof params.includeContext === 'string' ? params.includeContext : null,
    modelHints: hints,
    priorities,
  };
}
