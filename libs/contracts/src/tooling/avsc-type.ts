import { Type } from 'avsc';
import type { AvroSchema } from '../avro-schema';

export type AvscRegistry = Record<string, Type>;

/** Parses Avro JSON with avsc, whose typings describe a narrower schema shape than the same JSON typed here. */
export function avscType(schema: AvroSchema, registry?: AvscRegistry): Type {
  return Type.forSchema(schema as Parameters<typeof Type.forSchema>[0], registry && { registry });
}
