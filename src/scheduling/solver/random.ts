/**
 * A small seeded pseudo-random generator (SplitMix32-style mixing over a 32-bit counter), so that every solver
 * run is reproducible from its seed. Not for anything security-related.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    // Any number is a valid seed; fold it into 32 bits and avoid the all-zero state.
    this.state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0 || 0x6d2b79f5;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n) for n ≥ 1. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}
