import { Type } from 'avsc';
import { InvalidEventError } from './messaging-errors';

const types = new Map<string, Type>();

/** The avsc Type of a schema, built once per distinct schema. */
export function avroType(schema: object): Type {
  const key = JSON.stringify(schema);
  let type = types.get(key);
  if (!type) {
    type = Type.forSchema(schema as Parameters<typeof Type.forSchema>[0]);
    types.set(key, type);
  }
  return type;
}

/** Checks a value against its schema before anything is written; throws InvalidEventError naming each bad field. */
export function validateAvro(fullName: string, schema: object, value: unknown): void {
  const problems: string[] = [];
  avroType(schema).isValid(value, {
    errorHook: (path: string[], any: unknown) => problems.push(`${path.join('.') || '(value)'}: ${JSON.stringify(any) ?? 'undefined'} does not match the schema`),
  });
  if (problems.length) throw new InvalidEventError(fullName, problems);
}
