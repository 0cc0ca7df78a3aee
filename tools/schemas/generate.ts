// Regenerates libs/contracts/src/generated/, docs/events.md and the subscriber package's copy of the contracts from schemas/.
import { relative } from 'node:path';
import { eventReferenceIsStale, loadSchemaSet, renderGeneratedFiles, workspacePaths, writeGeneratedFiles } from '../../libs/contracts/src/tooling';
import { writeContractsCopy } from '../../libs/subscriber/tools/contracts-copy';
import { runTool } from './run-tool';

runTool(() => {
  const { root, schemasDir, generatedDir, eventReference } = workspacePaths;
  const set = loadSchemaSet(schemasDir);
  const changed = writeGeneratedFiles(generatedDir, renderGeneratedFiles(set));
  const where = relative(root, generatedDir);
  console.log(changed.length ? `${where}: updated ${changed.join(', ')}` : `${where}: up to date`);
  const updated = eventReferenceIsStale(eventReference, set, true);
  console.log(`${relative(root, eventReference)}: ${updated ? 'updated' : 'up to date'}`);
  const copied = writeContractsCopy();
  console.log(`libs/subscriber/src/contracts: ${copied.length ? `updated ${copied.join(', ')}` : 'up to date'}`);
});
