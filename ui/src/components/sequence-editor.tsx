import type { Json, JsonObject } from '../types.js';

/** Text rows a paragraph needs at about 90 characters a row, its own line breaks included. */
const rowsFor = (text: string) =>
  text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / 90)), 0);

/** One email of a drafted sequence as the review item carries it. */
export interface Email {
  waitDays: number;
  subject: string;
  lines: string[];
}

/** The emails of a proposed action, when it is a drafted sequence; else null. */
export function emailsOf(action: JsonObject): Email[] | null {
  const steps = action.steps;
  if (!Array.isArray(steps) || steps.length === 0) return null;
  const out: Email[] = [];
  for (const s of steps) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) return null;
    const { subject, lines, waitDays } = s as { subject?: Json; lines?: Json; waitDays?: Json };
    if (typeof subject !== 'string' || !Array.isArray(lines) || !lines.every((l) => typeof l === 'string'))
      return null;
    out.push({ subject, lines: lines as string[], waitDays: typeof waitDays === 'number' ? waitDays : 0 });
  }
  return out;
}

/** The number of lines and subjects that differ between the draft and the edit. */
export function editCount(before: readonly Email[], after: readonly Email[]): number {
  let n = 0;
  for (const [i, a] of after.entries()) {
    const b = before[i];
    if (!b) continue;
    if (a.subject !== b.subject) n++;
    for (const [j, line] of a.lines.entries()) if (line !== b.lines[j]) n++;
  }
  return n;
}

/** A drafted sequence to read and edit: each email's subject and paragraphs, changed ones marked. */
export function SequenceEditor({
  original,
  emails,
  onChange,
  readOnly,
}: {
  original: readonly Email[];
  emails: readonly Email[];
  onChange: (next: Email[]) => void;
  readOnly: boolean;
}) {
  const set = (i: number, patch: Partial<Email>) =>
    onChange(emails.map((e, k) => (k === i ? { ...e, ...patch } : e)));
  return (
    <div className="sequence">
      {emails.map((e, i) => {
        const was = original[i];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: an email is known by its place in the sequence
          <section key={i} className="email card" aria-label={`email ${i + 1}`}>
            <header>
              <strong>Email {i + 1}</strong>
              <span className="muted">
                {' '}
                {i === 0 ? 'sent first' : `${e.waitDays} day(s) after the previous`}
              </span>
            </header>
            <label htmlFor={`subject-${i}`}>Subject</label>
            <input
              id={`subject-${i}`}
              className={was && was.subject !== e.subject ? 'edited' : ''}
              value={e.subject}
              readOnly={readOnly}
              onChange={(ev) => set(i, { subject: ev.target.value })}
            />
            {e.lines.map((line, j) => (
              <textarea
                // biome-ignore lint/suspicious/noArrayIndexKey: a paragraph is known by its place in the email
                key={j}
                aria-label={`email ${i + 1} line ${j + 1}`}
                className={was && was.lines[j] !== line ? 'edited' : ''}
                value={line}
                readOnly={readOnly}
                rows={rowsFor(line)}
                onChange={(ev) => set(i, { lines: e.lines.map((l, k) => (k === j ? ev.target.value : l)) })}
              />
            ))}
          </section>
        );
      })}
    </div>
  );
}
