// Runs TypeScript sources directly: SWC transpiles (keeping Nest's decorator metadata)
// and tsconfig-paths resolves the @care-events/* aliases of tsconfig.base.json.
require('@swc-node/register');
require('tsconfig-paths').register({
  baseUrl: require('node:path').join(__dirname, '..'),
  paths: require('../tsconfig.base.json').compilerOptions.paths,
});
