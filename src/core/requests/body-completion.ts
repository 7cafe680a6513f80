/**
 * Field-name completion inside a request's JSON message (in a `.http` file):
 * where the cursor is in the JSON (which object, at which path, whether a
 * field name goes there), and the request type's fields at that path from the
 * same JSON Schema the panel's editor completes from (json/json-schema.ts).
 * Pure: it reads only the text before the cursor, so half-written JSON works.
 */

type Step = string | number;
type Schema = Record<string, unknown>;

/** Where a field name goes at the cursor: the object's path, the names it already has, a partial name typed. */
export interface KeySpot {
  readonly path: readonly Step[];
  readonly present: readonly string[];
  /** The cursor is inside a quoted name: the text typed after the quote (replace it). */
  readonly partial?: string;
}

interface ObjectFrame {
  readonly kind: 'object';
  keys: string[];
  key: string | undefined;
  expectingKey: boolean;
}
interface ArrayFrame {
  readonly kind: 'array';
  index: number;
}
type Frame = ObjectFrame | ArrayFrame;

/** The spot at the end of `before` (the message's text up to the cursor), or undefined when no field name goes there. */
export function keySpotAt(before: string): KeySpot | undefined {
  const stack: Frame[] = [];
  let i = 0;
  while (i < before.length) {
    const c = before[i]!;
    if (c === '"') {
      const start = i + 1;
      let j = start;
      while (j < before.length && before[j] !== '"') j += before[j] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (j >= before.length) {
        // The cursor is inside this string: a name only when the object waits for one.
        return top?.kind === 'object' && top.expectingKey
          ? { path: pathOf(stack), present: top.keys, partial: before.slice(start) }
          : undefined;
      }
      if (top?.kind === 'object' && top.expectingKey) {
        top.key = JSON.parse(before.slice(i, j + 1)) as string;
        top.keys.push(top.key);
      }
      i = j + 1;
      continue;
    }
    const top = stack.at(-1);
    if (c === '{') stack.push({ kind: 'object', keys: [], key: undefined, expectingKey: true });
    else if (c === '[') stack.push({ kind: 'array', index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ':' && top?.kind === 'object') top.expectingKey = false;
    else if (c === ',' && top?.kind === 'object') top.expectingKey = true;
    else if (c === ',' && top?.kind === 'array') top.index++;
    i++;
  }
  const top = stack.at(-1);
  return top?.kind === 'object' && top.expectingKey ? { path: pathOf(stack), present: top.keys } : undefined;
}

function pathOf(stack: readonly Frame[]): Step[] {
  return stack.slice(0, -1).map((f) => (f.kind === 'array' ? f.index : (f.key ?? '')));
}

export interface FieldSuggestion {
  readonly name: string;
  /** The field's proto type and comments, as the schema describes it. */
  readonly description: string;
}

/** The fields of the object at `spot.path` in `schema` (a jsonSchemaFor result) not written yet. */
export function fieldsAt(schema: object, spot: KeySpot): FieldSuggestion[] {
  const root = schema as Schema;
  const definitions = (root.definitions ?? {}) as Record<string, Schema>;
  const deref = (s: Schema | undefined): Schema | undefined => {
    for (let n = 0; s && typeof s.$ref === 'string' && n < 64; n++)
      s = definitions[s.$ref.replace('#/definitions/', '')];
    return s;
  };
  let at: Schema | undefined = deref(root);
  for (const step of spot.path) {
    if (!at) return [];
    if (typeof step === 'number') at = deref(at.items as Schema | undefined);
    else {
      const props = at.properties as Record<string, Schema> | undefined;
      const byName =
        props?.[step] ??
        (typeof at.additionalProperties === 'object' ? (at.additionalProperties as Schema) : undefined);
      at = deref(byName);
    }
  }
  const props = at?.properties as Record<string, Schema> | undefined;
  if (!props) return [];
  return Object.entries(props)
    .filter(([name]) => !spot.present.includes(name))
    .map(([name, s]) => ({ name, description: typeof s.description === 'string' ? s.description : '' }));
}
