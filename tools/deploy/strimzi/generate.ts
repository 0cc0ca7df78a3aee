import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { declaredServiceAccess, readTopicsFile } from '@care-events/messaging';
import { strimziFiles } from './strimzi-resources';

const root = join(__dirname, '..', '..', '..');

/**
 * `npm run strimzi:generate` writes deploy/kubernetes/strimzi (KafkaTopics, KafkaUsers with their ACLs)
 * from deploy/topics.json and deploy/services.json; `npm run strimzi:check` (CI) fails, naming them,
 * when the files in the repository differ from what generation gives.
 */
function main() {
  const topicsPath = join(root, 'deploy', 'topics.json');
  const files = strimziFiles(readTopicsFile(topicsPath), declaredServiceAccess());
  const stale = [...files].filter(([path, content]) => !existsSync(join(root, path)) || readFileSync(join(root, path), 'utf8') !== content);
  if (process.argv.includes('--check')) {
    if (stale.length) {
      process.stderr.write(`Strimzi resources are stale (run npm run strimzi:generate):\n${stale.map(([path]) => `  ${path}`).join('\n')}\n`);
      process.exit(1);
    }
    process.stdout.write(`Strimzi resources are up to date (${files.size} files).\n`);
    return;
  }
  for (const [path, content] of stale) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  process.stdout.write(`Strimzi resources: ${stale.length} of ${files.size} files written.\n`);
}

main();
