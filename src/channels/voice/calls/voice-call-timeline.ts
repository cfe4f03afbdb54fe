import type { Role } from '../../../kernel/db/schema.ts';
import type { TenantTx } from '../../../kernel/db/tenant-scope.ts';
import { mayPlayRecording } from './call-access.ts';
import { callsOfInteractions, eventsOfCalls } from './voice-calls.store.ts';
import { type CallView, callToView } from './voice-calls.view.ts';

export interface TimelineViewer {
  userId: string;
  role: Role;
  fullPhones: boolean;
}

/**
 * The call behind each of these voice interactions, for the customer's timeline: direction,
 * number (masked unless the viewer sees full phones), times, agent, how it ended, and the
 * recording when this viewer may play it. The last call of an interaction wins.
 *
 * @example (await callsForTimeline(tx, [interactionId], viewer)).get(interactionId)?.talkSeconds
 */
export async function callsForTimeline(
  tx: TenantTx,
  interactionIds: string[],
  viewer: TimelineViewer,
): Promise<Map<string, CallView>> {
  const rows = await callsOfInteractions(tx, interactionIds);
  const events = await eventsOfCalls(
    tx,
    rows.map((r) => r.id),
  );
  const byInteraction = new Map<string, CallView>();
  for (const row of rows) {
    const handledBy = [row.agent_id, row.interaction_agent_id].filter((a) => a !== null);
    const playable = mayPlayRecording(viewer, handledBy);
    byInteraction.set(
      row.interaction_id!,
      callToView(row, events.get(row.id) ?? [], viewer.fullPhones, playable),
    );
  }
  return byInteraction;
}
