import { describe, expect, it } from 'vitest';
import { parseOrlibOptima, parseOrlibWeightedTardiness } from './formats';
import { Random } from './random';
import { singleMachineWeightedTardiness, solveSingleMachineWT } from './single-machine';
import type { SingleMachineInstance } from './types';

function randomInstance(n: number, seed: number, tardiness = 0.6, range = 0.4): SingleMachineInstance {
  const random = new Random(seed);
  const durations = Array.from({ length: n }, () => 1 + random.int(100));
  const total = durations.reduce((a, b) => a + b, 0);
  const low = total * (1 - tardiness - range / 2);
  return {
    jobs: durations.map((duration) => ({ duration, weight: 1 + random.int(10), due: Math.max(0, Math.round(low + random.next() * total * range)) })),
  };
}

/** The optimum by trying every order (n ≤ 8). */
function bruteForce(instance: SingleMachineInstance): number {
  const n = instance.jobs.length;
  const order = Array.from({ length: n }, (_, j) => j);
  let best = Infinity;
  const permute = (k: number) => {
    if (k === n) {
      best = Math.min(best, singleMachineWeightedTardiness(instance, order));
      return;
    }
    for (let i = k; i < n; i++) {
      [order[k], order[i]] = [order[i]!, order[k]!];
      permute(k + 1);
      [order[k], order[i]] = [order[i]!, order[k]!];
    }
  };
  permute(0);
  return best;
}

describe('single-machine total weighted tardiness', () => {
  it('evaluates a sequence by hand', () => {
    const instance = { jobs: [{ duration: 3, weight: 2, due: 2 }, { duration: 2, weight: 1, due: 6 }, { duration: 4, weight: 3, due: 5 }] };
    // order 0, 1, 2: completions 3, 5, 9 → 2·1 + 0 + 3·4 = 14; order 0, 2, 1: 3, 7, 9 → 2 + 6 + 3 = 11
    expect(singleMachineWeightedTardiness(instance, [0, 1, 2])).toBe(14);
    expect(singleMachineWeightedTardiness(instance, [0, 2, 1])).toBe(11);
    expect(solveSingleMachineWT(instance, { budgetMs: 1000, maxIterations: 50 }).objective).toBe(bruteForce(instance));
  });

  it('finds the optimum of small instances (brute force, n ≤ 8)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const instance = randomInstance(seed % 3 === 0 ? 8 : 7, seed, 0.2 + 0.2 * (seed % 4), 0.2 + 0.2 * (seed % 3));
      const result = solveSingleMachineWT(instance, { budgetMs: 5000, seed, maxIterations: 200 });
      expect([...result.sequence].sort((a, b) => a - b)).toEqual(instance.jobs.map((_, j) => j));
      expect(result.objective).toBe(singleMachineWeightedTardiness(instance, result.sequence));
      expect(result.objective, `seed ${seed}`).toBe(bruteForce(instance));
    }
  });

  it('stops at the lower bound 0 and at a target', () => {
    const early = { jobs: [{ duration: 5, weight: 1, due: 100 }, { duration: 5, weight: 9, due: 5 }] };
    const zero = solveSingleMachineWT(early, { budgetMs: 10_000 });
    expect(zero).toMatchObject({ objective: 0, sequence: [1, 0], stoppedBy: 'lower-bound' });
    expect(zero.elapsedMs).toBeLessThan(1000);
    const instance = randomInstance(40, 7);
    const loose = solveSingleMachineWT(instance, { budgetMs: 10_000, target: Number.MAX_SAFE_INTEGER });
    expect(loose.stoppedBy).toBe('target');
    expect(loose.iterations).toBe(0);
  });

  it('is deterministic for a seed', () => {
    const instance = randomInstance(40, 3);
    const a = solveSingleMachineWT(instance, { budgetMs: 60_000, seed: 5, maxIterations: 300 });
    const b = solveSingleMachineWT(instance, { budgetMs: 60_000, seed: 5, maxIterations: 300 });
    expect(a.stoppedBy).toBe('iterations');
    expect(b.sequence).toEqual(a.sequence);
    expect(b.objective).toBe(a.objective);
  });

  it('respects the time budget', () => {
    const instance = randomInstance(150, 11);
    const started = performance.now();
    const result = solveSingleMachineWT(instance, { budgetMs: 150, seed: 1 });
    const wall = performance.now() - started;
    expect(result.stoppedBy).toBe('budget');
    expect(wall).toBeLessThan(150 + 100); // at most one dynasearch pass past the budget
    expect(result.objective).toBe(singleMachineWeightedTardiness(instance, result.sequence));
  });

  it('solves OR-Library instances given in the file format', () => {
    // a 4-job instance in the OR-Library layout (all p, then all w, then all d; line breaks mean nothing)
    const text = ' 3 2 4 1\n 2 1 3 5\n 2 6 5 3 ';
    const [instance] = parseOrlibWeightedTardiness(text, 4);
    expect(instance!.jobs[3]).toEqual({ duration: 1, weight: 5, due: 3 });
    expect(solveSingleMachineWT(instance!, { budgetMs: 1000, maxIterations: 20 }).objective).toBe(bruteForce(instance!));
    expect(parseOrlibOptima('913 1225\n 0')).toEqual([913, 1225, 0]);
    expect(() => parseOrlibWeightedTardiness('1 2 3 4', 4)).toThrow(/whole number/);
  });
});
