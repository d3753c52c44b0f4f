/**
 * bench/scheduling — the stage 6 solver (src/scheduling/solver) on the public instances in ../shared/data.
 *
 * What it measures:
 *   - single-machine total weighted tardiness, OR-Library wt40 / wt50 (files named wt<n>…, with the optima in
 *     wtopt<n>.txt beside them): hits of the optimum within the budget, gap (relative; absolute where the
 *     optimum is 0), time to the returned solution per instance;
 *   - job-shop makespan, JSPLIB files (Taillard ta01–ta30, with bounds.csv beside them): makespan, gap to the
 *     best known, time to the returned solution, per instance and per budget.
 * The solver gets the known optimum / best makespan as `target` only so that it stops when it gets there
 * (time-to-target); `--no-target` runs every instance for its whole budget instead.
 *
 * Run: `npm run bench -- scheduling [paths…] [--budget-ms 1000] [--taillard-budget-ms 10000[,60000]]
 *       [--seed 1] [--limit N] [--no-target] [--short]`
 * Paths are files or folders of either format (folders: every instance file inside, sorted by name); without
 * paths: wt40, wt50 and ta01–ta30. --short (CI): the first 10 wt40 instances at 200 ms and ta01–ta03 at 1 s.
 * One instance at a time, single-threaded. Progress goes to stderr, tables to stdout.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  orlibJobCountFromName,
  parseJsplib,
  parseMakespanBounds,
  parseOrlibOptima,
  parseOrlibWeightedTardiness,
  solveJobShop,
  solveSingleMachineWT,
  validateJobShopSchedule,
  type JobShopInstance,
  type MakespanBounds,
  type SingleMachineInstance,
} from '../src/scheduling/solver';

const DATA = process.env.OMC_BENCH_DATA ?? resolve(import.meta.dirname, '../../shared/data');

// ---------------------------------------------------------------------------------------------------------
// Arguments

interface Options {
  paths: string[];
  wtBudgetMs: number;
  shopBudgetsMs: number[];
  seed: number;
  limit: number;
  useTarget: boolean;
  short: boolean;
}

const VALUE_OPTIONS = new Set(['--budget-ms', '--taillard-budget-ms', '--jobshop-budget-ms', '--seed', '--limit']);

function parseArguments(argv: string[]): Options {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUE_OPTIONS.has(a)) values.set(a, argv[++i] ?? '');
    else if (a.startsWith('--')) flags.add(a);
    else positional.push(a);
  }
  // the benchmark's own name comes first (bench/run.ts); everything else positional is a path
  const paths = positional.filter((p, i) => !(i === 0 && p === 'scheduling'));
  const short = flags.has('--short');
  const number = (name: string, fallback: number) => {
    const v = values.get(name);
    if (v === undefined) return fallback;
    const parsed = Number(v);
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} expects a non-negative number, got ${JSON.stringify(v)}`);
    return parsed;
  };
  const shopBudgets = values.get('--taillard-budget-ms') ?? values.get('--jobshop-budget-ms');
  return {
    paths: paths.length
      ? paths
      : short
        ? [join(DATA, 'orlib_wt/wt40.txt'), ...['ta01', 'ta02', 'ta03'].map((t) => join(DATA, 'taillard', t))]
        : [join(DATA, 'orlib_wt/wt40.txt'), join(DATA, 'orlib_wt/wt50.txt'), join(DATA, 'taillard')],
    wtBudgetMs: number('--budget-ms', short ? 200 : 1000),
    shopBudgetsMs: shopBudgets ? shopBudgets.split(',').map((b) => Number(b)) : [short ? 1000 : 10_000],
    seed: number('--seed', 1),
    limit: number('--limit', short ? 10 : Infinity),
    useTarget: !flags.has('--no-target'),
    short,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Files

interface WtFile {
  path: string;
  instances: SingleMachineInstance[];
  optima: number[] | undefined;
}

interface ShopFile {
  path: string;
  instance: JobShopInstance;
  bounds: MakespanBounds | undefined;
}

const NOT_INSTANCES = /^(wtopt|wtbest|wtinfo|readme|bounds)|\.(csv|md|json)$/i;

function expand(paths: string[]): string[] {
  return paths.flatMap((p) => {
    if (!existsSync(p)) throw new Error(`no such file or folder: ${p}`);
    if (!statSync(p).isDirectory()) return [p];
    return readdirSync(p)
      .filter((f) => !f.startsWith('.') && !NOT_INSTANCES.test(f))
      .sort()
      .map((f) => join(p, f))
      .filter((f) => statSync(f).isFile());
  });
}

function optimaFor(path: string, n: number): number[] | undefined {
  const folder = dirname(path);
  const candidates = [`wtopt${n}.txt`, `wtopt${n}`, ...readdirSync(folder).filter((f) => f.startsWith(`wtbest${n}`)).sort().reverse()];
  const found = candidates.map((f) => join(folder, f)).find((f) => existsSync(f));
  return found ? parseOrlibOptima(readFileSync(found, 'utf8')) : undefined;
}

const boundsCache = new Map<string, Map<string, MakespanBounds>>();
function boundsFor(path: string): MakespanBounds | undefined {
  const folder = dirname(path);
  if (!boundsCache.has(folder)) {
    const file = join(folder, 'bounds.csv');
    boundsCache.set(folder, existsSync(file) ? parseMakespanBounds(readFileSync(file, 'utf8')) : new Map());
  }
  return boundsCache.get(folder)!.get(basename(path));
}

function load(paths: string[], limit: number): { wt: WtFile[]; shop: ShopFile[] } {
  const wt: WtFile[] = [];
  const shop: ShopFile[] = [];
  for (const path of expand(paths)) {
    const text = readFileSync(path, 'utf8');
    const n = orlibJobCountFromName(path);
    if (n !== undefined) {
      const instances = parseOrlibWeightedTardiness(text, n, basename(path).replace(/\.txt$/, '')).slice(0, limit);
      wt.push({ path, instances, optima: optimaFor(path, n) });
    } else {
      if (shop.length >= limit) continue;
      shop.push({ path, instance: parseJsplib(text, basename(path)), bounds: boundsFor(path) });
    }
  }
  return { wt, shop };
}

// ---------------------------------------------------------------------------------------------------------
// Runs

const round = (x: number, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const max = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN);

interface SummaryRow {
  set: string;
  budget_ms: number;
  instances: number;
  'hits (opt / bks)': number;
  'mean gap %': number | string;
  'max gap %': number | string;
  'mean s to best': number;
  'max s to best': number;
}

function runWeightedTardiness(file: WtFile, options: Options): SummaryRow {
  const rows: Record<string, number | string>[] = [];
  const relative: number[] = [];
  const absoluteAtZero: number[] = [];
  const times: number[] = [];
  let hits = 0;
  file.instances.forEach((instance, k) => {
    const optimum = file.optima?.[k];
    const result = solveSingleMachineWT(instance, {
      budgetMs: options.wtBudgetMs,
      seed: options.seed,
      ...(options.useTarget && optimum !== undefined ? { target: optimum } : {}),
    });
    times.push(result.timeToBestMs);
    if (optimum !== undefined) {
      if (result.objective <= optimum) hits++;
      if (optimum === 0) absoluteAtZero.push(result.objective);
      else relative.push((100 * (result.objective - optimum)) / optimum);
    }
    rows.push({ instance: instance.name ?? String(k + 1), objective: result.objective, optimum: optimum ?? '', 'ms to best': round(result.timeToBestMs, 1) });
    process.stderr.write(`\r${basename(file.path)} ${k + 1}/${file.instances.length}   `);
  });
  process.stderr.write('\n');
  const name = basename(file.path);
  const misses = rows.filter((r) => r.optimum !== '' && Number(r.objective) > Number(r.optimum));
  process.stdout.write(`\n### ${name}: single-machine total weighted tardiness, ${options.wtBudgetMs} ms per instance, seed ${options.seed}\n`);
  console.table([
    {
      instances: file.instances.length,
      'hits of the optimum': file.optima ? hits : 'no optima',
      'optimum 0: instances': absoluteAtZero.length,
      'optimum 0: max objective (abs gap)': absoluteAtZero.length ? max(absoluteAtZero) : '',
      'optimum > 0: mean gap %': round(mean(relative), 3),
      'optimum > 0: max gap %': round(max(relative), 3),
      'mean ms to best': round(mean(times), 1),
      'max ms to best': round(max(times), 1),
    },
  ]);
  if (misses.length) {
    process.stdout.write(`missed:\n`);
    console.table(misses);
  }
  return {
    set: name,
    budget_ms: options.wtBudgetMs,
    instances: file.instances.length,
    'hits (opt / bks)': hits,
    'mean gap %': relative.length ? round(mean(relative), 3) : '',
    'max gap %': relative.length ? round(max(relative), 3) : '',
    'mean s to best': round(mean(times) / 1000, 3),
    'max s to best': round(max(times) / 1000, 3),
  };
}

function runJobShop(files: ShopFile[], options: Options): SummaryRow[] {
  const perInstance: Record<string, number | string>[] = files.map((f) => ({
    instance: basename(f.path),
    size: `${f.instance.jobs.length}×${f.instance.machines}`,
    'lower bound': f.bounds?.lower ?? '',
    'best known': f.bounds?.best ?? '',
  }));
  const summary: SummaryRow[] = [];
  for (const budget of options.shopBudgetsMs) {
    const gaps: number[] = [];
    const times: number[] = [];
    let hits = 0;
    files.forEach((file, k) => {
      const best = file.bounds?.best;
      const result = solveJobShop(file.instance, {
        budgetMs: budget,
        seed: options.seed,
        ...(options.useTarget && best !== undefined ? { target: best } : {}),
      });
      const problems = validateJobShopSchedule(file.instance, result.schedule);
      if (problems.length) throw new Error(`${file.path}: invalid schedule: ${problems[0]!.message}`);
      const row = perInstance[k]!;
      const s = budget / 1000;
      row[`Cmax @${s}s`] = result.makespan;
      times.push(result.timeToBestMs);
      if (best !== undefined) {
        const gap = (100 * (result.makespan - best)) / best;
        gaps.push(gap);
        if (result.makespan <= best) hits++;
        row[`gap % @${s}s`] = round(gap);
      }
      row[`s to best @${s}s`] = round(result.timeToBestMs / 1000, 1);
      row[`kmoves/s @${s}s`] = round(result.iterations / result.elapsedMs, 1);
      process.stderr.write(`${basename(file.path)} @${s}s: ${result.makespan}${best !== undefined ? ` (best known ${best})` : ''}, ${result.iterations} moves, ${result.stoppedBy}\n`);
    });
    summary.push({
      set: files.length === 30 && basename(files[0]!.path) === 'ta01' ? 'ta01–ta30' : `${files.length} job shops`,
      budget_ms: budget,
      instances: files.length,
      'hits (opt / bks)': hits,
      'mean gap %': gaps.length ? round(mean(gaps)) : '',
      'max gap %': gaps.length ? round(max(gaps)) : '',
      'mean s to best': round(mean(times) / 1000, 2),
      'max s to best': round(max(times) / 1000, 2),
    });
  }
  process.stdout.write(`\n### job shop (makespan), seed ${options.seed}, budgets ${options.shopBudgetsMs.map((b) => `${b / 1000} s`).join(', ')}\n`);
  console.table(perInstance);
  process.stdout.write(`\n### job shop: gap to the best known per budget\n`);
  console.table(summary);
  return summary;
}

export async function benchScheduling(): Promise<SummaryRow[]> {
  const options = parseArguments(process.argv.slice(2));
  const { wt, shop } = load(options.paths, options.limit);
  const summary: SummaryRow[] = [];
  for (const file of wt) summary.push(runWeightedTardiness(file, options));
  if (shop.length) summary.push(...runJobShop(shop, options));
  process.stdout.write(`\n### scheduling: summary\n`);
  return summary;
}
