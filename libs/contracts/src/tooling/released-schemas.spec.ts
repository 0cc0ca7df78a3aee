import type { RecordSchema } from '../avro-schema';
import { planReleases, type ReleasedSchema } from './released-schemas';

describe('planReleases', () => {
  const schema: RecordSchema = { type: 'record', name: 'care.events.identity.Noted', fields: [{ name: 'note', type: 'string' }] };
  const changed: RecordSchema = { ...schema, fields: [...schema.fields, { name: 'by', type: 'string', default: '' }] };
  const pinned = (version: number, pinnedSchema: RecordSchema): ReleasedSchema => ({ fullName: schema.name, version, schema: pinnedSchema });

  it('pins v1 of an event never released', () => {
    expect(planReleases(new Map([[schema.name, schema]]), [])).toEqual([{ fullName: schema.name, version: 1, schema }]);
  });

  it('pins nothing when the latest version is the current schema', () => {
    expect(planReleases(new Map([[schema.name, changed]]), [pinned(1, schema), pinned(2, changed)])).toEqual([]);
  });

  it('pins the next version when the current schema differs from the latest', () => {
    expect(planReleases(new Map([[schema.name, changed]]), [pinned(1, schema)])).toEqual([{ fullName: schema.name, version: 2, schema: changed }]);
  });
});
