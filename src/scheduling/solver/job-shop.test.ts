import { describe, expect, it } from 'vitest';
import { scheduleMakespan, scheduleWeightedTardiness, validateJobShopSchedule } from './evaluate';
import { parseJsplib, parseMakespanBounds } from './formats';
import { ShopGraph, solveJobShop } from './job-shop';
import { Random } from './random';
import { solveSingleMachineWT } from './single-machine';
import type { JobShopInstance, JobShopSchedule } from './types';

// Fisher & Thompson's 6×6 instance (ft06, a.k.a. mt06) in JSPLIB layout; optimal makespan 55.
const FT06 = `# ft06
6 6
2 1 0 3 1 6 3 7 5 3 4 6
1 8 2 5 4 10 5 10 0 10 3 4
2 5 3 4 5 8 0 9 1 1 4 7
1 5 0 5 2 5 3 3 4 8 5 9
2 9 1 3 4 5 5 4 0 3 3 1
1 3 3 3 5 9 0 10 4 4 2 1
`;

function randomShop(jobs: number, machines: number, seed: number, withDueDates = false): JobShopInstance {
  const random = new Random(seed);
  return {
    machines,
    jobs: Array.from({ length: jobs }, () => {
      const order = Array.from({ length: machines }, (_, m) => m);
      for (let i = machines - 1; i > 0; i--) {
        const k = random.int(i + 1);
        [order[i], order[k]] = [order[k]!, order[i]!];
      }
      const operations = order.map((machine) => ({ machine, duration: 1 + random.int(20) }));
      const work = operations.reduce((a, o) => a + o.duration, 0);
      return withDueDates
        ? { operations, release: random.int(10), due: Math.round(work * (1 + random.next())), weight: 1 + random.int(5) }
        : { operations };
    }),
  };
}

/**
 * Earliest start times for given machine orders, computed the plain way (no graph code of the solver):
 * repeatedly start any operation whose job and machine predecessors are placed; null when the orders deadlock.
 */
function semiActive(instance: JobShopInstance, orders: [number, number][][]): JobShopSchedule | null {
  const start = instance.jobs.map((job) => job.operations.map(() => NaN));
  const nextOnMachine = orders.map(() => 0);
  const total = instance.jobs.reduce((a, j) => a + j.operations.length, 0);
  const machineFree = orders.map(() => 0);
  for (let placed = 0; placed < total; ) {
    let progress = false;
    orders.forEach((order, m) => {
      const entry = order[nextOnMachine[m]!];
      if (!entry) return;
      const [j, k] = entry;
      const job = instance.jobs[j]!;
      const ready = k === 0 ? (job.release ?? 0) : start[j]![k - 1]! + job.operations[k - 1]!.duration;
      if (Number.isNaN(ready)) return;
      start[j]![k] = Math.max(ready, machineFree[m]!);
      machineFree[m] = start[j]![k]! + job.operations[k]!.duration;
      nextOnMachine[m]!++;
      placed++;
      progress = true;
    });
    if (!progress) return null;
  }
  return { start };
}

/** Best makespan and weighted tardiness over every combination of machine orders (tiny instances only). */
function bruteForce(instance: JobShopInstance): { makespan: number; tardiness: number } {
  const perMachine: [number, number][][] = Array.from({ length: instance.machines }, () => []);
  instance.jobs.forEach((job, j) => job.operations.forEach((op, k) => perMachine[op.machine]!.push([j, k])));
  const permutations = <T>(items: T[]): T[][] =>
    items.length <= 1 ? [items] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
  const options = perMachine.map((ops) => permutations(ops));
  let makespan = Infinity;
  let tardiness = Infinity;
  const choose = (m: number, chosen: [number, number][][]) => {
    if (m === instance.machines) {
      const schedule = semiActive(instance, chosen);
      if (!schedule) return;
      makespan = Math.min(makespan, scheduleMakespan(instance, schedule));
      tardiness = Math.min(tardiness, scheduleWeightedTardiness(instance, schedule));
      return;
    }
    for (const order of options[m]!) choose(m + 1, [...chosen, order]);
  };
  choose(0, []);
  return { makespan, tardiness };
}

describe('job shop', () => {
  it('solves ft06 to its optimum 55 with a valid schedule', () => {
    const instance = parseJsplib(FT06, 'ft06');
    expect(instance.jobs).toHaveLength(6);
    expect(instance.jobs[0]!.operations[0]).toEqual({ machine: 2, duration: 1 });
    const result = solveJobShop(instance, { budgetMs: 3000, seed: 1, target: 55 });
    expect(result.makespan).toBe(55);
    expect(result.stoppedBy).toBe('target');
    expect(validateJobShopSchedule(instance, result.schedule)).toEqual([]);
    expect(scheduleMakespan(instance, result.schedule)).toBe(55);
    // the machine sequences are the schedule's order on each machine
    for (const [m, sequence] of result.machineSequences.entries()) {
      const starts = sequence.map(([j, k]) => result.schedule.start[j]![k]!);
      expect(starts, `machine ${m}`).toEqual([...starts].sort((a, b) => a - b));
    }
  });

  it('matches brute force on tiny instances, for the makespan and for weighted tardiness', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const instance = randomShop(3, 3, seed, true);
      const optimum = bruteForce(instance);
      const makespan = solveJobShop(instance, { budgetMs: 5000, seed, maxIterations: 300 });
      expect(validateJobShopSchedule(instance, makespan.schedule)).toEqual([]);
      expect(makespan.makespan, `seed ${seed}`).toBe(optimum.makespan);
      const tardiness = solveJobShop(instance, { budgetMs: 5000, seed, maxIterations: 300, objective: 'weighted-tardiness' });
      expect(validateJobShopSchedule(instance, tardiness.schedule)).toEqual([]);
      expect(tardiness.objective).toBe(scheduleWeightedTardiness(instance, tardiness.schedule));
      expect(tardiness.objective, `seed ${seed}`).toBe(optimum.tardiness);
    }
  });

  it('on one machine, weighted tardiness agrees with the single-machine solver', () => {
    const random = new Random(9);
    const jobs = Array.from({ length: 8 }, () => ({ duration: 1 + random.int(20), weight: 1 + random.int(9), due: 10 + random.int(60) }));
    const single = solveSingleMachineWT({ jobs }, { budgetMs: 5000, maxIterations: 200 });
    const shop = solveJobShop(
      { machines: 1, jobs: jobs.map((j) => ({ operations: [{ machine: 0, duration: j.duration }], due: j.due, weight: j.weight })) },
      { budgetMs: 5000, maxIterations: 2000, objective: 'weighted-tardiness' },
    );
    expect(shop.weightedTardiness).toBe(single.objective);
  });

  it('respects release dates and reports tardiness', () => {
    const instance = randomShop(8, 4, 21, true);
    const result = solveJobShop(instance, { budgetMs: 300, seed: 2, objective: 'weighted-tardiness' });
    expect(validateJobShopSchedule(instance, result.schedule)).toEqual([]);
    expect(result.weightedTardiness).toBe(scheduleWeightedTardiness(instance, result.schedule));
    expect(result.makespan).toBe(scheduleMakespan(instance, result.schedule));
    expect(result.makespan).toBeGreaterThanOrEqual(result.makespanLowerBound);
  });

  it('is deterministic for a seed', () => {
    const instance = randomShop(10, 10, 4);
    const a = solveJobShop(instance, { budgetMs: 60_000, seed: 3, maxIterations: 3000 });
    const b = solveJobShop(instance, { budgetMs: 60_000, seed: 3, maxIterations: 3000 });
    expect(a.stoppedBy).toBe('iterations');
    expect(b.schedule).toEqual(a.schedule);
    expect(b.iterations).toBe(a.iterations);
  });

  it('restarts (fresh starts, relinking, perturbation) keep schedules valid and runs reproducible', () => {
    // short runs so that the population fills and every kind of restart happens many times
    const instance = randomShop(10, 10, 6, true);
    const tuning = { stagnation: 40, elite: 4, relinking: 0.5 };
    const a = solveJobShop(instance, { budgetMs: 60_000, seed: 4, maxIterations: 4000, tuning });
    const b = solveJobShop(instance, { budgetMs: 60_000, seed: 4, maxIterations: 4000, tuning });
    expect(a.stoppedBy).toBe('iterations');
    expect(validateJobShopSchedule(instance, a.schedule)).toEqual([]);
    expect(a.makespan).toBe(scheduleMakespan(instance, a.schedule));
    expect(b.schedule).toEqual(a.schedule);
    const tardiness = solveJobShop(instance, { budgetMs: 60_000, seed: 4, maxIterations: 1500, objective: 'weighted-tardiness', tuning: { stagnation: 20 } });
    expect(validateJobShopSchedule(instance, tardiness.schedule)).toEqual([]);
  });

  it('respects the time budget', () => {
    const instance = randomShop(15, 15, 5);
    const started = performance.now();
    const result = solveJobShop(instance, { budgetMs: 200, seed: 1 });
    expect(performance.now() - started).toBeLessThan(200 + 150);
    expect(result.stoppedBy).toBe('budget');
    expect(validateJobShopSchedule(instance, result.schedule)).toEqual([]);
  });
});

describe('the disjunctive graph', () => {
  it('updates heads and tails incrementally exactly as a full recomputation does', () => {
    const instance = randomShop(8, 6, 31, true);
    const incremental = new ShopGraph(instance);
    const full = new ShopGraph(instance);
    const orders = Array.from({ length: 6 }, (_, m) => Array.from({ length: incremental.n }, (_, o) => o).filter((o) => incremental.machine[o] === m));
    incremental.setOrder(orders);
    incremental.computeHeadsTails();
    const random = new Random(8);
    let checked = 0;
    for (let step = 0; step < 400; step++) {
      const m = random.int(6);
      const a = random.int(7);
      const b = a + 1 + random.int(7 - a);
      const before = Int32Array.from(incremental.seq);
      const segment = incremental.seq.subarray(incremental.mStart[m]! + a, incremental.mStart[m]! + b + 1);
      if (random.int(2) === 0) segment.copyWithin(0, 1).set([before[incremental.mStart[m]! + a]!], segment.length - 1);
      else segment.copyWithin(1, 0).set([before[incremental.mStart[m]! + b]!], 0);
      full.loadOrder(incremental.seq);
      const expected = full.computeHeadsTails();
      if (expected < 0) {
        incremental.loadOrder(before); // a cycle: undo, the incremental state is unchanged
        continue;
      }
      incremental.loadOrder(incremental.seq);
      expect(incremental.updateAfterReorder(m, a, b)).toBe(expected);
      expect(Array.from(incremental.r)).toEqual(Array.from(full.r));
      expect(Array.from(incremental.q)).toEqual(Array.from(full.q));
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('the schedule validator', () => {
  const instance: JobShopInstance = {
    machines: 2,
    jobs: [
      { operations: [{ machine: 0, duration: 3 }, { machine: 1, duration: 2 }], release: 1 },
      { operations: [{ machine: 1, duration: 4 }, { machine: 0, duration: 1 }] },
    ],
  };

  it('accepts a feasible schedule', () => {
    expect(validateJobShopSchedule(instance, { start: [[1, 4], [0, 4]] })).toEqual([]);
  });

  it('catches precedence, overlap, release and shape errors', () => {
    const kinds = (start: number[][]) => validateJobShopSchedule(instance, { start }).map((p) => p.kind);
    expect(kinds([[1, 3], [0, 5]])).toEqual(['precedence', 'overlap']); // job 0's second op starts before its first ends, and meets job 1 on machine 1
    expect(kinds([[1, 4], [1, 5]])).toEqual(['overlap']); // machine 1: job 1 op 0 [1, 5) and job 0 op 1 [4, 6)
    expect(kinds([[0, 4], [0, 4]])).toEqual(['release']);
    expect(kinds([[1, 4]])).toEqual(['shape', 'shape']);
    expect(kinds([[1, -1], [0, 4]])).toEqual(['start']);
    const overlap = validateJobShopSchedule(instance, { start: [[1, 4], [1, 5]] })[0]!;
    expect(overlap).toMatchObject({ job: 0, operation: 1, other: { job: 1, operation: 0 } });
  });
});

describe('benchmark formats', () => {
  it('parses Taillard bounds', () => {
    const bounds = parseMakespanBounds('inst.id,inst.ref,inst.jobs,inst.machines,inst.opt.bound.lower,x,inst.bks\nta01,a,15,15,1231,b,1231\nta18,a,20,15,1377,b,1396\n');
    expect(bounds.get('ta18')).toEqual({ lower: 1377, best: 1396 });
  });

  it('rejects a truncated job-shop file', () => {
    expect(() => parseJsplib('2 2\n0 1 1 2\n', 'broken')).toThrow(/expected 2×2/);
  });
});
