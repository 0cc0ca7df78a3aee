// Builds the package a care setting installs: the contracts copy refreshed, src/ compiled to dist/lib
// on its own; with --pack, also `npm pack` into dist/.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { staleContractsCopy, writeContractsCopy } from './contracts-copy';

const packageDir = join(__dirname, '..');

/** `refreshContracts: false` refuses a stale copy of the contracts instead of refreshing it (tests must not edit sources). */
export function buildPackage({ refreshContracts = true } = {}): void {
  if (refreshContracts) writeContractsCopy();
  const stale = staleContractsCopy();
  if (stale.length) throw new Error(`src/contracts differs from libs/contracts (${stale.join(', ')}): run nx run subscriber:copy-contracts`);
  rmSync(join(packageDir, 'dist', 'lib'), { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(packageDir, 'tsconfig.lib.json')], { stdio: 'inherit' });
}

/** Builds, then packs into `destination`; gives the tarball's path. */
export function packPackage(destination = join(packageDir, 'dist'), options?: { refreshContracts: boolean }): string {
  buildPackage(options);
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: packageDir, encoding: 'utf8' });
  const [{ filename }] = JSON.parse(output) as Array<{ filename: string }>;
  return join(destination, filename);
}

if (require.main === module) {
  if (process.argv.includes('--pack')) process.stdout.write(`${packPackage()}\n`);
  else buildPackage();
}
