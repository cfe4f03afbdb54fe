/**
 * Why the server's event loop stalls, for the voice benchmark: a worker thread watches a
 * heartbeat the main thread writes every millisecond-or-so; while it is more than 30 ms old
 * it reads the main thread's schedstat (time on a CPU, time waiting on a run queue) and, when
 * the beat returns, files the stall as "running" (JavaScript or GC held the thread), "waiting
 * for a CPU" (other processes had both cores) or "asleep" (blocked in a system call), by
 * which of the three took most of it.
 */
import { Worker } from 'node:worker_threads';

export interface StallReport {
  stalls: number;
  /** Milliseconds of stall by cause. */
  runningMs: number;
  waitingMs: number;
  asleepMs: number;
  longestMs: number;
}

/** Starts the probe; the main thread beats with setInterval(1 ms). */
export function startStallProbe(): { stop(): Promise<StallReport> } {
  const beat = new SharedArrayBuffer(8);
  const view = new Float64Array(beat);
  view[0] = performance.timeOrigin + performance.now();
  const beating = setInterval(() => {
    view[0] = performance.timeOrigin + performance.now();
  }, 1);
  const worker = new Worker(PROBE, { eval: true, workerData: { beat, pid: process.pid } });
  return {
    stop: () =>
      new Promise<StallReport>((resolve) => {
        clearInterval(beating);
        worker.once('message', (report: StallReport) => {
          void worker.terminate();
          resolve(report);
        });
        worker.postMessage('stop');
      }),
  };
}

/** The worker's body, plain JavaScript (the worker runs without the TypeScript loader). */
const PROBE = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const { beat, pid } = workerData;
const view = new Float64Array(beat);
const report = { stalls: 0, runningMs: 0, waitingMs: 0, asleepMs: 0, longestMs: 0 };
const schedstat = () => {
  const [run, wait] = fs.readFileSync('/proc/' + pid + '/task/' + pid + '/schedstat', 'utf8').split(' ');
  return [Number(run) / 1e6, Number(wait) / 1e6];
};
let stall = null;
const timer = setInterval(() => {
  const now = performance.timeOrigin + performance.now();
  const age = now - view[0];
  if (age > 30 && !stall) {
    const [run, wait] = schedstat();
    stall = { noticed: now, since: view[0], run, wait };
  } else if (age <= 30 && stall) {
    const [run, wait] = schedstat();
    const length = view[0] - stall.since;
    // Shares of the part of the stall that was watched, applied to all of it.
    const watched = Math.max(1, now - stall.noticed);
    const ran = Math.min(1, (run - stall.run) / watched);
    const waited = Math.min(1 - ran, (wait - stall.wait) / watched);
    report.stalls++;
    report.runningMs += length * ran;
    report.waitingMs += length * waited;
    report.asleepMs += length * (1 - ran - waited);
    report.longestMs = Math.max(report.longestMs, length);
    stall = null;
  }
}, 5);
parentPort.on('message', () => {
  clearInterval(timer);
  for (const k of ['runningMs', 'waitingMs', 'asleepMs', 'longestMs']) report[k] = Math.round(report[k]);
  parentPort.postMessage(report);
});
`;
