import { kindOf, SchemaNode } from './openapi-write-endpoints';
import { SeededRandom } from './seeded-random';

/** Marks a field to leave out of the body. */
export const MISSING = Symbol('missing');

export interface WrongValue {
  what: string;
  value: unknown;
  /** Also acceptable as what the answer names, e.g. "body" when the value makes the body too large. */
  alsoNamed?: string;
}

const FORMAT_EXAMPLES: Record<string, string> = {
  uuid: '00000000-0000-4000-8000-000000000000',
  date: '2020-01-31',
  'date-time': '2026-01-31T09:00:00Z',
};

/** A valid value for a schema: its example, the first enum value, or `known[name]` (e.g. a registered patient). */
export function exampleOf(node: SchemaNode, name: string, known: Record<string, unknown>): unknown {
  if (known[name] !== undefined) return known[name];
  const kind = kindOf(node);
  if (kind === 'object') {
    return Object.fromEntries(Object.entries(node.properties ?? {}).map(([key, child]) => [key, exampleOf(child, key, known)]));
  }
  if (node.example !== undefined) return node.example;
  if (node.enum) return node.enum[0];
  if (kind === 'array') return [exampleOf(node.items ?? { type: 'string' }, name, known)];
  if (kind === 'string') return FORMAT_EXAMPLES[node.format ?? ''] ?? 'text';
  return kind === 'boolean' ? false : 1;
}

/**
 * Values a field of this schema must refuse, whatever it means: wrong types, absent, empty, huge,
 * NUL, malformed. An optional field may be null (it then counts as absent), a required one not.
 */
export function wrongValues(node: SchemaNode, required: boolean, example: unknown, random: SeededRandom): WrongValue[] {
  const absent: WrongValue[] = required ? [{ what: 'missing', value: MISSING }, ...(node.nullable ? [] : [{ what: 'null', value: null }])] : [];
  return [...absent, ...byKind[kindOf(node)](node, example, random)];
}

type Generator = (node: SchemaNode, example: unknown, random: SeededRandom) => WrongValue[];

const byKind: Record<ReturnType<typeof kindOf>, Generator> = {
  string: (node, example, random) => [
    { what: 'a number', value: 42 },
    { what: 'a boolean', value: true },
    { what: 'an object', value: { value: example } },
    { what: 'an array', value: [example] },
    { what: 'an empty string', value: '' },
    { what: 'a 5,000 character string', value: random.unicode(1).repeat(5_000) },
    { what: 'unicode with a NUL', value: `${random.unicode(8)}\u0000${String(example)}` },
    ...(isCoded(node) ? codedValues(node, String(example), random) : []),
  ],
  number: () => [
    { what: 'a numeric string', value: '1' },
    { what: 'a boolean', value: true },
    { what: 'an array', value: [1] },
    { what: 'an object', value: {} },
  ],
  integer: (node, example, random) => [...byKind.number(node, example, random), { what: 'a fraction', value: 1.5 }],
  boolean: () => [
    { what: 'a string', value: 'true' },
    { what: 'a number', value: 1 },
    { what: 'an array', value: [true] },
  ],
  object: (_, example) => [
    { what: 'an empty array', value: [] },
    { what: 'an array of it', value: [example] },
    { what: 'a string', value: 'not an object' },
    { what: 'a number', value: 42 },
    { what: 'an unknown field in it', value: { ...(example as object), unexpectedField: 1 } },
  ],
  array: (node, example) => [
    { what: 'an object', value: {} },
    { what: 'a string', value: 'list' },
    { what: 'an empty array', value: [] },
    { what: 'a null element', value: [null] },
    { what: 'an array element', value: [[]] },
    { what: 'a wrong-typed element', value: [kindOf(node.items ?? {}) === 'string' ? 42 : 'element'] },
    { what: '20,000 elements', value: Array.from({ length: 20_000 }, () => (example as unknown[])[0]), alsoNamed: 'body' },
  ],
};

/** An enum, id, date or instant: any change of its characters breaks it. */
const isCoded = (node: SchemaNode) => Boolean(node.enum || node.format);

function codedValues(node: SchemaNode, example: string, random: SeededRandom): WrongValue[] {
  // Dates and instants are trimmed as they are read; an id or an enum value is taken as written.
  const padded: WrongValue[] = node.enum || node.format === 'uuid' ? [{ what: 'padded with spaces', value: ` ${example} ` }] : [];
  return [
    ...padded,
    { what: 'fullwidth lookalike', value: [...example].map(fullwidth).join('') },
    { what: 'an injection attempt', value: "' or 1=1 --" },
    { what: 'one character too many', value: `${example}0` },
    { what: 'unicode', value: random.unicode(example.length || 8) },
  ];
}

/** ASCII letters and digits as their fullwidth forms, which look alike but are other characters. */
const fullwidth = (character: string) => (/[0-9A-Za-z]/.test(character) ? String.fromCodePoint((character.codePointAt(0) ?? 0) + 0xfee0) : character);
