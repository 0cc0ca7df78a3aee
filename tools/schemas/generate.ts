// Regenerates libs/contracts/src/generated/, docs/events.md, docs/asyncapi.json and the subscriber package's copy of the contracts from schemas/.
import { relative } from 'node:path';
import { findStaleDocuments, loadSchemaSet, renderGeneratedDocuments, renderGeneratedFiles, workspacePaths, writeGeneratedFiles } from '../../libs/contracts/src/tooling';
import { writeContractsCopy } from '../../libs/subscriber/tools/contracts-copy';
import { runTool } from './run-tool';

runTool(() => {
  const { root, schemasDir, generatedDir } = workspacePaths;
  const set = loadSchemaSet(schemasDir);
  const changed = writeGeneratedFiles(generatedDir, renderGeneratedFiles(set));
  const where = relative(root, generatedDir);
  console.log(changed.length ? `${where}: updated ${changed.join(', ')}` : `${where}: up to date`);
  const documents = renderGeneratedDocuments(set);
  const updated = findStaleDocuments(documents, true);
  for (const path of documents.keys()) console.log(`${relative(root, path)}: ${updated.includes(path) ? 'updated' : 'up to date'}`);
  const copied = writeContractsCopy();
  console.log(`libs/subscriber/src/contracts: ${copied.length ? `updated ${copied.join(', ')}` : 'up to date'}`);
});
