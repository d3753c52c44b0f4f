/** `npm run bench [-- <name>]`: run the benchmarks (all, or the one named) and print each as a table. */
import { benchApi } from './api';
import { benchEntry } from './entry';
import { benchPriority } from './priority';

const BENCHMARKS: Record<string, () => Promise<object[]>> = {
  api: benchApi,
  entry: benchEntry,
  priority: benchPriority,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (wanted.length && !wanted.includes(name)) continue;
  process.stdout.write(`\n## ${name}  (node ${process.version}, ${new Date().toISOString()})\n`);
  console.table(await run());
}
process.exit(0);
