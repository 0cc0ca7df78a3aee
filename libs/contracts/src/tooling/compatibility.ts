import type { AvroSchema } from '../avro-schema';
import { avscType } from './avsc-type';
import type { ReleasedSchema } from './released-schemas';

export interface CompatibilityProblem {
  readonly fullName: string;
  readonly version: number;
  readonly reason: string;
}

/**
 * BACKWARD_TRANSITIVE compatibility: topics keep messages written with every released version
 * of an event, so the current schema of each event must be able to read all of them (avsc
 * throws while building the resolver when it cannot). `current` holds the self-contained
 * schema of each event, by full name.
 */
export function findCompatibilityProblems(
  current: ReadonlyMap<string, AvroSchema>,
  released: readonly ReleasedSchema[],
): CompatibilityProblem[] {
  return released.flatMap(({ fullName, version, schema }) => {
    const reader = current.get(fullName);
    const reason = reader
      ? resolutionFailure(reader, schema)
      : 'the event has no current schema; a released event must stay readable, so its schema cannot be removed';
    return reason ? [{ fullName, version, reason }] : [];
  });
}

export function describeCompatibilityProblem({ fullName, version, reason }: CompatibilityProblem): string {
  return `${fullName} v${version}: ${reason}`;
}

function resolutionFailure(reader: AvroSchema, writer: AvroSchema): string | undefined {
  try {
    avscType(reader).createResolver(avscType(writer));
    return undefined;
  } catch (error) {
    return `the current schema cannot read data written with this released version: ${(error as Error).message}`;
  }
}
