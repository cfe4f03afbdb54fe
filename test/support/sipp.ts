import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeG711 } from '../../src/channels/voice/media/g711.ts';

/** Running sipp (Debian's sip-tester) as a real SIP peer: a customer's phone, an agent's phone. */

export const SCENARIOS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../voice/sipp');

export interface SippResult {
  code: number | null;
  output: string;
}

export interface SippRun {
  done: Promise<SippResult>;
  kill(): void;
}

let nextPorts = 30_000 + Math.floor(Math.random() * 5_000) * 2;

/** Distinct local SIP and media ports for each sipp (its RTP streams take ports above -mp), so parallel peers never collide. */
export function sippPorts() {
  const base = nextPorts;
  nextPorts += 40;
  return { sip: base, media: base + 10 };
}

/**
 * Runs one sipp scenario to its end (`-m 1`: one call). `target` is host:port for a client
 * scenario, or undefined for one that waits for a call on `ports.sip`.
 */
export function sipp(
  scenario: string,
  options: {
    target?: string;
    service?: string;
    ports?: ReturnType<typeof sippPorts>;
    auth?: { username: string; password: string };
    keys?: Record<string, string | number>;
    timeoutSeconds?: number;
    transport?: 'u1' | 't1';
  },
): SippRun {
  const ports = options.ports ?? sippPorts();
  // sipp does not expand keywords inside <exec rtp_stream="…">: write them into a copy.
  let xml = fs.readFileSync(path.join(SCENARIOS, scenario), 'utf8');
  for (const [key, value] of Object.entries(options.keys ?? {}))
    xml = xml.replaceAll(`[${key}]`, String(value));
  const scenarioFile = path.join(os.tmpdir(), `sipp-${ports.sip}-${scenario}`);
  fs.writeFileSync(scenarioFile, xml);
  const args = [
    ...(options.target ? [options.target] : []),
    '-sf',
    scenarioFile,
    '-m',
    '1',
    '-i',
    '127.0.0.1',
    '-p',
    String(ports.sip),
    '-mi',
    '127.0.0.1',
    '-mp',
    String(ports.media),
    '-t',
    options.transport ?? 'u1',
    '-timeout',
    `${options.timeoutSeconds ?? 60}s`,
    '-timeout_error',
    '-nostdin',
    '-trace_err',
    // SIPP_TRACE=1 keeps every message each sipp sent and received, for debugging a scenario.
    ...(process.env.SIPP_TRACE ? ['-trace_msg', '-message_file', `/tmp/sipp-${ports.sip}-msgs.log`] : []),
    '-error_file',
    `/tmp/sipp-${ports.sip}-errors.log`,
  ];
  if (options.service) args.push('-s', options.service);
  if (options.auth) args.push('-au', options.auth.username, '-ap', options.auth.password);
  for (const [key, value] of Object.entries(options.keys ?? {})) args.push('-key', key, String(value));
  const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  });
  const done = new Promise<SippResult>((resolve) => {
    child.on('close', (code) => {
      const errors = `/tmp/sipp-${ports.sip}-errors.log`;
      if (code !== 0 && fs.existsSync(errors))
        output += `\n--- errors ---\n${fs.readFileSync(errors, 'utf8').slice(-5000)}`;
      fs.rmSync(errors, { force: true });
      fs.rmSync(scenarioFile, { force: true });
      resolve({ code, output });
    });
    child.on('error', (err) => resolve({ code: -1, output: String(err) }));
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

/** A mu-law WAV of a sine tone, for sipp's rtp_stream (a party's voice we can recognise later). */
export function toneWav(file: string, hz: number, seconds: number): string {
  const rate = 8000;
  const pcm = new Int16Array(rate * seconds);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate));
  const data = encodeG711('PCMU', pcm);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(7, 20); // mu-law
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  fs.writeFileSync(file, Buffer.concat([header, data]));
  return file;
}

/** Power of one frequency in a block of samples (Goertzel), to tell two tones apart. */
export function tonePower(samples: ArrayLike<number>, hz: number, rate = 8000): number {
  const k = (2 * Math.cos((2 * Math.PI * hz) / rate)) as number;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = samples[i]! + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / samples.length;
}
