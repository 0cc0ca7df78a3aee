import { cutIntoRuns } from './event-runs';

const events = (types: string) => [...types].map((eventType, i) => ({ eventType, i }));
const shape = (runs: Array<Array<{ eventType: string }>>) => runs.map((run) => run.map((e) => e.eventType).join('')).join(' ');

describe('cutIntoRuns', () => {
  it('groups consecutive events of a type with a run handler, keeping the batch order', () => {
    const runs = cutIntoRuns(events('RRRDRRM'), (type) => type === 'R');
    expect(shape(runs)).toBe('RRR D RR M');
    expect(runs.flat().map((e) => e.i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('leaves events of types without a run handler one by one, even when consecutive', () => {
    expect(shape(cutIntoRuns(events('DDRDD'), (type) => type === 'R'))).toBe('D D R D D');
  });

  it('gives nothing for no events', () => {
    expect(cutIntoRuns([], () => true)).toEqual([]);
  });
});
