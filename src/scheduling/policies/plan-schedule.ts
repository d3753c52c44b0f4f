import { solveJobShop } from '../solver';
import type { SchedulingInputs } from '../queries/scheduling-inputs';
import { dateOf } from './calendar';
import { addDays, shopInstance, timetable, workingTimes } from './shop-mapping';

export interface PlanOptions {
  budgetMs: number;
  seed: number;
}

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * A schedule from the inputs, pure but for the solver's clock: the solver orders each work center's
 * operations for the least total weighted tardiness within the budget, the timetable puts them on the
 * calendars, and every line gets the date its work now allows (the day its last operation ends plus the days
 * to ship): later than promised is late, by that many days.
 */
export function planSchedule(inputs: SchedulingInputs, startMs: number, options: PlanOptions) {
  const { jobs, centers } = inputs;
  const times = workingTimes(centers, startMs);
  // Nothing to schedule (no confirmed work, or none that can be placed) is an empty schedule, not a shop of no machines.
  const solved =
    jobs.length === 0
      ? { machineSequences: [], iterations: 0, stoppedBy: 'nothing to schedule', elapsedMs: 0, weightedTardiness: 0 }
      : solveJobShop(shopInstance(jobs, centers, times, startMs), { budgetMs: options.budgetMs, seed: options.seed, objective: 'weighted-tardiness' });
  const placed = timetable(jobs, centers, times, solved.machineSequences);
  if (!placed) throw new Error('schedule: an operation found no working time'); // inputs leave out centers that never work
  const iso = (minute: number) => new Date(startMs + minute * 60_000).toISOString();
  const centerOf = new Map(centers.map((c) => [c.id, c.row]));
  const operations = placed.flat().map((p) => {
    const job = jobs[p.job]!;
    const op = job.operations[p.step]!;
    const center = centerOf.get(op.workCenterId)!;
    return {
      order_id: job.orderId,
      order_number: inputs.orders.get(job.orderId)!.number,
      order_line_id: job.orderLineId,
      kind: op.kind,
      step: p.step,
      routing_operation_id: op.routingOperationId,
      work_center_id: center.id,
      work_center_code: center.code,
      department: center.department,
      unit: p.unit,
      description: op.description,
      minutes: op.minutes,
      start: iso(p.start),
      end: iso(p.end),
      segments: p.segments.map(([s, e]) => ({ start: iso(s), end: iso(e) })),
    };
  });
  operations.sort((a, b) => a.start.localeCompare(b.start) || a.work_center_code.localeCompare(b.work_center_code) || a.unit - b.unit);

  const lines = new Map<string, { order_line_id: string; promised_date: string | null; feasible_promise_date: string; work_ends_at: string }>();
  jobs.forEach((job, j) => {
    const end = placed[j]!.at(-1)!.end;
    const feasible = addDays(dateOf(startMs + end * 60_000 - 1), job.shippingDays);
    for (const line of job.lines) {
      const seen = lines.get(line.id);
      if (seen && seen.feasible_promise_date >= feasible) continue;
      lines.set(line.id, { order_line_id: line.id, promised_date: line.promisedDate, feasible_promise_date: feasible, work_ends_at: iso(end) });
    }
  });
  const orders = [...inputs.orders.values()]
    .map((order) => {
      const mine = jobs.flatMap((job) => (job.orderId === order.id ? job.lines.map((l) => lines.get(l.id)!) : []));
      const unique = [...new Map(mine.map((l) => [l.order_line_id, l])).values()].map((l) => {
        const late = l.promised_date === null ? 0 : Math.max(0, daysBetween(l.promised_date, l.feasible_promise_date));
        return { ...l, late: late > 0, days_late: late };
      });
      const feasible = unique.reduce<string | null>((d, l) => (d === null || l.feasible_promise_date > d ? l.feasible_promise_date : d), null);
      const daysLate = unique.reduce((d, l) => Math.max(d, l.days_late), 0);
      return {
        order_id: order.id,
        number: order.number,
        customer_id: order.customer_id,
        weight: order.weight,
        promised_date: order.promised_date,
        feasible_promise_date: feasible,
        late: daysLate > 0,
        days_late: daysLate,
        lines: unique.sort((a, b) => a.order_line_id.localeCompare(b.order_line_id)),
      };
    })
    .filter((o) => o.lines.length > 0);
  return {
    summary: {
      orders: orders.length,
      operations: operations.length,
      late_orders: orders.filter((o) => o.late).length,
      weighted_days_late: Math.round(orders.reduce((s, o) => s + o.weight * o.days_late, 0) * 1000) / 1000,
    },
    solver: {
      objective: 'weighted-tardiness' as const,
      iterations: solved.iterations,
      stopped_by: solved.stoppedBy,
      elapsed_ms: Math.round(solved.elapsedMs),
      estimated_weighted_tardiness_minutes: solved.weightedTardiness,
    },
    orders,
    operations,
    unscheduled: inputs.unscheduled,
  };
}

export type ScheduleResult = ReturnType<typeof planSchedule>;
