import type { Random } from './random';
import type { JobShopInstance } from './types';

const MAX_TIME = 2 ** 30;

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

  /** When o's job lets it start: the end of its job predecessor, or the job's release for a first operation. */
  jobReady(o: number): number {
    const p = this.jp[o]!;
    return p >= 0 ? this.r[p]! + this.dur[p]! : this.release[o]!;
  }

  /** The longest path after o's end through its job successor (0 for a last operation). */
  jobTail(o: number): number {
    const s = this.js[o]!;
    return s >= 0 ? this.q[s]! + this.dur[s]! : 0;
  }

  /**
   * The predecessor that o's head comes from — machine or job, a random one of the two when both end at o's
   * start — or −1 when none does (o starts at its release). Repeated, it walks back one longest path.
   */
  criticalPredecessor(o: number, random: Random): number {
    const { r, dur } = this;
    const start = r[o]!;
    const a = this.mp(o);
    const b = this.jp[o]!;
    const viaMachine = a >= 0 && r[a]! + dur[a]! === start;
    const viaJob = b >= 0 && r[b]! + dur[b]! === start;
    if (viaMachine && viaJob) return random.int(2) === 0 ? a : b;
    return viaMachine ? a : viaJob ? b : -1;
  }

  /** Swap operation o with its machine successor (heads and tails are then stale). */
  swapWithNext(o: number): void {
    const { seq, pos } = this;
    const base = this.mStart[this.machine[o]!]!;
    const at = pos[o]!;
    const next = seq[base + at + 1]!;
    seq[base + at] = next;
    seq[base + at + 1] = o;
    pos[next] = at;
    pos[o] = at + 1;
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
