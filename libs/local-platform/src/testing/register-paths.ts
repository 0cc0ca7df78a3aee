import { join } from 'node:path';
import { register } from 'tsconfig-paths';
import { workspaceRoot } from '../workspace';

// Jest's moduleNameMapper does not apply to globalSetup, which Jest loads itself: map the
// @care-events/* aliases here before anything imports them.
const root = workspaceRoot();
register({ baseUrl: root, paths: require(join(root, 'tsconfig.base.json')).compilerOptions.paths });
