// Pins the current schema of every event as its next released version where it changed since the latest one.
import { relative } from 'node:path';
import {
  checkSchemas,
  currentEventSchemas,
  loadReleasedSchemas,
  loadSchemaSet,
  pinRelease,
  planReleases,
  workspacePaths,
} from '../../libs/contracts/src/tooling';
import { runTool } from './run-tool';

runTool(() => {
  const problems = checkSchemas();
  if (problems.length) throw new Error(`Fix these before releasing:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  const { root, schemasDir, releasedDir } = workspacePaths;
  const planned = planReleases(currentEventSchemas(loadSchemaSet(schemasDir)), loadReleasedSchemas(releasedDir));
  for (const release of planned) console.log(`pinned ${release.fullName} v${release.version}: ${relative(root, pinRelease(releasedDir, release))}`);
  if (!planned.length) console.log('Every event schema is already pinned.');
});
