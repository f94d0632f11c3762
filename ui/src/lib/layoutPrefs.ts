/**
 * How the user arranged the explorer (the server card folded, pane sizes): a preference about the window, kept in
 * the webview's local storage across restarts. Nothing a server sent and nothing secret is kept here.
 */
export type LayoutPrefs = {
  /** Whether the server card is folded to one line; unset until the user chooses. */
  serverCardCollapsed?: boolean;
  /** The form pane's height in pixels (form and JSON editor), above the result. */
  formPaneHeight?: number;
  /** The form fields' share of the form pane's width, in percent (the JSON editor has the rest). */
  formFieldsShare?: number;
};

const KEY = 'gatehouse.layout';

export function readLayout(): LayoutPrefs {
  try {
    const raw = window.localStorage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return typeof parsed === 'object' && parsed !== null ? (parsed as LayoutPrefs) : {};
  } catch {
    return {};
  }
}

export function writeLayout(patch: LayoutPrefs): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify({ ...readLayout(), ...patch }));
  } catch {
    // Storage may be unavailable (private mode, quota): the layout then lasts for this window only.
  }
}
