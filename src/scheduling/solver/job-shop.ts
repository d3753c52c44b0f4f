/**
 * Job shop: jobs are chains of operations, each on one machine that processes one operation at a time;
 * minimise the makespan (or, for stage 6, the total weighted tardiness of the jobs).
 *
 * The schedule is a disjunctive graph: the order of operations on each machine. Heads r (earliest start)
 * and tails q (longest path after the operation's end) follow from it in one topological pass.
 *
 * Makespan: Giffler–Thompson active schedule with most-work-remaining priority, then tabu search over the
 * N6 neighbourhood of Balas & Vazacopoulos (1998): on one critical path, move an operation of a critical
 * block to the block's front or end (or the first/last operation into the block), kept only when the
 * acyclicity conditions hold; each move is estimated in O(moved operations) from the heads and tails of the
 * moved segment, and heads and tails are then updated only where the move can change them. Tabu attributes
 * are the machine arcs a move reverses (tenure drawn at random, Zhang et al. 2007); aspiration when the
 * estimate beats the best. A run ends after a stretch without improvement; its best joins a small population
 * kept diverse by distance (same-machine pairs ordered differently). The next run starts from a fresh
 * randomised Giffler–Thompson schedule while the population fills, then from a point halfway between two
 * members (path relinking by adjacent swaps that bring the first towards the second) or from a member
 * perturbed by a few random neighbourhood moves.
 *
 * Weighted tardiness: Giffler–Thompson with apparent-tardiness-cost priorities (best of a few look-aheads and
 * EDD), then a tabu search whose moves swap adjacent operations on the longest paths to the tardy jobs, each
 * evaluated exactly (see TardinessTabu).
 */
import { Random } from './random';
import type { JobShopInstance, JobShopOptions, JobShopResult, ShopObjective, StopReason } from './types';

const MAX_TIME = 2 ** 30;

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

/** The operations of an instance as flat typed arrays, plus one mutable machine order and its heads and tails. */
export class ShopGraph {
  readonly n: number; // operations
  readonly jobs: number;
  readonly machines: number;
  readonly job: Int32Array;
  readonly machine: Int32Array;
  readonly dur: Int32Array;
  /** Job predecessor / successor, −1 at the ends of the chain. */
  readonly jp: Int32Array;
  readonly js: Int32Array;
  /** Release of the operation's job (the head of a first operation is at least this). */
  readonly release: Int32Array;
  readonly firstOp: Int32Array;
  readonly lastOp: Int32Array;
  /** Machine m's operations are seq[mStart[m] … mStart[m] + mCount[m] − 1] in processing order. */
  readonly mStart: Int32Array;
  readonly mCount: Int32Array;
  readonly seq: Int32Array;
  /** Position of each operation within its machine's order. */
  readonly pos: Int32Array;
  /** Heads (earliest starts) and tails (longest path from the operation's end), valid after computeHeadsTails. */
  readonly r: Int32Array;
  readonly q: Int32Array;
  private readonly topo: Int32Array;
  private readonly topoIndex: Int32Array;
  private readonly indeg: Int32Array;
  private readonly scratch: Int32Array;

  constructor(instance: JobShopInstance) {
    const machines = instance.machines;
    if (!Number.isInteger(machines) || machines < 1) throw new RangeError('machines must be a positive integer');
    let n = 0;
    let horizon = 0;
    instance.jobs.forEach((job, j) => {
      const release = job.release ?? 0;
      if (!Number.isInteger(release) || release < 0) throw new RangeError(`job ${j}: release must be a non-negative integer`);
      horizon = Math.max(horizon, release);
      job.operations.forEach((op, k) => {
        if (!Number.isInteger(op.machine) || op.machine < 0 || op.machine >= machines) throw new RangeError(`job ${j} operation ${k}: machine ${op.machine} out of range`);
        if (!Number.isInteger(op.duration) || op.duration < 0) throw new RangeError(`job ${j} operation ${k}: duration must be a non-negative integer`);
        horizon += op.duration;
        n++;
      });
    });
    if (horizon >= MAX_TIME) throw new RangeError(`the sum of durations and releases must stay below ${MAX_TIME}`);
    this.n = n;
    this.jobs = instance.jobs.length;
    this.machines = machines;
    this.job = new Int32Array(n);
    this.machine = new Int32Array(n);
    this.dur = new Int32Array(n);
    this.jp = new Int32Array(n);
    this.js = new Int32Array(n);
    this.release = new Int32Array(n);
    this.firstOp = new Int32Array(this.jobs).fill(-1);
    this.lastOp = new Int32Array(this.jobs).fill(-1);
    this.mStart = new Int32Array(machines);
    this.mCount = new Int32Array(machines);
    this.seq = new Int32Array(n);
    this.pos = new Int32Array(n);
    this.r = new Int32Array(n);
    this.q = new Int32Array(n);
    this.topo = new Int32Array(n);
    this.topoIndex = new Int32Array(n);
    this.indeg = new Int32Array(n);
    this.scratch = new Int32Array(n);
    let o = 0;
    instance.jobs.forEach((job, j) => {
      job.operations.forEach((op, k) => {
        this.job[o] = j;
        this.machine[o] = op.machine;
        this.dur[o] = op.duration;
        this.release[o] = job.release ?? 0;
        this.jp[o] = k > 0 ? o - 1 : -1;
        this.js[o] = k < job.operations.length - 1 ? o + 1 : -1;
        if (k === 0) this.firstOp[j] = o;
        this.lastOp[j] = o;
        this.mCount[op.machine]!++;
        o++;
      });
    });
    for (let m = 1; m < machines; m++) this.mStart[m] = this.mStart[m - 1]! + this.mCount[m - 1]!;
  }

  /** Operation index of job j's k-th operation. */
  op(j: number, k: number): number {
    return this.firstOp[j]! + k;
  }

  /** Machine predecessor / successor in the current order, −1 at the ends. */
  mp(o: number): number {
    const at = this.pos[o]!;
    return at > 0 ? this.seq[this.mStart[this.machine[o]!]! + at - 1]! : -1;
  }

  ms(o: number): number {
    const m = this.machine[o]!;
    const at = this.pos[o]!;
    return at < this.mCount[m]! - 1 ? this.seq[this.mStart[m]! + at + 1]! : -1;
  }

  /** Set the machine orders from a list of operations per machine. */
  setOrder(orders: readonly (readonly number[])[]): void {
    for (let m = 0; m < this.machines; m++) {
      const list = orders[m] ?? [];
      if (list.length !== this.mCount[m]) throw new RangeError(`machine ${m}: expected ${this.mCount[m]} operations, got ${list.length}`);
      list.forEach((o, k) => {
        if (this.machine[o] !== m) throw new RangeError(`operation ${o} is not on machine ${m}`);
        this.seq[this.mStart[m]! + k] = o;
        this.pos[o] = k;
      });
    }
  }

  /** Copy the machine order into / from a buffer of length n. */
  saveOrder(into: Int32Array): void {
    into.set(this.seq);
  }

  loadOrder(from: Int32Array): void {
    this.seq.set(from);
    const { seq, pos, mStart, mCount } = this;
    for (let m = 0; m < this.machines; m++) {
      const base = mStart[m]!;
      for (let k = 0; k < mCount[m]!; k++) pos[seq[base + k]!] = k;
    }
  }

  /**
   * Heads and tails of the current order in one topological pass. Returns the makespan, or −1 when the
   * machine orders and job chains contain a cycle (no schedule exists).
   */
  computeHeadsTails(): number {
    if (!this.heads(0)) return -1;
    this.tails(this.n - 1);
    return this.makespan();
  }

  /** Heads only (and the topological order); false when the orders contain a cycle. */
  computeHeads(): boolean {
    return this.heads(0);
  }

  /**
   * Heads and tails after the operations at positions a … b of machine m were reordered among themselves,
   * given heads, tails and topological order valid before: operations before the segment's first one in the
   * old topological order keep their heads, and operations after its last one in the new order keep their
   * tails, so only the rest is recomputed. Returns the makespan, or −1 on a cycle.
   */
  updateAfterReorder(m: number, a: number, b: number): number {
    const base = this.mStart[m]!;
    let from = this.n;
    for (let i = a; i <= b; i++) {
      const k = this.topoIndex[this.seq[base + i]!]!;
      if (k < from) from = k;
    }
    if (!this.heads(from)) return -1;
    let to = 0;
    for (let i = a; i <= b; i++) {
      const k = this.topoIndex[this.seq[base + i]!]!;
      if (k > to) to = k;
    }
    this.tails(to);
    return this.makespan();
  }

  /** The latest job completion (valid heads). */
  makespan(): number {
    let makespan = 0;
    for (let j = 0; j < this.jobs; j++) {
      const last = this.lastOp[j]!;
      if (last < 0) continue;
      const end = this.r[last]! + this.dur[last]!;
      if (end > makespan) makespan = end;
    }
    return makespan;
  }

  /**
   * Kahn's algorithm over the operations at topological positions from … n − 1 (all operations when
   * from = 0); the operations before are closed under predecessors and keep their heads.
   */
  private heads(from: number): boolean {
    const { n, jp, js, dur, release, r, topo, topoIndex, indeg, scratch, pos, seq, mStart, mCount, machine } = this;
    const count = n - from;
    if (from === 0) for (let o = 0; o < n; o++) scratch[o] = o;
    else scratch.set(topo.subarray(from), 0);
    let tail = from;
    for (let i = 0; i < count; i++) {
      const o = scratch[i]!;
      let d = 0;
      const a = jp[o]!;
      if (a >= 0 && (from === 0 || topoIndex[a]! >= from)) d++;
      const at = pos[o]!;
      if (at > 0 && (from === 0 || topoIndex[seq[mStart[machine[o]!]! + at - 1]!]! >= from)) d++;
      indeg[o] = d;
      if (d === 0) topo[tail++] = o;
    }
    let head = from;
    while (head < tail) {
      const o = topo[head]!;
      topoIndex[o] = head++;
      const m = machine[o]!;
      const at = pos[o]!;
      const base = mStart[m]!;
      let start = release[o]!;
      const a = jp[o]!;
      if (a >= 0) {
        const end = r[a]! + dur[a]!;
        if (end > start) start = end;
      }
      if (at > 0) {
        const b = seq[base + at - 1]!;
        const end = r[b]! + dur[b]!;
        if (end > start) start = end;
      }
      r[o] = start;
      const s = js[o]!;
      if (s >= 0 && --indeg[s]! === 0) topo[tail++] = s;
      if (at < mCount[m]! - 1) {
        const t = seq[base + at + 1]!;
        if (--indeg[t]! === 0) topo[tail++] = t;
      }
    }
    return tail === n;
  }

  /** Tails of the operations at topological positions to … 0 (those after keep theirs). */
  private tails(to: number): void {
    const { js, dur, q, topo, pos, seq, mStart, mCount, machine } = this;
    for (let k = to; k >= 0; k--) {
      const o = topo[k]!;
      const m = machine[o]!;
      const at = pos[o]!;
      let after = 0;
      const s = js[o]!;
      if (s >= 0) after = q[s]! + dur[s]!;
      if (at < mCount[m]! - 1) {
        const t = seq[mStart[m]! + at + 1]!;
        const via = q[t]! + dur[t]!;
        if (via > after) after = via;
      }
      q[o] = after;
    }
  }

  /** Total weighted tardiness of the current heads (valid after computeHeadsTails). */
  weightedTardiness(due: Float64Array, weight: Float64Array): number {
    let total = 0;
    for (let j = 0; j < this.jobs; j++) {
      const last = this.lastOp[j]!;
      if (last < 0) continue;
      const late = this.r[last]! + this.dur[last]! - due[j]!;
      if (late > 0) total += weight[j]! * late;
    }
    return total;
  }

  /**
   * A simple lower bound on the makespan: for each machine, the earliest its first operation can start
   * (release + work before it in its job), plus its load, plus the smallest work after one of its
   * operations; and each job's release plus its total work.
   */
  makespanLowerBound(): number {
    const { n, machines, dur, jp, js, release } = this;
    const before = new Float64Array(n);
    const after = new Float64Array(n);
    for (let o = 0; o < n; o++) before[o] = jp[o]! >= 0 ? before[jp[o]!]! + dur[jp[o]!]! : release[o]!;
    for (let o = n - 1; o >= 0; o--) after[o] = js[o]! >= 0 ? after[js[o]!]! + dur[js[o]!]! : 0;
    const load = new Float64Array(machines);
    const minBefore = new Float64Array(machines).fill(Infinity);
    const minAfter = new Float64Array(machines).fill(Infinity);
    let bound = 0;
    for (let o = 0; o < n; o++) {
      const m = this.machine[o]!;
      load[m]! += dur[o]!;
      minBefore[m] = Math.min(minBefore[m]!, before[o]!);
      minAfter[m] = Math.min(minAfter[m]!, after[o]!);
      if (js[o]! < 0) bound = Math.max(bound, before[o]! + dur[o]!);
    }
    for (let m = 0; m < machines; m++) if (this.mCount[m]! > 0) bound = Math.max(bound, minBefore[m]! + load[m]! + minAfter[m]!);
    return bound;
  }
}

/**
 * Giffler & Thompson's active schedule: repeatedly take the machine of the operation that can finish
 * first, and among the operations that could start on it before then, the one with the highest priority.
 * `priority(o, start)` — larger goes first; ties by the smaller operation index. Sets the graph's machine order.
 */
export function gifflerThompson(graph: ShopGraph, priority: (o: number, start: number) => number): void {
  const { jobs, machines, dur, js, firstOp, release, machine } = graph;
  const next = Int32Array.from(firstOp);
  const jobReady = new Float64Array(jobs);
  for (let j = 0; j < jobs; j++) jobReady[j] = firstOp[j]! >= 0 ? release[firstOp[j]!]! : 0;
  const machineReady = new Float64Array(machines);
  const orders: number[][] = Array.from({ length: machines }, () => []);
  for (let scheduled = 0; scheduled < graph.n; scheduled++) {
    let bestEnd = Infinity;
    let bestMachine = -1;
    for (let j = 0; j < jobs; j++) {
      const o = next[j]!;
      if (o < 0) continue;
      const m = machine[o]!;
      const end = Math.max(jobReady[j]!, machineReady[m]!) + dur[o]!;
      if (end < bestEnd) {
        bestEnd = end;
        bestMachine = m;
      }
    }
    let pick = -1;
    let pickValue = -Infinity;
    let pickStart = 0;
    for (let j = 0; j < jobs; j++) {
      const o = next[j]!;
      if (o < 0 || machine[o] !== bestMachine) continue;
      const start = Math.max(jobReady[j]!, machineReady[bestMachine]!);
      if (start >= bestEnd && !(dur[o] === 0 && start === bestEnd)) continue;
      const value = priority(o, start);
      if (pick < 0 || value > pickValue) {
        pickValue = value;
        pick = o;
        pickStart = start;
      }
    }
    const j = graph.job[pick]!;
    const end = pickStart + dur[pick]!;
    jobReady[j] = end;
    machineReady[bestMachine] = end;
    orders[bestMachine]!.push(pick);
    next[j] = js[pick]!;
  }
  graph.setOrder(orders);
}

/** Work remaining in each operation's job from the operation on (its own duration included). */
function workRemaining(graph: ShopGraph): Float64Array {
  const rest = new Float64Array(graph.n);
  for (let o = graph.n - 1; o >= 0; o--) rest[o] = graph.dur[o]! + (graph.js[o]! >= 0 ? rest[graph.js[o]!]! : 0);
  return rest;
}

/**
 * Tabu attributes on machine arcs: for operations x, y of one machine, the iteration until which putting x
 * before y again is forbidden. One small matrix per machine (Σ machine operations², hashed beyond 2^24).
 */
class ArcTabu {
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

/** A few distinct good machine orders to restart from (distinct by objective value). */
class EliteSet {
  private readonly orders: Int32Array[] = [];
  private readonly values: number[] = [];

  constructor(private readonly size: number) {}

  offer(order: Int32Array, value: number): void {
    if (this.values.includes(value)) return;
    if (this.orders.length < this.size) {
      this.orders.push(Int32Array.from(order));
      this.values.push(value);
      return;
    }
    let worst = 0;
    for (let i = 1; i < this.values.length; i++) if (this.values[i]! > this.values[worst]!) worst = i;
    if (value < this.values[worst]!) {
      this.orders[worst]!.set(order);
      this.values[worst] = value;
    }
  }

  get count(): number {
    return this.orders.length;
  }

  pick(random: Random): Int32Array {
    return this.orders[random.int(this.orders.length)]!;
  }

  /** Two different members (the set must hold at least two). */
  pickPair(random: Random): [Int32Array, Int32Array] {
    const a = random.int(this.orders.length);
    const b = (a + 1 + random.int(this.orders.length - 1)) % this.orders.length;
    return [this.orders[a]!, this.orders[b]!];
  }
}

/**
 * The makespan search's population: the best solution of each tabu run, kept diverse — a newcomer closer
 * than `minDistance` (same-machine pairs ordered differently) to a member replaces it only if better;
 * otherwise it takes the place of the worst member if it is no worse.
 */
class Population {
  private readonly orders: Int32Array[] = [];
  private readonly positions: Int32Array[] = [];
  private readonly values: number[] = [];
  private readonly pos: Int32Array;

  constructor(
    private readonly g: ShopGraph,
    readonly size: number,
    private readonly minDistance: number,
  ) {
    this.pos = new Int32Array(g.n);
  }

  get count(): number {
    return this.orders.length;
  }

  private positionsOf(order: Int32Array, into: Int32Array): void {
    const { mStart, mCount } = this.g;
    for (let m = 0; m < this.g.machines; m++) for (let k = 0; k < mCount[m]!; k++) into[order[mStart[m]! + k]!] = k;
  }

  /** Same-machine pairs that `order` and member i put in different orders. */
  private distance(order: Int32Array, i: number): number {
    const { mStart, mCount } = this.g;
    const other = this.positions[i]!;
    let d = 0;
    for (let m = 0; m < this.g.machines; m++) {
      const base = mStart[m]!;
      const c = mCount[m]!;
      for (let a = 0; a < c; a++) {
        const pa = other[order[base + a]!]!;
        for (let b = a + 1; b < c; b++) if (pa > other[order[base + b]!]!) d++;
      }
    }
    return d;
  }

  offer(order: Int32Array, value: number): void {
    let nearest = -1;
    let nearestDistance = Infinity;
    for (let i = 0; i < this.orders.length; i++) {
      const d = this.distance(order, i);
      if (d < nearestDistance) {
        nearestDistance = d;
        nearest = i;
      }
    }
    let slot = -1;
    if (nearest >= 0 && nearestDistance <= this.minDistance) {
      if (value < this.values[nearest]!) slot = nearest;
    } else if (this.orders.length < this.size) {
      this.orders.push(new Int32Array(order.length));
      this.positions.push(new Int32Array(order.length));
      this.values.push(value);
      slot = this.orders.length - 1;
    } else {
      let worst = 0;
      for (let i = 1; i < this.values.length; i++) if (this.values[i]! > this.values[worst]!) worst = i;
      if (value <= this.values[worst]!) slot = worst;
    }
    if (slot < 0) return;
    this.orders[slot]!.set(order);
    this.positionsOf(order, this.positions[slot]!);
    this.values[slot] = value;
  }

  pick(random: Random): Int32Array {
    return this.orders[random.int(this.orders.length)]!;
  }

  /** Two different members (the population must hold at least two). */
  pickPair(random: Random): [Int32Array, Int32Array] {
    const a = random.int(this.orders.length);
    const b = (a + 1 + random.int(this.orders.length - 1)) % this.orders.length;
    return [this.orders[a]!, this.orders[b]!];
  }
}

/**
 * Path relinking: load `from`, then swap adjacent operations that `to` orders the other way (each swap
 * shortens the distance — the number of same-machine pairs ordered differently — by one), chosen at random
 * and skipping swaps that would make a cycle, until `fraction` of the distance is covered. Leaves the graph's
 * heads and tails valid; returns the makespan.
 */
function relink(g: ShopGraph, from: Int32Array, to: Int32Array, fraction: number, random: Random, posTo: Int32Array, candidates: Int32Array): number {
  g.loadOrder(to);
  posTo.set(g.pos);
  g.loadOrder(from);
  const { seq, pos, mStart, mCount } = g;
  let distance = 0;
  for (let m = 0; m < g.machines; m++) {
    const base = mStart[m]!;
    for (let i = 0; i < mCount[m]!; i++) for (let k = i + 1; k < mCount[m]!; k++) if (posTo[seq[base + i]!]! > posTo[seq[base + k]!]!) distance++;
  }
  const swap = (x: number) => {
    const base = mStart[g.machine[x]!]!;
    const at = pos[x]!;
    const y = seq[base + at + 1]!;
    seq[base + at] = y;
    seq[base + at + 1] = x;
    pos[y] = at;
    pos[x] = at + 1;
  };
  const steps = Math.floor(distance * fraction);
  for (let step = 0; step < steps; step++) {
    let count = 0;
    for (let m = 0; m < g.machines; m++) {
      const base = mStart[m]!;
      for (let i = 0; i + 1 < mCount[m]!; i++) if (posTo[seq[base + i]!]! > posTo[seq[base + i + 1]!]!) candidates[count++] = seq[base + i]!;
    }
    let done = false;
    for (let tries = 0; tries < 8 && count > 0 && !done; tries++) {
      const k = random.int(count);
      const x = candidates[k]!;
      swap(x);
      if (g.computeHeads()) done = true;
      else {
        swap(seq[mStart[g.machine[x]!]! + pos[x]! - 1]!);
        candidates[k] = candidates[--count]!;
      }
    }
    if (!done) break;
  }
  return g.computeHeadsTails();
}

/** Tabu tenure range from the shape of the instance (Zhang et al. 2007: L = 10 + jobs / machines). */
function tenureRange(g: ShopGraph, tuning: TabuTuning): [number, number] {
  const ratio = g.jobs / g.machines;
  const base = Math.round(10 + ratio);
  return [tuning.tenureMin ?? base, tuning.tenureMax ?? Math.round(base * (ratio <= 2 ? 1.4 : 1.5))];
}

const FORWARD = 0; // the operation at position a moves to just after the one at position b
const BACKWARD = 1; // the operation at position b moves to just before the one at position a

/** The makespan tabu search on a graph whose machine order holds a feasible start. */
class MakespanTabu {
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
    const { r, dur, jp, n } = g;
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
    let o = end;
    for (;;) {
      this.path[length++] = o;
      const start = r[o]!;
      const a = g.mp(o);
      const b = jp[o]!;
      const viaMachine = a >= 0 && r[a]! + dur[a]! === start;
      const viaJob = b >= 0 && r[b]! + dur[b]! === start;
      if (viaMachine && viaJob) o = this.random.int(2) === 0 ? a : b;
      else if (viaMachine) o = a;
      else if (viaJob) o = b;
      else break;
    }
    this.path.subarray(0, length).reverse();
    return length;
  }

  /** Estimated makespan after moving the operation at position a to just after position b (machine m). */
  private estimateForward(m: number, a: number, b: number): number {
    const g = this.g;
    const { seq, r, q, dur, jp, js, release } = g;
    const base = g.mStart[m]!;
    const u = seq[base + a]!;
    let t = a > 0 ? r[seq[base + a - 1]!]! + dur[seq[base + a - 1]!]! : 0;
    const heads = this.headBuf;
    for (let k = a + 1; k <= b; k++) {
      const x = seq[base + k]!;
      const p = jp[x]!;
      const jobEnd = p >= 0 ? r[p]! + dur[p]! : release[x]!;
      const h = jobEnd > t ? jobEnd : t;
      heads[k] = h;
      t = h + dur[x]!;
    }
    const pu = jp[u]!;
    const uJob = pu >= 0 ? r[pu]! + dur[pu]! : release[u]!;
    const hu = uJob > t ? uJob : t;
    let tt = 0;
    if (b < g.mCount[m]! - 1) {
      const z = seq[base + b + 1]!;
      tt = q[z]! + dur[z]!;
    }
    const su = js[u]!;
    const uTail = su >= 0 ? q[su]! + dur[su]! : 0;
    const qu = uTail > tt ? uTail : tt;
    let estimate = hu + dur[u]! + qu;
    tt = qu + dur[u]!;
    for (let k = b; k > a; k--) {
      const x = seq[base + k]!;
      const s = js[x]!;
      const jobTail = s >= 0 ? q[s]! + dur[s]! : 0;
      const qx = jobTail > tt ? jobTail : tt;
      const length = heads[k]! + dur[x]! + qx;
      if (length > estimate) estimate = length;
      tt = qx + dur[x]!;
    }
    return estimate;
  }

  /** Estimated makespan after moving the operation at position b to just before position a (machine m). */
  private estimateBackward(m: number, a: number, b: number): number {
    const g = this.g;
    const { seq, r, q, dur, jp, js, release } = g;
    const base = g.mStart[m]!;
    const v = seq[base + b]!;
    let t = a > 0 ? r[seq[base + a - 1]!]! + dur[seq[base + a - 1]!]! : 0;
    const pv = jp[v]!;
    const vJob = pv >= 0 ? r[pv]! + dur[pv]! : release[v]!;
    const hv = vJob > t ? vJob : t;
    t = hv + dur[v]!;
    const heads = this.headBuf;
    for (let k = a; k < b; k++) {
      const x = seq[base + k]!;
      const p = jp[x]!;
      const jobEnd = p >= 0 ? r[p]! + dur[p]! : release[x]!;
      const h = jobEnd > t ? jobEnd : t;
      heads[k] = h;
      t = h + dur[x]!;
    }
    let tt = 0;
    if (b < g.mCount[m]! - 1) {
      const z = seq[base + b + 1]!;
      tt = q[z]! + dur[z]!;
    }
    let estimate = 0;
    for (let k = b - 1; k >= a; k--) {
      const x = seq[base + k]!;
      const s = js[x]!;
      const jobTail = s >= 0 ? q[s]! + dur[s]! : 0;
      const qx = jobTail > tt ? jobTail : tt;
      const length = heads[k]! + dur[x]! + qx;
      if (length > estimate) estimate = length;
      tt = qx + dur[x]!;
    }
    const sv = js[v]!;
    const vTail = sv >= 0 ? q[sv]! + dur[sv]! : 0;
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

/**
 * Total weighted tardiness tabu search: the moves are swaps of two adjacent operations on a critical machine
 * arc of the longest path to a tardy job's completion (such a swap never creates a cycle), each evaluated
 * exactly by recomputing the heads. Slower per move than the makespan search, but exact and simple; the same
 * tabu attributes, aspiration, elite restarts and perturbation.
 */
class TardinessTabu {
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
    const { r, dur, jp, lastOp } = g;
    this.stampValue++;
    this.candidateCount = 0;
    for (let j = 0; j < g.jobs; j++) {
      const last = lastOp[j]!;
      if (last < 0 || !(this.weight[j]! > 0) || !(r[last]! + dur[last]! > this.due[j]!)) continue;
      let o = last;
      for (;;) {
        const start = r[o]!;
        const a = g.mp(o);
        const b = jp[o]!;
        const viaMachine = a >= 0 && r[a]! + dur[a]! === start;
        const viaJob = b >= 0 && r[b]! + dur[b]! === start;
        if (viaMachine && this.stamp[a] !== this.stampValue) {
          this.stamp[a] = this.stampValue;
          this.candidates[this.candidateCount++] = a;
        }
        if (viaMachine && viaJob) o = this.random.int(2) === 0 ? a : b;
        else if (viaMachine) o = a;
        else if (viaJob) o = b;
        else break;
      }
    }
  }

  /** Swap operation a with its machine successor. */
  private swap(a: number): void {
    const g = this.g;
    const base = g.mStart[g.machine[a]!]!;
    const at = g.pos[a]!;
    const b = g.seq[base + at + 1]!;
    g.seq[base + at] = b;
    g.seq[base + at + 1] = a;
    g.pos[b] = at;
    g.pos[a] = at + 1;
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
          this.swap(a);
          if (!g.computeHeads()) {
            this.swap(g.mp(a));
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
        this.swap(a);
        const v = g.computeHeads() ? this.objective() : Infinity;
        this.swap(b);
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
      this.swap(chosen);
      if (!g.computeHeads()) {
        this.swap(g.mp(chosen));
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

export const DEFAULT_TARDINESS_TUNING: TabuTuning = { stagnation: 1000, perturbation: 4, elite: 8 };

/**
 * Start orders for weighted tardiness: Giffler–Thompson with the apparent tardiness cost priority of each
 * operation (weight / duration, discounted by the job's slack: due − start − remaining work) at a few
 * look-ahead values, and with earliest due date; the graph is left holding the best.
 */
function tardinessStart(graph: ShopGraph, due: Float64Array, weight: Float64Array, rest: Float64Array): void {
  let meanDuration = 0;
  for (let o = 0; o < graph.n; o++) meanDuration += graph.dur[o]!;
  meanDuration = Math.max(1, meanDuration / Math.max(1, graph.n));
  const rules: ((o: number, start: number) => number)[] = [0.5, 1, 2, 4].map((k) => (o, start) => {
    const j = graph.job[o]!;
    const slack = Math.max(0, (due[j] === Infinity ? Number.MAX_VALUE : due[j]!) - start - rest[o]!);
    return (weight[j]! / Math.max(1, graph.dur[o]!)) * Math.exp(-slack / (k * meanDuration));
  });
  rules.push((o) => -(due[graph.job[o]!] === Infinity ? Number.MAX_VALUE : due[graph.job[o]!]!));
  const bestOrder = new Int32Array(graph.n);
  let bestValue = Infinity;
  for (const rule of rules) {
    gifflerThompson(graph, rule);
    graph.computeHeads();
    const value = graph.weightedTardiness(due, weight);
    if (value < bestValue) {
      bestValue = value;
      graph.saveOrder(bestOrder);
    }
  }
  graph.loadOrder(bestOrder);
}

/**
 * Solve a job shop for the makespan (default) or the total weighted tardiness. Deterministic for a given
 * seed up to where the budget stops it; `maxIterations` (tabu moves) gives a run that does not depend on
 * the machine's speed. `tuning` is for experiments; the defaults are what the benchmark measures.
 */
export function solveJobShop(instance: JobShopInstance, options: JobShopOptions & { tuning?: Partial<TabuTuning> }): JobShopResult {
  const started = performance.now();
  const objective: ShopObjective = options.objective ?? 'makespan';
  const graph = new ShopGraph(instance);
  const random = new Random(options.seed ?? 1);
  const due = Float64Array.from(instance.jobs, (j) => j.due ?? Infinity);
  const weight = Float64Array.from(instance.jobs, (j) => j.weight ?? 1);
  const lowerBound = graph.makespanLowerBound();
  const target = options.target ?? -Infinity;
  const maxIterations = options.maxIterations ?? Infinity;
  const rest = workRemaining(graph);
  let timeToBest = 0;
  const shouldStop = (iteration: number, best: number): StopReason | null => {
    if (best <= target) return 'target';
    if (iteration >= maxIterations) return 'iterations';
    if (performance.now() - started >= options.budgetMs) return 'budget';
    return null;
  };
  const onImprove = () => {
    timeToBest = performance.now() - started;
  };
  const bestOrder = new Int32Array(graph.n);
  let result: { best: number; iterations: number; stoppedBy: StopReason };
  if (graph.n === 0) {
    result = { best: 0, iterations: 0, stoppedBy: 'optimal' };
  } else if (objective === 'makespan') {
    gifflerThompson(graph, (o) => rest[o]!);
    result = new MakespanTabu(graph, random, { ...DEFAULT_TABU_TUNING, ...options.tuning }).run(bestOrder, lowerBound, shouldStop, onImprove);
    graph.loadOrder(bestOrder);
  } else {
    tardinessStart(graph, due, weight, rest);
    result = new TardinessTabu(graph, random, due, weight, { ...DEFAULT_TARDINESS_TUNING, ...options.tuning }).run(bestOrder, shouldStop, onImprove);
    graph.loadOrder(bestOrder);
  }
  const makespan = graph.computeHeadsTails();
  const weightedTardiness = graph.weightedTardiness(due, weight);
  const start = instance.jobs.map((job, j) => job.operations.map((_, k) => graph.r[graph.op(j, k)]!));
  const machineSequences = Array.from({ length: graph.machines }, (_, m) =>
    Array.from(graph.seq.subarray(graph.mStart[m]!, graph.mStart[m]! + graph.mCount[m]!), (o): [number, number] => [graph.job[o]!, o - graph.firstOp[graph.job[o]!]!]),
  );
  return {
    schedule: { start },
    machineSequences,
    makespan,
    weightedTardiness,
    objective: objective === 'makespan' ? makespan : weightedTardiness,
    makespanLowerBound: lowerBound,
    iterations: result.iterations,
    elapsedMs: performance.now() - started,
    timeToBestMs: timeToBest,
    stoppedBy: result.stoppedBy,
  };
}
