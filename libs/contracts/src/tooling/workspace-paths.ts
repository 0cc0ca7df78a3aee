import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../../..');

/** Where the schemas, their pinned releases, the declared topics and the code and documents generated from them live in this workspace. */
export const workspacePaths = {
  root,
  schemasDir: join(root, 'schemas'),
  releasedDir: join(root, 'schemas', 'released'),
  generatedDir: join(root, 'libs', 'contracts', 'src', 'generated'),
  eventReference: join(root, 'docs', 'events.md'),
  asyncApiDocument: join(root, 'docs', 'asyncapi.json'),
  topicsFile: join(root, 'deploy', 'topics.json'),
};
