import { Type } from 'avsc';
import { InvalidEventError } from './messaging-errors';

const typesBySchemaText = new Map<string, Type>();
// Callers pass the same schema objects again and again (the generated contracts): look those up
// without serialising them, which would cost more than encoding the event.
const typesBySchemaObject = new WeakMap<object, Type>();

/** The avsc Type of a schema, built once per distinct schema. */
export function avroType(schema: object): Type {
  let type = typesBySchemaObject.get(schema);
  if (!type) {
    const key = JSON.stringify(schema);
    type = typesBySchemaText.get(key) ?? Type.forSchema(schema as Parameters<typeof Type.forSchema>[0]);
    typesBySchemaText.set(key, type);
    typesBySchemaObject.set(schema, type);
  }
  return type;
}

/**
 * Checks a value against its schema before anything is written; throws InvalidEventError naming
 * each bad field and the kind of value it had, never the value: the message reaches logs.
 */
export function validateAvro(fullName: string, schema: object, value: unknown): void {
  const problems: string[] = [];
  avroType(schema).isValid(value, {
    errorHook: (path: string[], any: unknown) => problems.push(`${path.join('.') || '(value)'}: ${kindOf(any)} does not match the schema`),
  });
  if (problems.length) throw new InvalidEventError(fullName, problems);
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
