/** MIME types whose bytes are text, even when a server sends them as a blob. */
export function isTextMime(mime: string | null | undefined): boolean {
  if (!mime) return false;
  const essence = mime.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    essence.startsWith('text/') ||
    essence.endsWith('+json') ||
    essence.endsWith('+xml') ||
    ['application/json', 'application/xml', 'application/yaml', 'application/x-yaml', 'application/javascript', 'application/toml'].includes(
      essence,
    )
  );
}

export function isMarkdownMime(mime: string | null | undefined): boolean {
  const essence = mime?.split(';')[0]?.trim().toLowerCase();
  return essence === 'text/markdown' || essence === 'text/x-markdown';
}

/** The text in base64 bytes when they are valid UTF-8; `null` otherwise. */
export function decodeBase64Text(base64: string): string | null {
  try {
    const binary = atob(base64.trim());
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** "For the user · priority 0.9 (high)" from a content block's annotations; `null` when they say nothing. */
export function describeAnnotations(a: { audience: string[]; priority: number | null; lastModified: string | null }): string | null {
  const parts: string[] = [];
  if (a.audience.length > 0) {
    const who = a.audience.map((x) => (x === 'user' ? 'the user' : x === 'assistant' ? 'the assistant (model)' : x));
    parts.push(`For ${who.join(' and ')}`);
  }
  if (typeof a.priority === 'number') {
    const level = a.priority >= 0.7 ? 'high' : a.priority >= 0.3 ? 'medium' : 'low';
    parts.push(`priority ${a.priority} (${level})`);
  }
  if (a.lastModified) parts.push(`changed ${a.lastModified}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}
