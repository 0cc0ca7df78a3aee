import type { FieldSchema, RecordSchema } from '../avro-schema';
import { findCompatibilityProblems } from './compatibility';
import { loadReleasedSchemas, type ReleasedSchema } from './released-schemas';
import { loadSchemaSet } from './schema-loader';
import { currentEventSchemas } from './self-contained';
import { workspacePaths } from './workspace-paths';

const deceased = 'care.events.identity.PatientDeceased';

describe('findCompatibilityProblems', () => {
  const current = currentEventSchemas(loadSchemaSet(workspacePaths.schemasDir));
  const released = loadReleasedSchemas(workspacePaths.releasedDir);
  const v1 = released.find((pinned) => pinned.fullName === deceased && pinned.version === 1) as ReleasedSchema;

  /** The current schemas, with PatientDeceased's changed as a developer might. */
  const withDeceased = (change: (schema: RecordSchema) => RecordSchema) =>
    new Map([...current, [deceased, change(current.get(deceased) as RecordSchema)]]);
  const addField = (field: FieldSchema) => (schema: RecordSchema) => ({ ...schema, fields: [...schema.fields, field] });

  it('finds v1 of every event pinned', () => {
    expect(released.filter(({ version }) => version === 1).map(({ fullName }) => fullName)).toEqual([...current.keys()]);
  });

  it('passes for the real schemas', () => {
    expect(findCompatibilityProblems(current, released)).toEqual([]);
  });

  it('rejects a new field without a default: data written with v1 has no value for it', () => {
    const problems = findCompatibilityProblems(withDeceased(addField({ name: 'placeOfDeath', type: 'string' })), [v1]);
    expect(problems).toEqual([{ fullName: deceased, version: 1, reason: expect.stringContaining('placeOfDeath') }]);
  });

  it('accepts the same field with a default', () => {
    const change = addField({ name: 'placeOfDeath', type: ['null', 'string'], default: null });
    expect(findCompatibilityProblems(withDeceased(change), [v1])).toEqual([]);
  });

  it('rejects a field whose type changed incompatibly', () => {
    const change = (schema: RecordSchema) => ({
      ...schema,
      fields: schema.fields.map((field) => (field.name === 'correction' ? { ...field, type: 'string' } : field)),
    });
    expect(findCompatibilityProblems(withDeceased(change), [v1])).toHaveLength(1);
  });

  it('checks every released version, not only the latest', () => {
    const v2 = { ...v1, version: 2, schema: addField({ name: 'placeOfDeath', type: ['null', 'string'], default: null })(v1.schema as RecordSchema) };
    const dropsDefault = addField({ name: 'placeOfDeath', type: ['null', 'string'] });
    expect(findCompatibilityProblems(withDeceased(dropsDefault), [v1, v2]).map(({ version }) => version)).toEqual([1]);
  });

  it('rejects removing the schema of a released event', () => {
    const withoutDeceased = new Map([...current].filter(([fullName]) => fullName !== deceased));
    expect(findCompatibilityProblems(withoutDeceased, [v1])).toEqual([
      { fullName: deceased, version: 1, reason: expect.stringContaining('no current schema') },
    ]);
  });
});
