import { execFileSync } from 'node:child_process';
import { workspaceRoot } from '../workspace';

/** Whether a process of that id still runs (signal 0 tests for it without sending anything). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('endsWithThisProcess', () => {
  it('kills the child when its parent exits, so nothing the parent started runs on', async () => {
    // A parent that starts a long-lived child, writes its id and exits at once. Written as text: under
    // FORCE_COLOR (as the test runner sets it) console.log would colour a number.
    const parent = `
      const { spawn } = require('node:child_process');
      const { endsWithThisProcess } = require('./libs/local-platform/src/testing/child-lifetime.ts');
      const child = endsWithThisProcess(spawn('sleep', ['60'], { stdio: 'ignore' }));
      process.stdout.write('child pid ' + child.pid + '\\n');
      process.exit(0);`;
    const output = execFileSync(process.execPath, ['-r', './tools/register.js', '-e', parent], { cwd: workspaceRoot(), encoding: 'utf8' });
    const childPid = Number(output.match(/child pid (\d+)/)?.[1]);

    if (!(childPid > 0)) throw new Error(`no child pid in the parent's output: ${JSON.stringify(output)}`);
    const deadline = Date.now() + 5_000;
    while (running(childPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const survived = running(childPid);
    if (survived) process.kill(childPid, 'SIGKILL');
    expect(survived).toBe(false);
  });
});
