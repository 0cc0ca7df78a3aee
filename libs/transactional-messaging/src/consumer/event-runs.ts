/**
 * The pattern of a handler that takes a run of consecutive events of one type from a batch (an
 * EventBatchContext), for one set-based write instead of one statement per event. It sits beside the
 * type's per-event handler and must have the effect of that handler applied to each event in order;
 * the per-event handler stays the path of a batch that fails and of a consumer without batches.
 */
export const eventRun = (eventType: string): string => `care-events.event-run:${eventType}`;

/**
 * A batch cut into runs of consecutive events of one type that has a run handler, and single events
 * otherwise, in the batch's order: applying them in that order is applying the batch in order.
 */
export function cutIntoRuns<E extends { eventType: string }>(events: E[], hasRunHandler: (eventType: string) => boolean): E[][] {
  const runs: E[][] = [];
  for (const event of events) {
    const last = runs[runs.length - 1];
    if (last && last[0].eventType === event.eventType && hasRunHandler(event.eventType)) last.push(event);
    else runs.push([event]);
  }
  return runs;
}
