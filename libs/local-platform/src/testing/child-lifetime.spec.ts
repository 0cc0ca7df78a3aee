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
    // A parent that starts a long-lived child, prints its id and exits at once.
    const parent = `
      const { spawn } = require('node:child_process');
      const { endsWithThisProcess } = require('./libs/local-platform/src/testing/child-lifetime.ts');
      const child = endsWithThisProcess(spawn('sleep', ['60'], { stdio: 'ignore' }));
      console.log(child.pid);
      process.exit(0);`;
    const childPid = Number(execFileSync(process.execPath, ['-r', './tools/register.js', '-e', parent], { cwd: workspaceRoot(), encoding: 'utf8' }).trim());

    expect(childPid).toBeGreaterThan(0);
    const deadline = Date.now() + 5_000;
    while (running(childPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const survived = running(childPid);
    if (survived) process.kill(childPid, 'SIGKILL');
    expect(survived).toBe(false);
  });
});
