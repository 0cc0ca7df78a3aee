/** Partitions as an operator reads them: [0, 1, 2, 4] is "0-2,4". */
export function partitionList(partitions: number[]): string {
  const sorted = [...new Set(partitions)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end += 1;
    runs.push(end === i ? `${sorted[i]}` : `${sorted[i]}-${sorted[end]}`);
    i = end + 1;
  }
  return runs.join(',');
}
