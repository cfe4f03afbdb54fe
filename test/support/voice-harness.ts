import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ha1 } from '../../src/channels/voice/sip/digest-auth.ts';
import type { DatabaseKind } from '../../src/kernel/db/database.ts';
import { addQueue } from './routing-helpers.ts';
import { sipp, sippPorts, tonePower } from './sipp.ts';
import { seedTenant, startTestServer, type TestServer, type TestTenant } from './test-server.ts';

/**
 * A server with its SIP edge on loopback, one tenant (acme) with a voice queue behind a
 * hotline number, and what a voice test does again and again: give a user SIP credentials,
 * register their phone with sipp, read a recording's two channels.
 */
export const REALM = 'hotline';

export interface VoiceHarness {
  t: TestServer;
  acme: TestTenant;
  queueId: string;
  recordings: string;
  /** host:port of the SIP edge. */
  edge(): string;
  /** SIP credentials for a user: the username given, the password `<username>-secret`. */
  addSipAccount(userId: string, username: string): Promise<void>;
  /**
   * Registers the phone answering on `answerPort` with sipp; resolves with sipp's result
   * (`scenario: 'register-refused.xml'` expects a refusal).
   */
  register(
    username: string,
    answerPort: number,
    options?: { password?: string; scenario?: string },
  ): Promise<{ code: number | null; output: string }>;
  /** A recorded call's WAV: left the caller, right the agent. */
  readRecording(recordingId: string): Promise<{ left: Int16Array; right: Int16Array }>;
  close(): Promise<void>;
}

export async function startVoiceHarness(
  kind: DatabaseKind,
  options: { number: string; env?: Record<string, string> },
): Promise<VoiceHarness> {
  const recordings = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-recordings-'));
  const t = await startTestServer(kind, {
    HOTLINE_SIP_PORT: '0',
    HOTLINE_SIP_HOST: '127.0.0.1',
    HOTLINE_RECORDINGS_DIR: recordings,
    HOTLINE_OFFER_TIMEOUT_SECONDS: '6',
    HOTLINE_ROUTING_SWEEP_MS: '200',
    ...options.env,
  });
  const acme = await seedTenant(t, 'acme');
  const queue = await addQueue(t, acme.tokens.supervisor, {
    code: 'service',
    name: '售后服务',
    channels: ['voice'],
    wrapUpSeconds: 0,
  });
  const db = t.server.database.db;
  await db
    .insertInto('voice_numbers')
    .values({ number: options.number, tenant_id: acme.id, queue_id: queue.id, label: '客服热线' })
    .execute();
  const edge = () => `127.0.0.1:${t.server.voice.port}`;
  return {
    t,
    acme,
    queueId: queue.id,
    recordings,
    edge,
    async addSipAccount(userId, username) {
      const password = `${username}-secret`;
      await db
        .insertInto('sip_accounts')
        .values({
          user_id: userId,
          tenant_id: acme.id,
          username,
          ha1_md5: ha1(username, REALM, password, 'MD5'),
          ha1_sha256: ha1(username, REALM, password, 'SHA-256'),
        })
        .execute();
    },
    register(username, answerPort, options = {}) {
      return sipp(options.scenario ?? 'register.xml', {
        target: edge(),
        service: username,
        auth: { username, password: options.password ?? `${username}-secret` },
        keys: { answer_port: answerPort },
        timeoutSeconds: 15,
      }).done;
    },
    async readRecording(recordingId) {
      const row = await db
        .selectFrom('voice_recordings')
        .select('file')
        .where('id', '=', recordingId)
        .executeTakeFirstOrThrow();
      const wav = fs.readFileSync(path.join(recordings, row.file));
      const samples = new Int16Array(wav.buffer, wav.byteOffset + 44, (wav.length - 44) / 2);
      return {
        left: samples.filter((_, i) => i % 2 === 0),
        right: samples.filter((_, i) => i % 2 === 1),
      };
    },
    async close() {
      await t.close();
      fs.rmSync(recordings, { recursive: true, force: true });
    },
  };
}

/** Which of `tones` sound in a channel, second by second: to tell who spoke when. */
export function tonesBySecond(channel: Int16Array, tones: Record<string, number>, rate = 8000): string[] {
  const out: string[] = [];
  for (let start = 0; start + rate <= channel.length; start += rate) {
    const block = channel.subarray(start, start + rate);
    let best = '-';
    let bestPower = 1e5; // below this the second is quiet
    for (const [name, hz] of Object.entries(tones)) {
      const power = tonePower(block, hz, rate);
      if (power > bestPower) {
        best = name;
        bestPower = power;
      }
    }
    out.push(best);
  }
  return out;
}

export { sippPorts };
