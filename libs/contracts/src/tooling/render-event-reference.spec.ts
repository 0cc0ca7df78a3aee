import { renderEventReference } from './render-event-reference';
import { loadSchemaSet } from './schema-loader';
import { workspacePaths } from './workspace-paths';

describe('the event reference (docs/events.md)', () => {
  const set = loadSchemaSet(workspacePaths.schemasDir);
  const reference = renderEventReference(set);

  it('has a section for every topic and every event, naming its full name', () => {
    for (const event of set.events) {
      expect(reference).toContain(`## \`${event.topic}\``);
      expect(reference).toContain(`\`${event.fullName}\``);
    }
  });

  it('lists each field with a readable type and its doc', () => {
    expect(reference).toContain('| `birthDate` | date (int) | Date of birth, in days since 1970-01-01. |');
    expect(reference).toContain('| `address` | Address, optional |');
    expect(reference).toMatch(/Symbols: `MALE`, `FEMALE`, `OTHER`, `UNKNOWN` \(unknown symbols read as `UNKNOWN`\)/);
  });
});
