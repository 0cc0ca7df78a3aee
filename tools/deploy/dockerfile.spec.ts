import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Stage {
  from: string;
  instructions: Array<{ keyword: string; args: string }>;
}

/** The Dockerfile's stages, each with its instructions (continuation lines joined, comments dropped). */
function stagesOf(dockerfile: string): Stage[] {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') stages.push({ from: args, instructions: [] });
    else stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

describe('the image (Dockerfile)', () => {
  const stages = stagesOf(readFileSync(join(__dirname, '..', '..', 'Dockerfile'), 'utf8'));
  const final = stages.at(-1)!;
  const all = (keyword: string) => final.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);

  it('builds in a stage of its own and runs on node 22 slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(final.from).toBe('node:22-bookworm-slim');
  });

  it('installs only the production dependencies in the final stage', () => {
    const installs = all('RUN').filter((run) => /\bnpm (ci|install|i)\b/.test(run));
    expect(installs).not.toHaveLength(0);
    for (const install of installs) {
      expect(install).toMatch(/--omit=dev/);
      expect(install).not.toMatch(/--include=dev/);
    }
  });

  it('takes only the built files from the build stage, no node_modules or sources', () => {
    const fromBuild = all('COPY').filter((copy) => copy.startsWith('--from='));
    expect(fromBuild).toEqual(['--from=build /app/dist ./dist']);
    expect(all('COPY').filter((copy) => !copy.startsWith('--from='))).toEqual(['package.json package-lock.json ./']);
  });

  it('runs as a user other than root', () => {
    const users = all('USER');
    expect(users).not.toHaveLength(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it('starts the built service of SERVICE with exec, so node is PID 1, with the tracing preload ahead of it', () => {
    const [entrypoint] = all('ENTRYPOINT');
    expect(entrypoint).toMatch(/exec node --enable-source-maps -r \.\/dist\/tracing-preload\/main\.js \\"dist\/services\/\$\{SERVICE:\?/);
  });
});
