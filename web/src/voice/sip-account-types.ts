/** GET /api/v1/agents/:id/sip-account (src/channels/voice/accounts/sip-account.schemas.ts). */
export interface SipAccount {
  agentId: string;
  username: string | null;
  realm: string;
  serverAddress: string | null;
  serverPort: number | null;
  transports: ('udp' | 'tcp')[];
  registered: boolean;
  registrations: {
    contact: string;
    transport: 'udp' | 'tcp';
    sourceAddress: string;
    sourcePort: number;
    userAgent: string | null;
    expiresAt: string;
  }[];
  passwordSetAt: string | null;
}

/** POST /api/v1/agents/:id/sip-account/password: the settings and the password, this once. */
export interface NewSipPassword extends SipAccount {
  password: string;
  created: boolean;
}
