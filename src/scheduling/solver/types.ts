/**
 * The solver's data: plain numbers in, plain numbers out. Times are integers in any unit the caller chooses
 * (the benchmarks use the instances' units; the product will use minutes of working time). Nothing here knows
 * about orders, work centers or the database: stage 6 maps its data onto these shapes and back.
 */

// ---------------------------------------------------------------------------------------------------------
// Options and results shared by both solvers

export interface SolveOptions {
  /** Wall-clock budget in milliseconds; the search stops when it is spent (checked every iteration). */
  budgetMs: number;
  /** Seed of the pseudo-random numbers; the same seed gives the same search trajectory. Default 1. */
  seed?: number;
  /** Stop as soon as the objective is at or below this value (e.g. a known optimum, to measure time-to-target). */
  target?: number;
  /**
   * Stop after this many iterations of the improvement loop. With a generous budget this makes a run fully
   * deterministic (the budget alone makes the stopping point depend on the machine's speed).
   */
  maxIterations?: number;
}

/** Why the search ended. */
export type StopReason = 'lower-bound' | 'target' | 'budget' | 'iterations' | 'optimal';

export interface SolveStats {
  /** Improvement-loop iterations (single machine: kicks; job shop: tabu moves). */
  iterations: number;
  elapsedMs: number;
  /** Time at which the returned solution was first found. */
  timeToBestMs: number;
  stoppedBy: StopReason;
}

// ---------------------------------------------------------------------------------------------------------
// Single machine

export interface SingleMachineJob {
  /** Processing time, ≥ 0. */
  duration: number;
  /** Weight of one unit of tardiness, ≥ 0. */
  weight: number;
  /** Due date: tardiness is max(0, completion − due). */
  due: number;
}

export interface SingleMachineInstance {
  name?: string;
  jobs: readonly SingleMachineJob[];
}

export interface SingleMachineResult extends SolveStats {
  /** Job indices in processing order. */
  sequence: number[];
  /** Total weighted tardiness of `sequence`. */
  objective: number;
}

// ---------------------------------------------------------------------------------------------------------
// Job shop

export interface ShopOperation {
  /** Machine index, 0 ≤ machine < instance.machines. Each machine processes one operation at a time. */
  machine: number;
  /** Processing time, ≥ 0. */
  duration: number;
}

export interface ShopJob {
  /** Operations in technological order: each starts after the previous one has finished. */
  operations: readonly ShopOperation[];
  /** Earliest start of the first operation (default 0). */
  release?: number;
  /** Due date of the job's last operation (default: none, no tardiness). */
  due?: number;
  /** Weight of one unit of the job's tardiness (default 1). */
  weight?: number;
}

export interface JobShopInstance {
  name?: string;
  /** Number of machines; operations refer to machines 0 … machines − 1. */
  machines: number;
  jobs: readonly ShopJob[];
}

/** A schedule: start[j][k] is the start time of job j's k-th operation. */
export interface JobShopSchedule {
  start: number[][];
}

/** What the job-shop search minimises. */
export type ShopObjective = 'makespan' | 'weighted-tardiness';

export interface JobShopOptions extends SolveOptions {
  /** Default `makespan`. `weighted-tardiness` uses the jobs' due dates and weights. */
  objective?: ShopObjective;
}

export interface JobShopResult extends SolveStats {
  schedule: JobShopSchedule;
  /** For each machine, its operations in processing order as [job, operation index]. */
  machineSequences: [number, number][][];
  makespan: number;
  /** Σ weight · max(0, completion − due) over jobs with a due date. */
  weightedTardiness: number;
  /** The value of the chosen objective. */
  objective: number;
  /** A simple lower bound on the makespan: the largest machine load or job length (release included). */
  makespanLowerBound: number;
}
