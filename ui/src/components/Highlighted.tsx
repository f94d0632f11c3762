/** The parts of `text` that match any of `terms` (case-insensitive), for marking a filter's matches. */
export function matchParts(text: string, terms: readonly string[]): { text: string; match: boolean }[] {
  const wanted = terms.map((t) => t.toLowerCase()).filter(Boolean);
  if (wanted.length === 0 || text === '') return [{ text, match: false }];
  const lower = text.toLowerCase();
  const marked = new Array<boolean>(text.length).fill(false);
  for (const term of wanted) {
    for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + 1)) marked.fill(true, i, i + term.length);
  }
  const parts: { text: string; match: boolean }[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i += 1) {
    if (i === text.length || marked[i] !== marked[start]) {
      parts.push({ text: text.slice(start, i), match: marked[start] ?? false });
      start = i;
    }
  }
  return parts;
}

/** Text with the filter's matches marked. */
export function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  return (
    <>
      {matchParts(text, terms).map((p, i) =>
        p.match ? (
          <mark key={i} className="match">
            {p.text}
          </mark>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
