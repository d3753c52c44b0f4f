/** Start schedules: Giffler–Thompson active schedules under a priority rule. */
import type { ShopGraph } from './shop-graph';

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
export function workRemaining(graph: ShopGraph): Float64Array {
  const rest = new Float64Array(graph.n);
  for (let o = graph.n - 1; o >= 0; o--) rest[o] = graph.dur[o]! + (graph.js[o]! >= 0 ? rest[graph.js[o]!]! : 0);
  return rest;
}

/**
 * Start orders for weighted tardiness: Giffler–Thompson with the apparent tardiness cost priority of each
 * operation (weight / duration, discounted by the job's slack: due − start − remaining work) at a few
 * look-ahead values, and with earliest due date; the graph is left holding the best.
 */
export function tardinessStart(graph: ShopGraph, due: Float64Array, weight: Float64Array, rest: Float64Array): void {
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
