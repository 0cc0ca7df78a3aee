import { join, relative } from 'node:path';
import { describeCompatibilityProblem, findCompatibilityProblems } from './compatibility';
import { findStaleGeneratedFiles, renderGeneratedFiles } from './generated-files';
import { loadReleasedSchemas } from './released-schemas';
import { eventReferenceIsStale } from './render-event-reference';
import { loadSchemaSet } from './schema-loader';
import { currentEventSchemas } from './self-contained';
import { workspacePaths } from './workspace-paths';

/**
 * What stands between the workspace's schemas and a release, one message each: generated code
 * that no longer matches the schemas, and released versions the current schemas cannot read.
 */
export function checkSchemas(): string[] {
  const { root, schemasDir, releasedDir, generatedDir, eventReference } = workspacePaths;
  const set = loadSchemaSet(schemasDir);
  const stale = findStaleGeneratedFiles(generatedDir, renderGeneratedFiles(set)).map(
    (file) => `${relative(root, join(generatedDir, file))} is stale: run npm run schemas:generate`,
  );
  if (eventReferenceIsStale(eventReference, set)) {
    stale.push(`${relative(root, eventReference)} is stale: run npm run schemas:generate`);
  }
  const incompatible = findCompatibilityProblems(currentEventSchemas(set), loadReleasedSchemas(releasedDir));
  return [...stale, ...incompatible.map(describeCompatibilityProblem)];
}
