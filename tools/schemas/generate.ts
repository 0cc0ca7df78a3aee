// Regenerates libs/contracts/src/generated/ and docs/events.md from schemas/.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { loadSchemaSet, renderEventReference, renderGeneratedFiles, workspacePaths, writeGeneratedFiles } from '../../libs/contracts/src/tooling';
import { runTool } from './run-tool';

runTool(() => {
  const { root, schemasDir, generatedDir, eventReference } = workspacePaths;
  const set = loadSchemaSet(schemasDir);
  const changed = writeGeneratedFiles(generatedDir, renderGeneratedFiles(set));
  const where = relative(root, generatedDir);
  console.log(changed.length ? `${where}: updated ${changed.join(', ')}` : `${where}: up to date`);
  const reference = renderEventReference(set);
  const current = existsSync(eventReference) ? readFileSync(eventReference, 'utf8') : undefined;
  if (current !== reference) writeFileSync(eventReference, reference);
  console.log(`${relative(root, eventReference)}: ${current === reference ? 'up to date' : 'updated'}`);
});
