/** How many copies each subscription gets from a batch; `targets[i]` are the subscriptions event i goes to. */
export function copyCounts(targets: ReadonlyArray<readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ids of targets) for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/**
 * The event number of each copy, given each subscription's last number once the batch's copies were
 * counted in (`lastNumbers`, as decimal strings): a subscription's copies take the numbers up to it,
 * one each, in event order. `numbers[i][j]` is the number of event i's copy for `targets[i][j]`.
 */
export function numberCopies(targets: ReadonlyArray<readonly string[]>, lastNumbers: ReadonlyMap<string, string>): string[][] {
  const next = new Map<string, bigint>();
  for (const [id, count] of copyCounts(targets)) {
    const last = lastNumbers.get(id);
    if (last === undefined) throw new Error(`no last event number for subscription ${id}`);
    next.set(id, BigInt(last) - BigInt(count) + 1n);
  }
  return targets.map((ids) =>
    ids.map((id) => {
      const number = next.get(id)!;
      next.set(id, number + 1n);
      return number.toString();
    }),
  );
}
