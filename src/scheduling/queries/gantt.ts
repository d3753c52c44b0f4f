import type { Kysely } from 'kysely';
import { invalidFields } from '../../core/errors';
import type { DB } from '../../db/schema';
import { addDays } from '../policies/shop-mapping';

const MAX_DAYS = 92;

/**
 * The committed schedule as Gantt data: per work center (those with operations in the period, or the one
 * asked for) and per unit, the operations that overlap the days from … to, in start order.
 */
export async function gantt(db: Kysely<DB>, today: string, query: { from?: string | undefined; to?: string | undefined; work_center_id?: string | undefined }) {
  const from = query.from ?? today;
  const to = query.to ?? addDays(from, 13);
  if (to < from) throw invalidFields({ to: 'Must be on or after from.' });
  if (to > addDays(from, MAX_DAYS - 1)) throw invalidFields({ to: `Ask for at most ${MAX_DAYS} days at a time.` });
  const run = await db.selectFrom('schedule_runs').select(['id', 'committed_at']).where('status', '=', 'committed').executeTakeFirst();
  if (!run) return { run_id: null, committed_at: null, from, to, work_centers: [] };
  let ops = db
    .selectFrom('scheduled_operations as s')
    .innerJoin('orders as o', 'o.id', 's.order_id')
    .select(['s.id', 's.order_id', 'o.number as order_number', 's.order_line_id', 's.kind', 's.step', 's.routing_operation_id', 's.work_center_id', 's.unit'])
    .select(['s.description', 's.minutes', 's.starts_at', 's.ends_at', 's.segments'])
    .where('s.run_id', '=', run.id)
    .where('s.starts_at', '<', new Date(`${addDays(to, 1)}T00:00:00Z`))
    .where('s.ends_at', '>', new Date(`${from}T00:00:00Z`))
    .orderBy('s.starts_at')
    .orderBy('s.id');
  if (query.work_center_id) ops = ops.where('s.work_center_id', '=', query.work_center_id);
  const rows = await ops.execute();
  const centerIds = [...new Set([...rows.map((r) => r.work_center_id), ...(query.work_center_id ? [query.work_center_id] : [])])];
  const centers = centerIds.length
    ? await db.selectFrom('work_centers').select(['id', 'code', 'name', 'department', 'parallel_units']).where('id', 'in', centerIds).orderBy('code').execute()
    : [];
  return {
    run_id: run.id,
    committed_at: run.committed_at?.toISOString() ?? null,
    from,
    to,
    work_centers: centers.map((c) => {
      const mine = rows.filter((r) => r.work_center_id === c.id);
      const units = [...new Set(mine.map((r) => r.unit))].sort((a, b) => a - b);
      return {
        id: c.id,
        code: c.code,
        name: c.name,
        department: c.department,
        parallel_units: c.parallel_units,
        units: units.map((unit) => ({
          unit,
          operations: mine
            .filter((r) => r.unit === unit)
            .map((r) => ({
              id: r.id,
              order_id: r.order_id,
              order_number: r.order_number,
              order_line_id: r.order_line_id,
              kind: r.kind,
              step: r.step,
              routing_operation_id: r.routing_operation_id,
              description: r.description,
              minutes: r.minutes,
              start: r.starts_at.toISOString(),
              end: r.ends_at.toISOString(),
              segments: r.segments as { start: string; end: string }[],
            })),
        })),
      };
    }),
  };
}
