import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordSchema } from '../avro-schema';
import { formatJson } from './json-file';
import { loadSchemaSet, metadataTypeName } from './schema-loader';
import { workspacePaths } from './workspace-paths';

describe('loadSchemaSet', () => {
  const set = loadSchemaSet(workspacePaths.schemasDir);

  it('reads a hyphenated domain folder as a namespace without its hyphens', () => {
    expect(set.events.filter((event) => event.domain === 'care-router').map((event) => event.fullName)).toEqual([
      'care.events.carerouter.CareRelationshipEnded',
      'care.events.carerouter.CareRelationshipStarted',
    ]);
  });

  it('finds the identity events with their topic', () => {
    expect(set.events.filter(({ domain }) => domain === 'identity').map(({ fullName, topic }) => [fullName, topic])).toEqual(
      [
        'PatientDeceased',
        'PatientDemographicsUpdated',
        'PatientGpRegistrationChanged',
        'PatientNominatedPharmacyChanged',
        'PatientRecordsMerged',
        'PatientRegistered',
        'PatientSensitivityChanged',
      ].map((name) => [`care.events.identity.${name}`, 'identity.patient.v1']),
    );
  });

  it('gives every event the metadata envelope as its first field', () => {
    for (const { fullName } of set.events) {
      const [first] = (set.definitions.get(fullName) as RecordSchema).fields;
      expect({ event: fullName, name: first.name, type: first.type }).toEqual({ event: fullName, name: 'metadata', type: metadataTypeName });
    }
  });

  it('documents every record, enum and field', () => {
    for (const definition of set.definitions.values()) {
      expect({ type: definition.name, doc: definition.doc }).toEqual({ type: definition.name, doc: expect.any(String) });
      const fields = 'fields' in definition ? definition.fields : [];
      for (const field of fields) expect({ field: `${definition.name}.${field.name}`, doc: field.doc }).toEqual({ field: `${definition.name}.${field.name}`, doc: expect.any(String) });
    }
  });

  describe('with a scratch copy of the schemas', () => {
    let schemasDir: string;
    beforeEach(() => {
      schemasDir = join(mkdtempSync(join(tmpdir(), 'contracts-schemas-')), 'schemas');
      cpSync(workspacePaths.schemasDir, schemasDir, { recursive: true });
    });
    afterEach(() => rmSync(join(schemasDir, '..'), { recursive: true, force: true }));

    const addEvent = (domain: string, schema: object) => {
      mkdirSync(join(schemasDir, domain), { recursive: true });
      writeFileSync(join(schemasDir, domain, 'new-event.avsc'), formatJson(schema));
    };

    it('rejects an event whose first field is not the metadata envelope', () => {
      addEvent('identity', {
        type: 'record',
        name: 'PatientNoted',
        namespace: 'care.events.identity',
        fields: [{ name: 'note', type: 'string' }, { name: 'metadata', type: metadataTypeName }],
      });
      expect(() => loadSchemaSet(schemasDir)).toThrow('schemas/identity/new-event.avsc: the first field must be');
    });

    it('rejects a reference to a type no schema defines, naming the file', () => {
      addEvent('identity', {
        type: 'record',
        name: 'PatientNoted',
        namespace: 'care.events.identity',
        fields: [{ name: 'metadata', type: metadataTypeName }, { name: 'name', type: 'care.events.identity.FullName' }],
      });
      expect(() => loadSchemaSet(schemasDir)).toThrow(/schemas\/identity\/new-event\.avsc: .*care\.events\.identity\.FullName/);
    });

    it('rejects an event outside its domain namespace', () => {
      addEvent('identity', { type: 'record', name: 'Noted', namespace: 'care.events.records', fields: [{ name: 'metadata', type: metadataTypeName }] });
      expect(() => loadSchemaSet(schemasDir)).toThrow('care.events.records.Noted must be in namespace care.events.identity');
    });

    it('rejects a domain folder that topics.json maps to no topic', () => {
      addEvent('billing', { type: 'record', name: 'Invoiced', namespace: 'care.events.billing', fields: [{ name: 'metadata', type: metadataTypeName }] });
      expect(() => loadSchemaSet(schemasDir)).toThrow('topics.json maps no topic to the domain folder billing');
    });
  });
});
