import { developmentSigner, encodeStreamEntry, ServiceName, signEvent, StoredEvent } from '@orion/core';

/**
 * The stream entry a producer's outbox relay writes for `event`: signed with the development key
 * of the service the event is named after (`auth.…` by auth), as every consumer now requires.
 */
export function producedStreamEntry(event: StoredEvent): string[] {
  const producer = event.name.split('.')[0] as ServiceName;
  return encodeStreamEntry(signEvent(developmentSigner(producer), event));
}
