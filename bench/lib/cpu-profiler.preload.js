'use strict';
// Preloaded into each service (NODE_OPTIONS=--require) when the benchmark runs with --cpu-prof:
// node refuses --cpu-prof in NODE_OPTIONS, so the profile is taken through the inspector and
// started on SIGWINCH (after boot, so module loading stays out of it; Nest's shutdown hooks
// claim SIGUSR2 and SIGHUP, the debugger SIGUSR1) and written as
// <service>-<pid>.cpuprofile when the service is asked to stop.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');

const directory = process.env.BENCH_CPU_PROFILE_DIR;
const service = basename(dirname(process.argv[1] || 'node'));
const session = new Session();
session.connect();
let started = false;
process.on('SIGWINCH', () => {
  if (started) return;
  started = true;
  session.post('Profiler.enable', () => session.post('Profiler.start'));
});

let written = false;
function onTerm() {
  if (started && !written) {
    written = true;
    session.post('Profiler.stop', (error, result) => {
      if (!error)
        writeFileSync(
          join(directory, `${service}-${process.pid}.cpuprofile`),
          JSON.stringify(result.profile),
        );
    });
  }
  // The service re-raises SIGTERM after its own shutdown; with only this listener left, end it.
  if (process.listenerCount('SIGTERM') === 1) process.exit(0);
}
process.on('SIGTERM', onTerm);
