import { gifflerThompson, workRemaining } from './construct';
import { Population, relink } from './population';
import type { Random } from './random';
import type { ShopGraph } from './shop-graph';
import { ArcTabu, tenureRange, type TabuTuning } from './tabu';
import type { StopReason } from './types';

const FORWARD = 0; // the operation at position a moves to just after the one at position b
const BACKWARD = 1; // the operation at position b moves to just before the one at position a

/** The makespan tabu search on a graph whose machine order holds a feasible start. */
export class MakespanTabu {
  private readonly g: ShopGraph;
  private readonly random: Random;
  private readonly tuning: Required<TabuTuning>;
  // critical path and its blocks
  private readonly path: Int32Array;
  // candidate moves
  private readonly mvType: Uint8Array;
  private readonly mvMachine: Int32Array;
  private readonly mvA: Int32Array;
  private readonly mvB: Int32Array;
  private moveCount = 0;
  private readonly headBuf: Int32Array;
  private readonly posTo: Int32Array;
  private readonly rest: Float64Array;
  private readonly tabu: ArcTabu;

  constructor(graph: ShopGraph, random: Random, tuning: TabuTuning) {
    this.g = graph;
    this.random = random;
    const [tenureMin, tenureMax] = tenureRange(graph, tuning);
    this.tuning = { relinking: 0, relinkFraction: 0.5, ...tuning, tenureMin, tenureMax };
    const n = graph.n;
    this.path = new Int32Array(n);
    const maxMoves = 4 * n + 8;
    this.mvType = new Uint8Array(maxMoves);
    this.mvMachine = new Int32Array(maxMoves);
    this.mvA = new Int32Array(maxMoves);
    this.mvB = new Int32Array(maxMoves);
    this.headBuf = new Int32Array(n + 1);
    this.posTo = new Int32Array(n);
    this.rest = workRemaining(graph);
    this.tabu = new ArcTabu(graph);
  }

  /** Walk one critical path back from an operation that ends at the makespan; returns its length (operations). */
  private criticalPath(makespan: number): number {
    const g = this.g;
    const { r, dur, n } = g;
    // a random operation among those ending at the makespan
    let end = -1;
    let ties = 0;
    for (let o = 0; o < n; o++) {
      if (r[o]! + dur[o]! === makespan && g.js[o]! < 0 && g.ms(o) < 0) {
        ties++;
        if (this.random.int(ties) === 0) end = o;
      }
    }
    if (end < 0) {
      for (let o = 0; o < n; o++) if (r[o]! + dur[o]! === makespan) end = o;
    }
    let length = 0;
    for (let o = end; o >= 0; o = g.criticalPredecessor(o, this.random)) this.path[length++] = o;
    this.path.subarray(0, length).reverse();
    return length;
  }

  /**
   * Heads of the operations at positions from … to of a machine (base: its mStart) when they run in that
   * order after a machine that is free at t, into headBuf; returns when the machine is free after them.
   */
  private segmentHeads(base: number, from: number, to: number, t: number): number {
    const g = this.g;
    const { seq, dur } = g;
    const heads = this.headBuf;
    for (let k = from; k <= to; k++) {
      const x = seq[base + k]!;
      const ready = g.jobReady(x);
      const h = ready > t ? ready : t;
      heads[k] = h;
      t = h + dur[x]!;
    }
    return t;
  }

  /** Estimated makespan after moving the operation at position a to just after position b (machine m). */
  private estimateForward(m: number, a: number, b: number): number {
    const g = this.g;
    const { seq, r, q, dur } = g;
    const base = g.mStart[m]!;
    const u = seq[base + a]!;
    const t = this.segmentHeads(base, a + 1, b, a > 0 ? r[seq[base + a - 1]!]! + dur[seq[base + a - 1]!]! : 0);
    const uJob = g.jobReady(u);
    const hu = uJob > t ? uJob : t;
    let tt = 0;
    if (b < g.mCount[m]! - 1) {
      const z = seq[base + b + 1]!;
      tt = q[z]! + dur[z]!;
    }
    const uTail = g.jobTail(u);
    const qu = uTail > tt ? uTail : tt;
    let estimate = hu + dur[u]! + qu;
    tt = qu + dur[u]!;
    for (let k = b; k > a; k--) {
      const x = seq[base + k]!;
      const jobTail = g.jobTail(x);
      const qx = jobTail > tt ? jobTail : tt;
      const length = this.headBuf[k]! + dur[x]! + qx;
      if (length > estimate) estimate = length;
      tt = qx + dur[x]!;
    }
    return estimate;
  }

  /** Estimated makespan after moving the operation at position b to just before position a (machine m). */
  private estimateBackward(m: number, a: number, b: number): number {
    const g = this.g;
    const { seq, r, q, dur } = g;
    const base = g.mStart[m]!;
    const v = seq[base + b]!;
    const t = a > 0 ? r[seq[base + a - 1]!]! + dur[seq[base + a - 1]!]! : 0;
    const vJob = g.jobReady(v);
    const hv = vJob > t ? vJob : t;
    this.segmentHeads(base, a, b - 1, hv + dur[v]!);
    const heads = this.headBuf;
    let tt = 0;
    if (b < g.mCount[m]! - 1) {
      const z = seq[base + b + 1]!;
      tt = q[z]! + dur[z]!;
    }
    let estimate = 0;
    for (let k = b - 1; k >= a; k--) {
      const x = seq[base + k]!;
      const jobTail = g.jobTail(x);
      const qx = jobTail > tt ? jobTail : tt;
      const length = heads[k]! + dur[x]! + qx;
      if (length > estimate) estimate = length;
      tt = qx + dur[x]!;
    }
    const vTail = g.jobTail(v);
    const qv = vTail > tt ? vTail : tt;
    const length = hv + dur[v]! + qv;
    return length > estimate ? length : estimate;
  }

  private addMove(type: number, m: number, a: number, b: number): void {
    const k = this.moveCount++;
    this.mvType[k] = type;
    this.mvMachine[k] = m;
    this.mvA[k] = a;
    this.mvB[k] = b;
  }

  /** The N6 moves of the current critical path (feasible by the Balas–Vazacopoulos conditions). */
  private neighbourhood(makespan: number): void {
    const g = this.g;
    const { r, q, dur, jp, js, seq, pos, machine } = g;
    const length = this.criticalPath(makespan);
    this.moveCount = 0;
    let start = 0;
    while (start < length) {
      // the block: consecutive path operations on one machine, adjacent in its order
      let end = start;
      while (end + 1 < length && machine[this.path[end + 1]!] === machine[this.path[start]!] && g.ms(this.path[end]!) === this.path[end + 1]) end++;
      if (end > start) {
        const m = machine[this.path[start]!]!;
        const base = g.mStart[m]!;
        const first = pos[this.path[start]!]!;
        const last = pos[this.path[end]!]!;
        // On the block the path starts with (at time 0), reordering its front changes nothing; likewise the
        // end of the last block. With release dates the first block's front matters.
        const front = start > 0 || r[this.path[0]!]! > 0;
        const back = end < length - 1;
        for (let a = first; a < last; a++) {
          for (let b = a + 1; b <= last; b++) {
            const edgeA = a === first;
            const edgeB = b === last;
            if (b === a + 1) {
              if ((edgeA && front) || (edgeB && back)) this.addMove(FORWARD, m, a, b);
              continue;
            }
            if ((edgeB && back) || (edgeA && front)) {
              // forward: u = seq[a] after v = seq[b]; acyclic when L(v, end) ≥ L(js(u), end)
              const u = seq[base + a]!;
              const v = seq[base + b]!;
              const su = js[u]!;
              if (su < 0 || q[v]! + dur[v]! >= q[su]! + dur[su]!) this.addMove(FORWARD, m, a, b);
              // backward: v before u; acyclic when L(start, u) + p(u) ≥ L(start, jp(v)) + p(jp(v))
              const pv = jp[v]!;
              if (pv < 0 || r[u]! + dur[u]! >= r[pv]! + dur[pv]!) this.addMove(BACKWARD, m, a, b);
            }
          }
        }
      }
      start = end + 1;
    }
  }

  private isTabu(k: number, iteration: number): boolean {
    const g = this.g;
    const m = this.mvMachine[k]!;
    const a = this.mvA[k]!;
    const b = this.mvB[k]!;
    const base = g.mStart[m]!;
    const seq = g.seq;
    if (this.mvType[k] === FORWARD) {
      const u = seq[base + a]!;
      for (let i = a + 1; i <= b; i++) if (this.tabu.forbids(seq[base + i]!, u, iteration)) return true;
    } else {
      const v = seq[base + b]!;
      for (let i = a; i < b; i++) if (this.tabu.forbids(v, seq[base + i]!, iteration)) return true;
    }
    return false;
  }

  /** Apply move k; when `until` > 0, forbid re-creating the arcs it reverses until that iteration. */
  private apply(k: number, until: number): void {
    const g = this.g;
    const m = this.mvMachine[k]!;
    const a = this.mvA[k]!;
    const b = this.mvB[k]!;
    const base = g.mStart[m]!;
    const { seq, pos } = g;
    if (this.mvType[k] === FORWARD) {
      const u = seq[base + a]!;
      for (let i = a; i < b; i++) {
        const x = seq[base + i + 1]!;
        if (until > 0) this.tabu.forbid(u, x, until);
        seq[base + i] = x;
        pos[x] = i;
      }
      seq[base + b] = u;
      pos[u] = b;
    } else {
      const v = seq[base + b]!;
      for (let i = b; i > a; i--) {
        const x = seq[base + i - 1]!;
        if (until > 0) this.tabu.forbid(x, v, until);
        seq[base + i] = x;
        pos[x] = i;
      }
      seq[base + a] = v;
      pos[v] = a;
    }
  }

  /**
   * Run until `shouldStop(iteration)` or the lower bound is met. Returns the best makespan; the best order is
   * left in `bestOrder`. `onImprove` is told each new best.
   */
  run(
    bestOrder: Int32Array,
    lowerBound: number,
    shouldStop: (iteration: number, best: number) => StopReason | null,
    onImprove: (makespan: number) => void,
  ): { best: number; iterations: number; stoppedBy: StopReason } {
    const g = this.g;
    const random = this.random;
    const { tenureMin, tenureMax, stagnation, perturbation, elite, relinking, relinkFraction } = this.tuning;
    let makespan = g.computeHeadsTails();
    g.saveOrder(bestOrder);
    let best = makespan;
    onImprove(best);
    let pairs = 0;
    for (let m = 0; m < g.machines; m++) pairs += (g.mCount[m]! * (g.mCount[m]! - 1)) / 2;
    const population = new Population(g, elite, Math.floor(pairs * 0.01));
    const runBestOrder = Int32Array.from(g.seq);
    let runBest = makespan;
    let sinceImprovement = 0;
    let iteration = 0;
    for (;;) {
      if (best <= lowerBound) return { best, iterations: iteration, stoppedBy: 'lower-bound' };
      const stop = shouldStop(iteration, best);
      if (stop) return { best, iterations: iteration, stoppedBy: stop };
      iteration++;
      if (sinceImprovement >= stagnation) {
        population.offer(runBestOrder, runBest);
        if (population.count < population.size) {
          // still filling the population: a fresh start, randomised most-work-remaining
          gifflerThompson(g, (o) => this.rest[o]! * (0.5 + random.next()));
          makespan = g.computeHeadsTails();
        } else if (relinking > 0 && population.count >= 2 && random.next() < relinking) {
          // between two members
          const [from, to] = population.pickPair(random);
          makespan = relink(g, from, to, relinkFraction, random, this.posTo, this.path);
        } else {
          // a member, perturbed by a few random moves
          g.loadOrder(population.pick(random));
          makespan = g.computeHeadsTails();
          for (let s = 0; s < perturbation; s++) {
            this.neighbourhood(makespan);
            if (this.moveCount === 0) break;
            const k = random.int(this.moveCount);
            this.apply(k, 0);
            makespan = g.updateAfterReorder(this.mvMachine[k]!, this.mvA[k]!, this.mvB[k]!);
            if (makespan < 0) {
              this.mvType[k] = this.mvType[k] === FORWARD ? BACKWARD : FORWARD;
              this.apply(k, 0);
              makespan = g.computeHeadsTails();
            }
          }
        }
        this.tabu.clear();
        runBest = makespan;
        runBestOrder.set(g.seq);
        sinceImprovement = 0;
        if (makespan < best) {
          best = makespan;
          g.saveOrder(bestOrder);
          onImprove(best);
        }
      }
      this.neighbourhood(makespan);
      if (this.moveCount === 0) return { best, iterations: iteration, stoppedBy: 'optimal' };
      let chosen = -1;
      let chosenValue = Infinity;
      let ties = 0;
      for (let k = 0; k < this.moveCount; k++) {
        const m = this.mvMachine[k]!;
        const estimate = this.mvType[k] === FORWARD ? this.estimateForward(m, this.mvA[k]!, this.mvB[k]!) : this.estimateBackward(m, this.mvA[k]!, this.mvB[k]!);
        if (estimate > chosenValue) continue;
        if (estimate >= best && this.isTabu(k, iteration)) continue;
        if (estimate < chosenValue) {
          chosenValue = estimate;
          chosen = k;
          ties = 1;
        } else if (random.int(++ties) === 0) chosen = k;
      }
      if (chosen < 0) chosen = random.int(this.moveCount); // everything tabu: a random move
      const tenure = tenureMin + random.int(tenureMax - tenureMin + 1);
      this.apply(chosen, iteration + tenure);
      makespan = g.updateAfterReorder(this.mvMachine[chosen]!, this.mvA[chosen]!, this.mvB[chosen]!);
      if (makespan < 0) {
        // Cannot happen by the acyclicity conditions with positive durations; with zero durations, undo.
        this.mvType[chosen] = this.mvType[chosen] === FORWARD ? BACKWARD : FORWARD;
        this.apply(chosen, 0);
        makespan = g.computeHeadsTails();
      }
      if (makespan < runBest) {
        runBest = makespan;
        runBestOrder.set(g.seq);
        sinceImprovement = 0;
      } else sinceImprovement++;
      if (makespan < best) {
        best = makespan;
        g.saveOrder(bestOrder);
        onImprove(best);
      }
    }
  }
}
