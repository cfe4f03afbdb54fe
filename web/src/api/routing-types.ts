/**
 * Shapes of the routing, channel and wallboard responses the desktop and the wallboard read
 * (src/routing/routing.schemas.ts, src/channels/email/email.schemas.ts,
 * src/insight/wallboard.routes.ts).
 */
export type Channel = 'voice' | 'chat' | 'email';
export type AgentState = 'available' | 'busy' | 'wrap_up' | 'break' | 'offline';
export type InteractionStatus = 'queued' | 'offered' | 'active' | 'wrap_up' | 'closed' | 'abandoned';
export type ChannelCounts = Record<Channel, number>;

export interface Agent {
  id: string;
  displayName: string;
  email: string;
  role: string;
  state: AgentState;
  stateReason: string | null;
  stateSince: string;
  idleSince: string;
  wrapUpUntil: string | null;
  skills: { skill: string; level: number }[];
  capacity: ChannelCounts;
  load: ChannelCounts;
}

export interface Queue {
  id: string;
  code: string;
  name: string;
  channels: Channel[];
  serviceLevel: { percent: number; withinSeconds: number };
  wrapUpSeconds: number;
  open: boolean;
}

export interface Attachment {
  name: string;
  contentType: string;
  sizeBytes: number;
  url?: string;
}

export interface Message {
  id: string;
  author: 'customer' | 'agent' | 'system';
  authorUserId: string | null;
  body: string;
  attachments: Attachment[];
  createdAt: string;
}

export interface Interaction {
  id: string;
  channel: Channel;
  direction: 'inbound' | 'outbound';
  status: InteractionStatus;
  queueId: string;
  customerId: string | null;
  subject: string | null;
  contact: { name: string | null; phone: string | null; email: string | null; chatId: string | null };
  valueTier: string | null;
  enqueuedAt: string;
  agentId: string | null;
  acceptedAt: string | null;
  wrapUpUntil: string | null;
  closedAt: string | null;
  offer: {
    id: string;
    agentId: string;
    status: 'pending' | 'accepted';
    reason: string;
    offeredAt: string;
    expiresAt: string;
  } | null;
  disposition: { code: string; notes: string | null; agentId: string | null; at: string } | null;
}

export interface InteractionDetail extends Interaction {
  messages: Message[];
}

export interface Email {
  id: string;
  direction: 'inbound' | 'outbound';
  kind: 'message' | 'reply' | 'auto_reply';
  messageId: string;
  inReplyTo: string | null;
  from: { address: string | null; name: string | null };
  to: string[];
  cc: string[];
  subject: string | null;
  text: string | null;
  transcriptMessageId: string | null;
  delivery: { status: 'received' | 'queued' | 'sent' | 'failed'; lastError: string | null };
  attachments: { id: string; name: string; contentType: string; sizeBytes: number; url: string }[];
  createdAt: string;
}

export interface StreamEvent {
  id: number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface WallboardFigures {
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  serviceLevel: number | null;
  asaSeconds: number | null;
  abandonRate: number | null;
  waiting: number;
  longestWaitSeconds: number | null;
}

export interface WallboardContact {
  id: string;
  channel: Channel;
  status: 'queued' | 'offered' | 'active' | 'wrap_up';
  queueId: string;
  customerId: string | null;
  label: string | null;
  subject: string | null;
  valueTier: string | null;
  enqueuedAt: string;
  seconds: number;
  agentId: string | null;
}

export interface WallboardQueue extends WallboardFigures {
  id: string;
  code: string;
  name: string;
  channels: Channel[];
  target: { percent: number; withinSeconds: number };
  standing: 'ok' | 'warning' | 'breach' | 'none';
}

export interface WallboardAgent {
  id: string;
  displayName: string;
  role: string;
  state: AgentState;
  stateReason: string | null;
  stateSince: string;
  secondsInState: number;
  capacity: ChannelCounts;
  load: ChannelCounts;
  interactions: WallboardContact[];
}

export interface Wallboard {
  generatedAt: string;
  since: string;
  timeZone: string;
  totals: WallboardFigures;
  queues: WallboardQueue[];
  agentsByState: Partial<Record<AgentState, number>>;
  agents: WallboardAgent[];
  waiting: WallboardContact[];
}
