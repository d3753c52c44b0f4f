/**
 * The scheduling solver: pure functions over plain data, no database and no I/O. Stage 6 maps confirmed
 * orders' operations onto these instances; `bench/scheduling.ts` measures the very same functions on the
 * public benchmark instances.
 */
export type {
  JobShopInstance,
  JobShopOptions,
  JobShopResult,
  JobShopSchedule,
  ShopJob,
  ShopObjective,
  ShopOperation,
  SingleMachineInstance,
  SingleMachineJob,
  SingleMachineResult,
  SolveOptions,
  SolveStats,
  StopReason,
} from './types';
export { solveSingleMachineWT, singleMachineWeightedTardiness } from './single-machine';
export { solveJobShop, DEFAULT_TABU_TUNING, DEFAULT_TARDINESS_TUNING, type TabuTuning } from './job-shop';
export { validateJobShopSchedule, jobCompletions, scheduleMakespan, scheduleWeightedTardiness, type ScheduleProblem, type ScheduleProblemKind } from './evaluate';
export { parseOrlibWeightedTardiness, parseOrlibOptima, orlibJobCountFromName, parseJsplib, parseMakespanBounds, type MakespanBounds } from './formats';
