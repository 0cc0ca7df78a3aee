import { join, relative } from 'node:path';
import { describeCompatibilityProblem, findCompatibilityProblems } from './compatibility';
import { findStaleDocuments, renderGeneratedDocuments } from './generated-documents';
import { findStaleGeneratedFiles, renderGeneratedFiles } from './generated-files';
import { loadReleasedSchemas } from './released-schemas';
import { loadSchemaSet } from './schema-loader';
import { currentEventSchemas } from './self-contained';
import { workspacePaths } from './workspace-paths';

/**
 * What stands between the workspace's schemas and a release, one message each: generated code or
 * documents that no longer match the schemas (or deploy/topics.json), and released versions the
 * current schemas cannot read.
 */
export function checkSchemas(): string[] {
  const { root, schemasDir, releasedDir, generatedDir } = workspacePaths;
  const set = loadSchemaSet(schemasDir);
  const generated = [
    ...findStaleGeneratedFiles(generatedDir, renderGeneratedFiles(set)).map((file) => join(generatedDir, file)),
    ...findStaleDocuments(renderGeneratedDocuments(set)),
  ];
  const stale = generated.map((path) => `${relative(root, path)} is stale: run npm run schemas:generate`);
  const incompatible = findCompatibilityProblems(currentEventSchemas(set), loadReleasedSchemas(releasedDir));
  return [...stale, ...incompatible.map(describeCompatibilityProblem)];
}
