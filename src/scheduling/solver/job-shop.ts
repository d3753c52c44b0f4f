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
import { gifflerThompson, tardinessStart, workRemaining } from './construct';
import { MakespanTabu } from './makespan-tabu';
import { Random } from './random';
import { ShopGraph } from './shop-graph';
import { DEFAULT_TABU_TUNING, DEFAULT_TARDINESS_TUNING, type TabuTuning } from './tabu';
import { TardinessTabu } from './tardiness-tabu';
import type { JobShopInstance, JobShopOptions, JobShopResult, ShopObjective, StopReason } from './types';

export { ShopGraph } from './shop-graph';
export { DEFAULT_TABU_TUNING, DEFAULT_TARDINESS_TUNING, type TabuTuning } from './tabu';

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
