import type { Json, JsonObject } from '../types.js';

type Scalar = string | number | boolean | null;

/** The scalar fields of an action by dotted path (arrays by index), in order. */
function scalarFields(value: Json, path = '', out: [string, Scalar][] = []): [string, Scalar][] {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    for (const [k, v] of entries) scalarFields(v, path ? `${path}.${k}` : k, out);
  } else out.push([path, value]);
  return out;
}

/** A typed value from what was typed, keeping the original field's type. */
function parse(original: Scalar, text: string): Scalar {
  if (typeof original === 'number') {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) ? n : text;
  }
  if (original === null && text === '') return null;
  return text;
}

/** The proposed action of a review item as a form: one input per field; changed fields are marked. */
export function ActionEditor({
  action,
  changes,
  onChange,
  readOnly,
}: {
  action: JsonObject;
  changes: Readonly<Record<string, Scalar>>;
  onChange: (next: Record<string, Scalar>) => void;
  readOnly: boolean;
}) {
  const fields = scalarFields(action);
  return (
    <table className="fields">
      <tbody>
        {fields.map(([path, original]) => {
          const changed = path in changes;
          const value = changed ? changes[path] : original;
          const id = `field-${path.replace(/\W/g, '-')}`;
          const set = (v: Scalar) => {
            const next = { ...changes };
            if (v === original) delete next[path];
            else next[path] = v;
            onChange(next);
          };
          return (
            <tr key={path}>
              <th>
                <label htmlFor={id}>{path}</label>
              </th>
              <td>
                {typeof original === 'boolean' ? (
                  <input
                    id={id}
                    type="checkbox"
                    checked={value === true}
                    disabled={readOnly}
                    onChange={(e) => set(e.target.checked)}
                  />
                ) : (
                  <input
                    id={id}
                    className={changed ? 'edited' : ''}
                    value={value === null ? '' : String(value)}
                    readOnly={readOnly}
                    onChange={(e) => set(parse(original, e.target.value))}
                  />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
