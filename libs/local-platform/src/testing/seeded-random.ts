/** A small deterministic generator (mulberry32): the same seed gives the same sequence, so a failure replays. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  below(limit: number): number {
    return Math.floor(this.next() * limit);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  /** Text from scripts and code points that trip up naive handling: RTL, combining marks, astral, zero-width. */
  unicode(length: number): string {
    const ranges: Array<[number, number]> = [[0x0600, 0x06ff], [0x0300, 0x036f], [0x1f300, 0x1f64f], [0x4e00, 0x4fff], [0x200b, 0x200f], [0xff10, 0xff5a]];
    return Array.from({ length }, () => {
      const [low, high] = this.pick(ranges);
      return String.fromCodePoint(low + this.below(high - low + 1));
    }).join('');
  }
}
