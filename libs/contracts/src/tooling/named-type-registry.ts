import { type AvscRegistry, avscType } from './avsc-type';
import type { SchemaFile } from './schema-file';

/**
 * Registers the named types of `files` with avsc, in whatever order their references to one
 * another need: a file whose dependencies are not registered yet is retried after the others.
 * Each attempt parses into a copy of the registry, so a failed one leaves nothing half-registered.
 */
export function registerNamedTypes(files: readonly SchemaFile[]): AvscRegistry {
  let registry: AvscRegistry = {};
  let pending = files;
  while (pending.length > 0) {
    const failures: { file: SchemaFile; error: Error }[] = [];
    for (const file of pending) {
      const attempt = { ...registry };
      try {
        avscType(file.schema, attempt);
        registry = attempt;
      } catch (error) {
        failures.push({ file, error: error as Error });
      }
    }
    if (failures.length === pending.length) throw new Error(`${failures[0].file.path}: ${failures[0].error.message}`);
    pending = failures.map(({ file }) => file);
  }
  return registry;
}
