/**
 * `npm run bench [-- <name> [arguments…]]`: run the benchmarks (all, or the one named) and print each as a
 * table. Arguments after the name that are not benchmark names (paths, option values) are left to the
 * benchmark, which reads process.argv itself.
 */
import { benchApi } from './api';
import { benchConsole } from './console';
import { benchEntry } from './entry';
import { benchFulfillment } from './fulfillment';
import { benchPriority } from './priority';
import { benchScheduling } from './scheduling';

const BENCHMARKS: Record<string, () => Promise<object[]>> = {
  api: benchApi,
  console: benchConsole,
  entry: benchEntry,
  fulfillment: benchFulfillment,
  priority: benchPriority,
  scheduling: benchScheduling,
};

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (positional.length && !Object.hasOwn(BENCHMARKS, positional[0]!)) {
  process.stderr.write(`unknown benchmark ${JSON.stringify(positional[0])}; known: ${Object.keys(BENCHMARKS).join(', ')}\n`);
  process.exit(2);
}
const wanted = positional.filter((a) => Object.hasOwn(BENCHMARKS, a));
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (wanted.length && !wanted.includes(name)) continue;
  process.stdout.write(`\n## ${name}  (node ${process.version}, ${new Date().toISOString()})\n`);
  console.table(await run());
}
process.exit(0);
