import { createHash } from 'node:crypto';

/** The schema an outbox row was validated against, as stored beside it and registered in the registry. */
export interface WriterSchema {
  /** SHA-256 of `text`: every distinct schema text is its own identity, defaults and docs included. */
  fingerprint: string;
  fullName: string;
  /** The schema JSON exactly as provisioning registers it. */
  text: string;
}

const bySchemaObject = new WeakMap<object, WriterSchema>();

/** Computed once per schema object: the writer passes the same generated contracts on every write. */
export function writerSchemaOf(fullName: string, schema: object): WriterSchema {
  let known = bySchemaObject.get(schema);
  if (!known) {
    const text = JSON.stringify(schema);
    known = { fingerprint: createHash('sha256').update(text).digest('hex'), fullName, text };
    bySchemaObject.set(schema, known);
  }
  return known;
}
