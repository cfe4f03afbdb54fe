/** Small helpers the simulated phones share: a bound UDP socket and SIP branch ids. */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';

/** A UDP socket bound to `address` on a free port. */
export async function bindUdp(address: string): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return socket;
}

/** A branch starting with RFC 3261's magic cookie, unique per transaction. */
export function newBranch(): string {
  return `z9hG4bK${randomBytes(10).toString('hex')}`;
}
