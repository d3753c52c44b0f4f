/**
 * How long an order spent in each stage of the cycle, and how much of that it waited — read from its events
 * and handoffs, no database. An order is in the furthest stage its events have reached: an order being billed
 * stays in billing while its delivery is confirmed, and an order billed for its first shipment is in billing
 * while the rest waits. The time from one event to the next belongs to the stage the order was in, and the
 * time after the last to `end` (now for an order still under way, else its last event). Waiting is queue time:
 * the part of a stage's time during which one of its handoffs was passed and nobody had taken it up yet (one
 * released and taken again waits until it was last taken); in a queue stage, where the order waits its turn,
 * all of it. The rest is working time.
 */
export interface StageEvent {
  at: Date;
  stage: number;
}

export interface StageHandoff {
  stage: number;
  department: string;
  created_at: Date;
  taken_at: Date | null;
  completed_at: Date | null;
  due_at: Date;
}

export interface StageTime {
  stage: number;
  entered_at: Date;
  duration_ms: number;
  waiting_ms: number;
  /** Departments holding an open handoff of this stage at `end`. */
  waiting_on: string[];
  /** An open handoff of this stage is past its due time at `end`. */
  overdue: boolean;
  /** The stage the order is in at `end`, when it is still under way. */
  current: boolean;
}

type Interval = readonly [number, number];

/** Selection & prioritization: a confirmed order waits in the priority queue until someone takes it up. */
export const QUEUE_STAGES: ReadonlySet<number> = new Set([5]);

export function stageTimes(events: readonly StageEvent[], handoffs: readonly StageHandoff[], end: Date, underWay: boolean): StageTime[] {
  const entered = new Map<number, Date>();
  const furthest = new Map<number, number>(); // instant → the furthest stage of its events
  for (const e of [...events].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    if (!entered.has(e.stage)) entered.set(e.stage, e.at);
    furthest.set(e.at.getTime(), Math.max(e.stage, furthest.get(e.at.getTime()) ?? 0));
  }
  const instants = [...furthest.keys()];
  const spans = new Map<number, Interval[]>();
  let reached = 0;
  instants.forEach((from, i) => {
    reached = Math.max(reached, furthest.get(from)!);
    const to = Math.max(from, instants[i + 1] ?? end.getTime());
    spans.set(reached, [...(spans.get(reached) ?? []), [from, to]]);
  });
  return [...entered.keys()]
    .sort((a, b) => a - b)
    .map((stage) => {
      const own = handoffs.filter((h) => h.stage === stage);
      const open = own.filter((h) => h.completed_at === null || h.completed_at > end);
      const queued = union(own.map((h): Interval => [h.created_at.getTime(), Math.min(end.getTime(), (h.taken_at ?? h.completed_at ?? end).getTime())]));
      const stageSpans = spans.get(stage) ?? [];
      const duration = stageSpans.reduce((sum, [a, b]) => sum + (b - a), 0);
      return {
        stage,
        entered_at: entered.get(stage)!,
        duration_ms: duration,
        waiting_ms: QUEUE_STAGES.has(stage) ? duration : overlap(stageSpans, queued),
        waiting_on: [...new Set(open.map((h) => h.department))].sort(),
        overdue: open.some((h) => h.due_at < end),
        current: underWay && reached === stage,
      };
    });
}

/** The union of intervals, sorted and disjoint. */
function union(intervals: Interval[]): Interval[] {
  const merged: [number, number][] = [];
  for (const [a, b] of [...intervals].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])) {
    const top = merged.at(-1);
    if (top && a <= top[1]) top[1] = Math.max(top[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** How much of `spans` (disjoint) lies inside `within` (disjoint). */
function overlap(spans: Interval[], within: Interval[]): number {
  let total = 0;
  for (const [a, b] of spans) for (const [c, d] of within) total += Math.max(0, Math.min(b, d) - Math.max(a, c));
  return total;
}
