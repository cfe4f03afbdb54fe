/**
 * sipp (Debian's sip-tester) for the voice benchmark: long-running instances with many calls
 * (unlike the tests' one call each), their statistics file, their CPU, and the kernel's
 * counters of UDP datagrams dropped on their sockets.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCENARIOS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/voice/sipp');

export interface SippOptions {
  scenario: string;
  /** host:port to call; absent for a scenario that waits for calls. */
  target?: string;
  service?: string;
  sipPort: number;
  mediaPort: number;
  /** Written into a copy of the scenario: sipp does not expand keys inside <exec rtp_stream>. */
  keys?: Record<string, string | number>;
  /** Extra arguments (-r, -l, -m, -inf …). */
  args?: string[];
  workDir: string;
}

export interface SippInstance {
  child: ChildProcess;
  /** Resolves with the exit code when sipp ends. */
  done: Promise<number | null>;
  statFile: string;
  output(): string;
  stop(): void;
}

export function startSipp(options: SippOptions): SippInstance {
  let xml = fs.readFileSync(path.join(SCENARIOS, options.scenario), 'utf8');
  for (const [key, value] of Object.entries(options.keys ?? {}))
    xml = xml.replaceAll(`[${key}]`, String(value));
  const scenarioFile = path.join(options.workDir, `${options.sipPort}-${options.scenario}`);
  fs.writeFileSync(scenarioFile, xml);
  const statFile = path.join(options.workDir, `${options.sipPort}-stats.csv`);
  const args = [
    ...(options.target ? [options.target] : []),
    '-sf',
    scenarioFile,
    '-i',
    '127.0.0.1',
    '-p',
    String(options.sipPort),
    '-mi',
    '127.0.0.1',
    '-mp',
    String(options.mediaPort),
    '-t',
    'u1',
    '-nostdin',
    '-trace_stat',
    '-stf',
    statFile,
    '-fd',
    '1',
    ...(process.env.BENCH_SIPP_TRACE === '1'
      ? [
          '-trace_err',
          '-trace_msg',
          '-message_file',
          path.join(options.workDir, `${options.sipPort}-messages.log`),
        ]
      : []),
    ...(options.service ? ['-s', options.service] : []),
    ...(options.args ?? []),
  ];
  for (const [key, value] of Object.entries(options.keys ?? {})) args.push('-key', key, String(value));
  const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // sipp outlives a benchmark that crashes; it must not keep calling (or holding its ports).
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  child.once('close', () => process.off('exit', orphan));
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const done = new Promise<number | null>((resolve) => {
    child.on('close', (code) => resolve(code));
    child.on('error', (err) => {
      output += String(err);
      resolve(-1);
    });
  });
  return {
    child,
    done,
    statFile,
    output: () => output,
    stop: () => {
      // SIGUSR1 asks sipp to end its calls and quit; SIGKILL if it does not.
      child.kill('SIGUSR1');
      setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 3000).unref();
    },
  };
}

/** The last line of sipp's statistics file (-trace_stat), by column. */
export function readSippStats(statFile: string): Record<string, string> {
  if (!fs.existsSync(statFile)) return {};
  const lines = fs
    .readFileSync(statFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  if (lines.length < 2) return {};
  const header = lines[0]!.split(';');
  const last = lines.at(-1)!.split(';');
  return Object.fromEntries(header.map((name, i) => [name, last[i] ?? '']));
}

/** utime + stime of a process in clock ticks (1/100 s), or null when it is gone. */
export function processTicks(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
export function machineTicks(): { busy: number; total: number } {
  const fields = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = fields[3]! + (fields[4] ?? 0);
  const total = fields.reduce((s, v) => s + v, 0);
  return { busy: total - idle, total };
}

/** The kernel's UDP counters for the whole machine (/proc/net/snmp). */
export function udpCounters(): Record<string, number> {
  const lines = fs
    .readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const names = lines[0]!.split(/\s+/).slice(1);
  const values = lines[1]!.split(/\s+/).slice(1).map(Number);
  return Object.fromEntries(names.map((n, i) => [n, values[i]!]));
}

/**
 * Datagrams the kernel dropped on UDP sockets bound in port ranges (a full receive buffer:
 * the reader fell behind), from /proc/net/udp, sampled: a socket keeps the most it showed,
 * so one that closed between samples keeps its count.
 */
export class SocketDrops {
  private readonly seen = new Map<string, { range: string; drops: number }>();

  constructor(private readonly ranges: Record<string, [number, number]>) {}

  sample(): void {
    const lines = fs.readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 13) continue;
      const port = Number.parseInt(fields[1]!.split(':')[1]!, 16);
      const inode = fields[9]!;
      const drops = Number(fields.at(-1));
      for (const [range, [min, max]] of Object.entries(this.ranges)) {
        if (port < min || port > max) continue;
        const key = `${inode}:${port}`;
        const before = this.seen.get(key);
        this.seen.set(key, { range, drops: Math.max(before?.drops ?? 0, drops) });
      }
    }
  }

  /** Drops and sockets seen, by range. */
  totals(): Record<string, { sockets: number; drops: number }> {
    const out: Record<string, { sockets: number; drops: number }> = {};
    for (const range of Object.keys(this.ranges)) out[range] = { sockets: 0, drops: 0 };
    for (const { range, drops } of this.seen.values()) {
      out[range]!.sockets++;
      out[range]!.drops += drops;
    }
    return out;
  }
}

/**
 * Nanoseconds a thread has run on a CPU and has waited on a run queue for one (the kernel's
 * schedstat): waiting is time the scheduler gave to other processes, which no code here can
 * shorten. The main thread of `pid` unless `tid` is given.
 */
export function schedStat(pid: number, tid = pid): { runNs: number; waitNs: number; slices: number } | null {
  try {
    const [run, wait, slices] = fs
      .readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8')
      .trim()
      .split(' ');
    return { runNs: Number(run), waitNs: Number(wait), slices: Number(slices) };
  } catch {
    return null;
  }
}

/**
 * CPU of the PostgreSQL backends serving one database (their process title names it; readable
 * because PostgreSQL runs on this host): a backend seen at the first sample counts from there,
 * one that appears later counts whole, one that exits keeps its last sample.
 */
export class BackendCpu {
  private readonly ticks = new Map<number, { first: number; last: number }>();
  private started = false;

  constructor(private readonly database: string) {}

  sample(): void {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^[0-9]+$/.test(entry)) continue;
      const pid = Number(entry);
      let title: string;
      try {
        title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!title.startsWith('postgres:') || !title.includes(` ${this.database} `)) continue;
      const now = processTicks(pid);
      if (now === null) continue;
      const known = this.ticks.get(pid);
      this.ticks.set(pid, { first: known?.first ?? (this.started ? 0 : now), last: now });
    }
    this.started = true;
  }

  /** CPU seconds since the first sample. */
  get seconds(): number {
    let total = 0;
    for (const { first, last } of this.ticks.values()) total += (last - first) / 100;
    return total;
  }
}
