import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractsCopy, contractsCopyDir, staleContractsCopy } from './contracts-copy';

describe("the package's copy of the contracts", () => {
  it('matches libs/contracts (run npm run schemas:generate or nx run subscriber:copy-contracts if not)', () => {
    expect(staleContractsCopy()).toEqual([]);
  });

  it('carries the generated event types and schemas, each naming its original', () => {
    const files = contractsCopy();
    expect([...files.keys()]).toEqual(expect.arrayContaining(['generated/event-types.ts', 'generated/event-schemas.ts', 'event-contract.ts']));
    const copy = readFileSync(join(contractsCopyDir, 'generated', 'event-types.ts'), 'utf8');
    expect(copy.split('\n')[0]).toContain('libs/contracts/src/generated/event-types.ts');
    expect(copy).toContain("'care.events.medications.MedicationStopped': MedicationStopped;");
  });
});
