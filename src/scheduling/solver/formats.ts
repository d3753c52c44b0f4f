/**
 * Parsers for the public benchmark formats (see ../shared/data/README.md). Text in, instances out; reading
 * the files is the caller's business.
 */
import type { JobShopInstance, SingleMachineInstance } from './types';

function integers(text: string, what: string): number[] {
  const tokens = text.split(/\s+/).filter(Boolean);
  return tokens.map((token, k) => {
    const value = Number(token);
    if (!Number.isInteger(value)) throw new SyntaxError(`${what}: token ${k + 1} is not an integer: ${JSON.stringify(token)}`);
    return value;
  });
}

/**
 * OR-Library weighted tardiness (wt40, wt50, wt100): instances back to back, each n processing times, then
 * n weights, then n due dates, whitespace-separated; line breaks carry no meaning, so n must be given.
 */
export function parseOrlibWeightedTardiness(text: string, n: number, namePrefix = 'wt'): SingleMachineInstance[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  const values = integers(text, namePrefix);
  if (values.length % (3 * n) !== 0) {
    throw new SyntaxError(`${namePrefix}: ${values.length} integers is not a whole number of instances of ${n} jobs (3·n each)`);
  }
  const instances: SingleMachineInstance[] = [];
  for (let at = 0, k = 1; at < values.length; at += 3 * n, k++) {
    instances.push({
      name: `${namePrefix}-${k}`,
      jobs: Array.from({ length: n }, (_, j) => ({ duration: values[at + j]!, weight: values[at + n + j]!, due: values[at + 2 * n + j]! })),
    });
  }
  return instances;
}

/** OR-Library optimum files (wtopt40, wtopt50): one objective value per instance, in order. */
export function parseOrlibOptima(text: string): number[] {
  return integers(text, 'optima');
}

/** The n of an OR-Library weighted tardiness file from its name (wt40.txt → 40), or undefined. */
export function orlibJobCountFromName(fileName: string): number | undefined {
  const match = /wt(\d+)/i.exec(fileName.replace(/^.*[\\/]/, ''));
  return match ? Number(match[1]) : undefined;
}

/**
 * JSPLIB job shop (Taillard's ta01 … and the classic ft, la, abz, orb, swv, yn files in the same layout):
 * optional `#` comment lines, then `n m`, then n lines of m pairs `machine time`, machines 0-based, each job's
 * operations in technological order.
 */
export function parseJsplib(text: string, name?: string): JobShopInstance {
  const body = text
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  const values = integers(body, name ?? 'job shop');
  const [jobs, machines] = values;
  if (jobs === undefined || machines === undefined || jobs < 1 || machines < 1) throw new SyntaxError(`${name ?? 'job shop'}: missing "n m" header`);
  if (values.length < 2 + 2 * jobs * machines) {
    throw new SyntaxError(`${name ?? 'job shop'}: expected ${jobs}×${machines} (machine, time) pairs, found ${(values.length - 2) / 2}`);
  }
  const instance: JobShopInstance = {
    machines,
    jobs: Array.from({ length: jobs }, (_, j) => ({
      operations: Array.from({ length: machines }, (_, k) => {
        const at = 2 + 2 * (j * machines + k);
        const machine = values[at]!;
        const duration = values[at + 1]!;
        if (machine < 0 || machine >= machines) throw new SyntaxError(`${name ?? 'job shop'}: job ${j} operation ${k}: machine ${machine} out of range`);
        return { machine, duration };
      }),
    })),
  };
  return name === undefined ? instance : { name, ...instance };
}

export interface MakespanBounds {
  lower: number;
  best: number;
}

/**
 * The `bounds.csv` shipped with the Taillard instances: columns include `inst.id`, `inst.opt.bound.lower`
 * and `inst.bks`. Returns instance name → lower bound and best known makespan.
 */
export function parseMakespanBounds(csv: string): Map<string, MakespanBounds> {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  const id = header.indexOf('inst.id');
  const lower = header.indexOf('inst.opt.bound.lower');
  const best = header.indexOf('inst.bks');
  if (id < 0 || lower < 0 || best < 0) throw new SyntaxError('bounds: expected columns inst.id, inst.opt.bound.lower, inst.bks');
  const bounds = new Map<string, MakespanBounds>();
  for (const line of lines) {
    const cells = line.split(',');
    bounds.set(cells[id]!.trim(), { lower: Number(cells[lower]), best: Number(cells[best]) });
  }
  return bounds;
}
