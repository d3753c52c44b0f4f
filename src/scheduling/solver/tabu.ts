/** What the two tabu searches share: their tuning, tenure and arc attributes. */
import type { ShopGraph } from './shop-graph';

/** Tuning of the tabu search; the defaults are what the benchmark runs. */
export interface TabuTuning {
  /** Tenure is drawn uniformly from [tenureMin, tenureMax] after each move; derived from the size when unset. */
  tenureMin?: number;
  tenureMax?: number;
  /** Iterations without improving the current run's best before the next run starts. */
  stagnation: number;
  /** Random neighbourhood moves applied after a restart. */
  perturbation: number;
  /** Population size (makespan: diverse run bests; weighted tardiness: distinct best values) to restart from. */
  elite: number;
  /** Probability that a restart relinks two population members instead of perturbing one (makespan search). */
  relinking?: number;
  /** How far from the first elite solution towards the second a relinking restart goes (0 … 1). */
  relinkFraction?: number;
}

export const DEFAULT_TABU_TUNING: TabuTuning = { stagnation: 5000, perturbation: 4, elite: 8, relinking: 0.5, relinkFraction: 0.5 };
export const DEFAULT_TARDINESS_TUNING: TabuTuning = { stagnation: 1000, perturbation: 4, elite: 8 };

/** Tabu tenure range from the shape of the instance (Zhang et al. 2007: L = 10 + jobs / machines). */
export function tenureRange(g: ShopGraph, tuning: TabuTuning): [number, number] {
  const ratio = g.jobs / g.machines;
  const base = Math.round(10 + ratio);
  return [tuning.tenureMin ?? base, tuning.tenureMax ?? Math.round(base * (ratio <= 2 ? 1.4 : 1.5))];
}

/**
 * Tabu attributes on machine arcs: for operations x, y of one machine, the iteration until which putting x
 * before y again is forbidden. One small matrix per machine (Σ machine operations², hashed beyond 2^24).
 */
export class ArcTabu {
  private readonly local: Int32Array;
  private readonly base: Float64Array;
  private readonly until: Int32Array;

  constructor(private readonly g: ShopGraph) {
    this.local = new Int32Array(g.n);
    this.base = new Float64Array(g.machines);
    const seen = new Int32Array(g.machines);
    for (let o = 0; o < g.n; o++) this.local[o] = seen[g.machine[o]!]!++;
    let size = 0;
    for (let m = 0; m < g.machines; m++) {
      this.base[m] = size;
      size += g.mCount[m]! * g.mCount[m]!;
    }
    this.until = new Int32Array(Math.max(1, Math.min(size, 1 << 24)));
  }

  private index(x: number, y: number): number {
    const m = this.g.machine[x]!;
    return (this.base[m]! + this.local[x]! * this.g.mCount[m]! + this.local[y]!) % this.until.length;
  }

  /** Forbid x before y until the given iteration. */
  forbid(x: number, y: number, until: number): void {
    this.until[this.index(x, y)] = until;
  }

  /** Whether putting x before y is tabu at this iteration. */
  forbids(x: number, y: number, iteration: number): boolean {
    return this.until[this.index(x, y)]! > iteration;
  }

  clear(): void {
    this.until.fill(0);
  }
}
