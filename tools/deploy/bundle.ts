import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { build, Plugin } from 'esbuild';
import { transform } from '@swc/core';

const root = join(__dirname, '..', '..');

/**
 * Every bare import but the workspace's own libraries stays a require() of node_modules: the image
 * installs the production dependencies, and the libraries (@care-events/*, resolved through
 * tsconfig.base.json's paths) are compiled into the bundle, so nothing needs path aliases at run time.
 */
const packagesStayExternal: Plugin = {
  name: 'packages-stay-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@care-events/') ? undefined : { path: args.path, external: true }));
  },
};

/**
 * esbuild cannot emit decorator metadata, which Nest's injection and TypeORM's columns read: SWC
 * compiles each file as tools/register.js and Jest do. Each stays a CommonJS module of its own, so
 * classes that refer to each other (entities, decorator metadata) load as they do from the sources.
 */
const swcCompilesTypeScript: Plugin = {
  name: 'swc-compiles-typescript',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      const output = await transform(await readFile(args.path, 'utf8'), {
        filename: args.path,
        sourceMaps: 'inline',
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      });
      return { contents: output.code, loader: 'js' };
    });
  },
};

/** Bundles `entry` (a service's src/main.ts, or a tool) into `<outDir>/main.js` (from the repository root) with its source map. */
export async function bundle(entry: string, outDir: string): Promise<string> {
  const outfile = resolve(root, outDir, 'main.js');
  await build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    keepNames: true,
    tsconfig: join(root, 'tsconfig.base.json'),
    plugins: [packagesStayExternal, swcCompilesTypeScript],
    logLevel: 'warning',
  });
  return outfile;
}

if (require.main === module) {
  const [entry, outDir] = process.argv.slice(2);
  if (!entry || !outDir) {
    process.stderr.write('usage: bundle.ts <entry .ts> <output folder>\n');
    process.exit(2);
  }
  bundle(entry, outDir).then(
    (outfile) => process.stdout.write(`${relative(root, outfile)}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
