import { ChildProcess } from 'node:child_process';

const living = new Set<ChildProcess>();
let hooked = false;

/**
 * The child is killed when this process exits (its end, `process.exit`, a signal handler that
 * exits, as the bench's does): a service process left behind keeps its port, its database and its
 * consumer group, and runs on with nobody to stop it. Only SIGKILL of this process escapes it.
 */
export function endsWithThisProcess(child: ChildProcess): ChildProcess {
  living.add(child);
  child.once('exit', () => living.delete(child));
  if (!hooked) {
    hooked = true;
    process.once('exit', () => living.forEach((each) => each.kill('SIGKILL')));
  }
  return child;
}
