/**
 * Starts the demo traffic against a server that is listening: works out where its front
 * doors are (HTTP, the SIP edge, the SMTP listener; a wildcard bind is reached on loopback)
 * and hands the generator its settings. `hotline start` calls it in demo mode; the API test
 * calls it the same way.
 */
import type { AddressInfo } from 'node:net';
import type { Config } from '../../kernel/config.ts';
import type { Server } from '../../server.ts';
import { DemoTraffic, type DemoTrafficOptions, type TrafficLog } from './demo-traffic.ts';

export type { TrafficLog } from './demo-traffic.ts';

export function startDemoTraffic(
  server: Server,
  config: Config,
  log: TrafficLog,
  overrides: Pick<DemoTrafficOptions, 'seed' | 'timing' | 'chatPollMs' | 'agentTiming' | 'agentPollMs'> = {},
): Promise<DemoTraffic> {
  const http = server.app.server.address() as AddressInfo | null;
  if (!http) throw new Error('the server is not listening yet');
  const sipPort = server.voice.port;
  const smtp = server.email.smtpAddress;
  return DemoTraffic.start({
    settings: config.demoTraffic,
    baseUrl: `http://${hostPart(reachable(http.address))}:${http.port}`,
    sip: sipPort === null ? null : { address: reachable(config.voice.sipHost), port: sipPort },
    smtp: smtp ? { host: reachable(smtp.address), port: smtp.port } : null,
    log,
    ...overrides,
  });
}

/** Where to reach a socket bound to `address` from this machine. */
function reachable(address: string): string {
  return address === '0.0.0.0' || address === '::' || address === '' ? '127.0.0.1' : address;
}

function hostPart(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}
