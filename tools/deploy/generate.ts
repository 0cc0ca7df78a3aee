import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readDeployedServices, readDeploySettings, repositoryRoot } from './kubernetes/deploy-settings';
import { kustomizeFiles } from './kubernetes/kustomize-layout';

/**
 * `npm run deploy:generate` writes the Kubernetes base and overlays from deploy/services.json and
 * deploy/kubernetes/settings.json; `npm run deploy:check` (CI) fails, naming them, when the files
 * in the repository differ from what generation gives.
 */
function main() {
  const files = kustomizeFiles(readDeployedServices(), readDeploySettings());
  const stale = [...files].filter(([path, content]) => !existsSync(join(repositoryRoot, path)) || readFileSync(join(repositoryRoot, path), 'utf8') !== content);
  if (process.argv.includes('--check')) {
    if (stale.length) {
      process.stderr.write(`Kubernetes manifests are stale (run npm run deploy:generate):\n${stale.map(([path]) => `  ${path}`).join('\n')}\n`);
      process.exit(1);
    }
    process.stdout.write(`Kubernetes manifests are up to date (${files.size} files).\n`);
    return;
  }
  for (const [path, content] of stale) {
    mkdirSync(dirname(join(repositoryRoot, path)), { recursive: true });
    writeFileSync(join(repositoryRoot, path), content);
  }
  process.stdout.write(`Kubernetes manifests: ${stale.length} of ${files.size} files written.\n`);
}

main();
