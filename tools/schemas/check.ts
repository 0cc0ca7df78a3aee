// Fails when the generated code or documents (docs/events.md, docs/asyncapi.json) are stale or a current schema cannot read a released version.
import { checkSchemas } from '../../libs/contracts/src/tooling';
import { runTool } from './run-tool';

runTool(() => {
  const problems = checkSchemas();
  if (problems.length) throw new Error(`Schema check failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  console.log('Schemas: generated code and documents up to date; every released version is readable by its current schema.');
});
