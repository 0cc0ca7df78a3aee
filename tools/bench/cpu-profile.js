// Preloaded (NODE_OPTIONS=-r) into a service process by the bench, as node refuses --cpu-prof in NODE_OPTIONS:
// profiles the whole process and writes <dir>/<pid>.cpuprofile when it exits.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
process.on('exit', () => {
  // A session of the process's own thread answers synchronously, so this completes within the exit handler.
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(join(process.env.CPU_PROFILE_DIR || '.', `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
