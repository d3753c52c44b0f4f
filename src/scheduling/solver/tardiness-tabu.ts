import { EliteSet } from './population';
import type { Random } from './random';
import type { ShopGraph } from './shop-graph';
import { ArcTabu, tenureRange, type TabuTuning } from './tabu';
import type { StopReason } from './types';

/**
 * Total weighted tardiness tabu search: the moves are swaps of two adjacent operations on a critical machine
 * arc of the longest path to a tardy job's completion (such a swap never creates a cycle), each evaluated
 * exactly by recomputing the heads. Slower per move than the makespan search, but exact and simple; the same
 * tabu attributes, aspiration, elite restarts and perturbation.
 */
export class TardinessTabu {
  private readonly candidates: Int32Array;
  private candidateCount = 0;
  private readonly stamp: Int32Array;
  private stampValue = 0;
  private readonly tabu: ArcTabu;
  private readonly tenure: [number, number];

  constructor(
    private readonly g: ShopGraph,
    private readonly random: Random,
    private readonly due: Float64Array,
    private readonly weight: Float64Array,
    private readonly tuning: TabuTuning,
  ) {
    this.candidates = new Int32Array(g.n);
    this.stamp = new Int32Array(g.n);
    this.tabu = new ArcTabu(g);
    this.tenure = tenureRange(g, tuning);
  }

  private objective(): number {
    return this.g.weightedTardiness(this.due, this.weight);
  }

  /** Critical machine arcs (by their first operation) on one longest path to each tardy job's end. */
  private gather(): void {
    const g = this.g;
    const { r, dur, lastOp } = g;
    this.stampValue++;
    this.candidateCount = 0;
    for (let j = 0; j < g.jobs; j++) {
      const last = lastOp[j]!;
      if (last < 0 || !(this.weight[j]! > 0) || !(r[last]! + dur[last]! > this.due[j]!)) continue;
      for (let o = last; o >= 0; o = g.criticalPredecessor(o, this.random)) {
        const a = g.mp(o);
        if (a >= 0 && r[a]! + dur[a]! === r[o]! && this.stamp[a] !== this.stampValue) {
          this.stamp[a] = this.stampValue;
          this.candidates[this.candidateCount++] = a;
        }
      }
    }
  }

  run(
    bestOrder: Int32Array,
    shouldStop: (iteration: number, best: number) => StopReason | null,
    onImprove: (value: number) => void,
  ): { best: number; iterations: number; stoppedBy: StopReason } {
    const g = this.g;
    const random = this.random;
    const { stagnation, perturbation, elite } = this.tuning;
    const [tenureMin, tenureMax] = this.tenure;
    if (!g.computeHeads()) throw new Error('job shop: the start order contains a cycle');
    let value = this.objective();
    let best = value;
    g.saveOrder(bestOrder);
    onImprove(best);
    const eliteSet = new EliteSet(elite);
    eliteSet.offer(g.seq, best);
    let runBest = value;
    let sinceImprovement = 0;
    let iteration = 0;
    for (;;) {
      if (best <= 0) return { best, iterations: iteration, stoppedBy: 'lower-bound' };
      const stop = shouldStop(iteration, best);
      if (stop) return { best, iterations: iteration, stoppedBy: stop };
      iteration++;
      if (sinceImprovement >= stagnation) {
        g.loadOrder(eliteSet.pick(random));
        g.computeHeads();
        for (let s = 0; s < perturbation; s++) {
          this.gather();
          if (this.candidateCount === 0) break;
          const a = this.candidates[random.int(this.candidateCount)]!;
          g.swapWithNext(a);
          if (!g.computeHeads()) {
            g.swapWithNext(g.mp(a));
            g.computeHeads();
          }
        }
        value = this.objective();
        this.tabu.clear();
        runBest = value;
        sinceImprovement = 0;
      }
      this.gather();
      if (this.candidateCount === 0) return { best, iterations: iteration, stoppedBy: 'optimal' };
      let chosen = -1;
      let chosenValue = Infinity;
      let ties = 0;
      for (let k = 0; k < this.candidateCount; k++) {
        const a = this.candidates[k]!;
        const b = g.ms(a);
        g.swapWithNext(a);
        const v = g.computeHeads() ? this.objective() : Infinity;
        g.swapWithNext(b);
        if (v > chosenValue || v === Infinity) continue;
        if (v >= best && this.tabu.forbids(b, a, iteration)) continue;
        if (v < chosenValue) {
          chosenValue = v;
          chosen = a;
          ties = 1;
        } else if (random.int(++ties) === 0) chosen = a;
      }
      if (chosen < 0) chosen = this.candidates[random.int(this.candidateCount)]!;
      this.tabu.forbid(chosen, g.ms(chosen), iteration + tenureMin + random.int(tenureMax - tenureMin + 1));
      g.swapWithNext(chosen);
      if (!g.computeHeads()) {
        g.swapWithNext(g.mp(chosen));
        g.computeHeads();
      }
      value = this.objective();
      if (value < runBest) {
        runBest = value;
        sinceImprovement = 0;
        eliteSet.offer(g.seq, value);
      } else sinceImprovement++;
      if (value < best) {
        best = value;
        g.saveOrder(bestOrder);
        onImprove(best);
      }
    }
  }
}
