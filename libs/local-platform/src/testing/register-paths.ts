import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';
import { workspaceRoot } from '../workspace';

// Jest's moduleNameMapper does not apply to globalSetup, which Jest loads itself: map the
// @care-events/* aliases here before anything imports them.
const root = workspaceRoot();
register({ baseUrl: root, paths: JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths });
