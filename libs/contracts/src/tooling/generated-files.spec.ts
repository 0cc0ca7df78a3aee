import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findStaleGeneratedFiles, renderGeneratedFiles, writeGeneratedFiles } from './generated-files';
import { loadSchemaSet } from './schema-loader';
import { workspacePaths } from './workspace-paths';

describe('generated files', () => {
  const files = renderGeneratedFiles(loadSchemaSet(workspacePaths.schemasDir));

  it('match the schemas (run npm run schemas:generate when this fails)', () => {
    expect(findStaleGeneratedFiles(workspacePaths.generatedDir, files)).toEqual([]);
  });

  it('render the same bytes every time', () => {
    expect(renderGeneratedFiles(loadSchemaSet(workspacePaths.schemasDir))).toEqual(files);
  });

  describe('in a scratch folder', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'contracts-generated-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reports changed, missing and leftover files, and writing fixes all three', () => {
      writeGeneratedFiles(dir, files);
      writeFileSync(join(dir, 'identity.ts'), '// edited by hand\n');
      rmSync(join(dir, 'common.ts'));
      writeFileSync(join(dir, 'removed-domain.ts'), '');

      expect(findStaleGeneratedFiles(dir, files)).toEqual(['common.ts', 'identity.ts', 'removed-domain.ts']);
      expect(writeGeneratedFiles(dir, files)).toEqual(['common.ts', 'identity.ts', 'removed-domain.ts']);
      expect(findStaleGeneratedFiles(dir, files)).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual([...files.keys()].sort());
    });
  });
});
