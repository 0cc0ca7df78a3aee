// Regenerates libs/contracts/src/generated/ from schemas/.
import { relative } from 'node:path';
import { loadSchemaSet, renderGeneratedFiles, workspacePaths, writeGeneratedFiles } from '../../libs/contracts/src/tooling';
import { runTool } from './run-tool';

runTool(() => {
  const { root, schemasDir, generatedDir } = workspacePaths;
  const changed = writeGeneratedFiles(generatedDir, renderGeneratedFiles(loadSchemaSet(schemasDir)));
  const where = relative(root, generatedDir);
  console.log(changed.length ? `${where}: updated ${changed.join(', ')}` : `${where}: up to date`);
});
