/**
 * Single-machine total weighted tardiness: n jobs with processing time p, weight w and due date d on one
 * machine; minimise Σ w · max(0, C − d).
 *
 * Construction: the best of EDD, WSPT and the apparent tardiness cost rule (ATC, Vepsalainen & Morton 1987)
 * at several look-ahead values. Improvement: iterated dynasearch (Congram, Potts & van de Velde 2002) with the
 * enhanced neighbourhood of Grosso, Della Croce & Tadei (2004): one dynamic programme finds the best set of
 * independent moves — swaps, forward and backward insertions over disjoint position ranges — in O(n³),
 * repeated until no set improves; then a kick of random swaps and again, keeping a move when it is no worse.
 * The search stops at a total of 0 (the lower bound), at the caller's target, or when the budget is spent.
 */
import { Random } from './random';
import type { SingleMachineInstance, SingleMachineResult, SolveOptions, StopReason } from './types';

/** Total weighted tardiness of processing the instance's jobs in `sequence` order from time 0. */
export function singleMachineWeightedTardiness(instance: SingleMachineInstance, sequence: readonly number[]): number {
  let t = 0;
  let total = 0;
  for (const j of sequence) {
    const job = instance.jobs[j];
    if (!job) throw new RangeError(`job ${j} is not in the instance`);
    t += job.duration;
    if (t > job.due) total += job.weight * (t - job.due);
  }
  return total;
}

function checkInstance(instance: SingleMachineInstance): void {
  instance.jobs.forEach((job, j) => {
    for (const key of ['duration', 'weight', 'due'] as const) {
      if (!Number.isFinite(job[key])) throw new RangeError(`job ${j}: ${key} must be a finite number`);
    }
    if (job.duration < 0) throw new RangeError(`job ${j}: duration must not be negative`);
    if (job.weight < 0) throw new RangeError(`job ${j}: weight must not be negative`);
  });
}

const NONE = 0;
const SWAP = 1;
const FORWARD = 2; // the job at position i moves to just after the job at position j
const BACKWARD = 3; // the job at position j moves to just before the job at position i

/** Work arrays and the dynasearch pass for one instance; nothing is allocated per pass. */
class Dynasearch {
  readonly n: number;
  private readonly completion: Float64Array;
  private readonly best: Float64Array;
  private readonly forwardSum: Float64Array;
  private readonly moveType: Uint8Array;
  private readonly moveFrom: Int32Array;

  constructor(
    readonly p: Float64Array,
    readonly w: Float64Array,
    readonly d: Float64Array,
  ) {
    this.n = p.length;
    this.completion = new Float64Array(this.n);
    this.best = new Float64Array(this.n + 1);
    this.forwardSum = new Float64Array(this.n);
    this.moveType = new Uint8Array(this.n + 1);
    this.moveFrom = new Int32Array(this.n + 1);
  }

  evaluate(seq: Int32Array): number {
    const { p, w, d } = this;
    let t = 0;
    let total = 0;
    for (let k = 0; k < this.n; k++) {
      const j = seq[k]!;
      t += p[j]!;
      if (t > d[j]!) total += w[j]! * (t - d[j]!);
    }
    return total;
  }

  /**
   * One dynasearch step: the best combination of independent swaps and insertions, applied to `seq` in
   * place. Returns the objective after the step (equal to the objective before when nothing improves).
   */
  pass(seq: Int32Array): number {
    const { p, w, d, n, completion: C, best: F, forwardSum: sf, moveType, moveFrom } = this;
    let t = 0;
    for (let k = 0; k < n; k++) {
      t += p[seq[k]!]!;
      C[k] = t;
    }
    F[0] = 0;
    for (let j = 0; j < n; j++) {
      const b = seq[j]!;
      const pb = p[b]!;
      const wb = w[b]!;
      const db = d[b]!;
      const Cj = C[j]!;
      let bestValue = F[j]! + (Cj > db ? wb * (Cj - db) : 0);
      let bestType = NONE;
      let bestFrom = -1;
      sf[j] = 0;
      let sb = 0; // Σ_{k=i}^{j-1} cost of the job at k delayed by pb (backward insertion of b before position i)
      for (let i = j - 1; i >= 0; i--) {
        const a = seq[i]!;
        const pa = p[a]!;
        const Ci = C[i]!;
        const ca = Ci + pb;
        if (ca > d[a]!) sb += w[a]! * (ca - d[a]!);
        const cb = Cj - pa;
        if (cb > db) sf[i]! += wb * (cb - db); // sf[i] = Σ_{k=i+1}^{j} cost of the job at k advanced by pa
        const Fi = F[i]!;
        if (Fi >= bestValue) continue;
        const bStart = (i > 0 ? C[i - 1]! : 0) + pb;
        const bFront = bStart > db ? wb * (bStart - db) : 0;
        let v = Fi + bFront + sb;
        if (v < bestValue) {
          bestValue = v;
          bestType = BACKWARD;
          bestFrom = i;
        }
        if (j > i + 1) {
          const aEnd = Cj > d[a]! ? w[a]! * (Cj - d[a]!) : 0;
          v = Fi + sf[i]! + aEnd;
          if (v < bestValue) {
            bestValue = v;
            bestType = FORWARD;
            bestFrom = i;
          }
          let s = Fi + bFront + aEnd;
          if (s < bestValue) {
            const delta = pb - pa;
            for (let k = i + 1; k < j && s < bestValue; k++) {
              const x = seq[k]!;
              const cx = C[k]! + delta;
              if (cx > d[x]!) s += w[x]! * (cx - d[x]!);
            }
            if (s < bestValue) {
              bestValue = s;
              bestType = SWAP;
              bestFrom = i;
            }
          }
        }
      }
      F[j + 1] = bestValue;
      moveType[j + 1] = bestType;
      moveFrom[j + 1] = bestFrom;
    }
    // Apply the chosen moves; they cover disjoint position ranges.
    let j = n;
    while (j > 0) {
      const type = moveType[j]!;
      if (type === NONE) {
        j--;
        continue;
      }
      const i = moveFrom[j]!;
      const last = j - 1;
      if (type === SWAP) {
        const a = seq[i]!;
        seq[i] = seq[last]!;
        seq[last] = a;
      } else if (type === FORWARD) {
        const a = seq[i]!;
        seq.copyWithin(i, i + 1, last + 1);
        seq[last] = a;
      } else {
        const b = seq[last]!;
        seq.copyWithin(i + 1, i, last);
        seq[i] = b;
      }
      j = i;
    }
    return F[n]!;
  }

  /** Dynasearch passes until none improves (or the deadline passes); returns the objective reached. */
  descend(seq: Int32Array, objective: number, deadline = Infinity): number {
    for (;;) {
      if (performance.now() >= deadline) return this.evaluate(seq);
      const next = this.pass(seq);
      if (!(next < objective - 1e-9 * Math.max(1, Math.abs(objective)))) return this.evaluate(seq);
      objective = next;
    }
  }
}

/** Sequence by a static key, ascending, ties by job index. */
function sortedBy(n: number, key: (j: number) => number): Int32Array {
  const order = Array.from({ length: n }, (_, j) => j);
  order.sort((a, b) => key(a) - key(b) || a - b);
  return Int32Array.from(order);
}

/** Apparent tardiness cost dispatching with look-ahead k: at each step the job with the highest index. */
export function atcSequence(p: Float64Array, w: Float64Array, d: Float64Array, k: number): Int32Array {
  const n = p.length;
  let meanP = 0;
  for (let j = 0; j < n; j++) meanP += p[j]!;
  meanP = n > 0 ? meanP / n : 1;
  const scale = k * (meanP > 0 ? meanP : 1);
  const done = new Uint8Array(n);
  const seq = new Int32Array(n);
  let t = 0;
  for (let pos = 0; pos < n; pos++) {
    let pick = -1;
    let pickValue = -Infinity;
    for (let j = 0; j < n; j++) {
      if (done[j]) continue;
      const slack = Math.max(0, d[j]! - p[j]! - t);
      const ratio = p[j]! > 0 ? w[j]! / p[j]! : Number.MAX_VALUE;
      const value = ratio * Math.exp(-slack / scale);
      if (value > pickValue) {
        pickValue = value;
        pick = j;
      }
    }
    done[pick] = 1;
    seq[pos] = pick;
    t += p[pick]!;
  }
  return seq;
}

function elapsedSince(start: number): number {
  return performance.now() - start;
}

/**
 * Minimise the total weighted tardiness of one machine. Deterministic for a given seed up to where the
 * budget stops it; pass `maxIterations` (kicks) for a run that does not depend on the machine's speed.
 */
export function solveSingleMachineWT(instance: SingleMachineInstance, options: SolveOptions): SingleMachineResult {
  const started = performance.now();
  checkInstance(instance);
  const n = instance.jobs.length;
  const p = Float64Array.from(instance.jobs, (j) => j.duration);
  const w = Float64Array.from(instance.jobs, (j) => j.weight);
  const d = Float64Array.from(instance.jobs, (j) => j.due);
  const random = new Random(options.seed ?? 1);
  const target = options.target ?? -Infinity;
  const maxIterations = options.maxIterations ?? Infinity;
  const search = new Dynasearch(p, w, d);

  // Construction: the best of the classic rules, each improved to a dynasearch local minimum.
  const starts = [
    sortedBy(n, (j) => d[j]!),
    sortedBy(n, (j) => (w[j]! > 0 ? p[j]! / w[j]! : Number.MAX_VALUE)),
    ...[0.5, 1, 2, 4].map((k) => atcSequence(p, w, d, k)),
  ];
  let best = starts[0]!;
  let bestObjective = Infinity;
  const deadline = started + options.budgetMs;
  for (const seq of starts) {
    const objective = search.descend(seq, search.evaluate(seq), deadline);
    if (objective < bestObjective) {
      bestObjective = objective;
      best = seq;
    }
  }
  let timeToBest = elapsedSince(started);

  const current = Int32Array.from(best);
  let currentObjective = bestObjective;
  const trial = new Int32Array(n);
  let iterations = 0;
  let sinceImprovement = 0;
  let stoppedBy: StopReason;
  for (;;) {
    if (bestObjective <= 0) {
      stoppedBy = 'lower-bound';
      break;
    }
    if (bestObjective <= target) {
      stoppedBy = 'target';
      break;
    }
    if (iterations >= maxIterations) {
      stoppedBy = 'iterations';
      break;
    }
    if (elapsedSince(started) >= options.budgetMs) {
      stoppedBy = 'budget';
      break;
    }
    if (n < 2) {
      stoppedBy = 'optimal';
      break;
    }
    iterations++;
    // Kick: a few random swaps of nearby jobs; after a long time without progress, restart from the best.
    if (sinceImprovement > 0 && sinceImprovement % RESTART_AFTER === 0) {
      current.set(best);
      currentObjective = bestObjective;
    }
    trial.set(current);
    const window = Math.max(2, Math.min(n - 1, KICK_WINDOW));
    for (let s = 0; s < KICK_SWAPS; s++) {
      const i = random.int(n);
      let j = i + 1 + random.int(window);
      if (j >= n) j = i - 1 - random.int(Math.min(window, i));
      if (j < 0 || j === i) continue;
      const x = trial[i]!;
      trial[i] = trial[j]!;
      trial[j] = x;
    }
    const objective = search.descend(trial, search.evaluate(trial), deadline);
    if (objective <= currentObjective) {
      current.set(trial);
      currentObjective = objective;
    }
    if (objective < bestObjective) {
      best.set(trial);
      bestObjective = objective;
      timeToBest = elapsedSince(started);
      sinceImprovement = 0;
    } else {
      sinceImprovement++;
    }
  }
  return {
    sequence: Array.from(best),
    objective: search.evaluate(best),
    iterations,
    elapsedMs: elapsedSince(started),
    timeToBestMs: timeToBest,
    stoppedBy,
  };
}

const KICK_SWAPS = 4;
const KICK_WINDOW = 8;
const RESTART_AFTER = 1000;
