/** Restart material for the tabu searches: elite sets, the diverse population, path relinking. */
import type { Random } from './random';
import type { ShopGraph } from './shop-graph';

const pickOne = <T>(items: readonly T[], random: Random): T => items[random.int(items.length)]!;

/** Same-machine pairs that `order` puts the other way round from the order whose positions are `other`. */
function orderDistance(g: ShopGraph, order: Int32Array, other: Int32Array): number {
  const { mStart, mCount } = g;
  let d = 0;
  for (let m = 0; m < g.machines; m++) {
    const base = mStart[m]!;
    const c = mCount[m]!;
    for (let a = 0; a < c; a++) {
      const pa = other[order[base + a]!]!;
      for (let b = a + 1; b < c; b++) if (pa > other[order[base + b]!]!) d++;
    }
  }
  return d;
}

/** A few distinct good machine orders to restart from (distinct by objective value). */
export class EliteSet {
  private readonly orders: Int32Array[] = [];
  private readonly values: number[] = [];

  constructor(private readonly size: number) {}

  offer(order: Int32Array, value: number): void {
    if (this.values.includes(value)) return;
    if (this.orders.length < this.size) {
      this.orders.push(Int32Array.from(order));
      this.values.push(value);
      return;
    }
    let worst = 0;
    for (let i = 1; i < this.values.length; i++) if (this.values[i]! > this.values[worst]!) worst = i;
    if (value < this.values[worst]!) {
      this.orders[worst]!.set(order);
      this.values[worst] = value;
    }
  }

  get count(): number {
    return this.orders.length;
  }

  pick(random: Random): Int32Array {
    return pickOne(this.orders, random);
  }
}

/**
 * The makespan search's population: the best solution of each tabu run, kept diverse — a newcomer closer
 * than `minDistance` (same-machine pairs ordered differently) to a member replaces it only if better;
 * otherwise it takes the place of the worst member if it is no worse.
 */
export class Population {
  private readonly orders: Int32Array[] = [];
  private readonly positions: Int32Array[] = [];
  private readonly values: number[] = [];
  private readonly pos: Int32Array;

  constructor(
    private readonly g: ShopGraph,
    readonly size: number,
    private readonly minDistance: number,
  ) {
    this.pos = new Int32Array(g.n);
  }

  get count(): number {
    return this.orders.length;
  }

  private positionsOf(order: Int32Array, into: Int32Array): void {
    const { mStart, mCount } = this.g;
    for (let m = 0; m < this.g.machines; m++) for (let k = 0; k < mCount[m]!; k++) into[order[mStart[m]! + k]!] = k;
  }

  offer(order: Int32Array, value: number): void {
    let nearest = -1;
    let nearestDistance = Infinity;
    for (let i = 0; i < this.orders.length; i++) {
      const d = orderDistance(this.g, order, this.positions[i]!);
      if (d < nearestDistance) {
        nearestDistance = d;
        nearest = i;
      }
    }
    let slot = -1;
    if (nearest >= 0 && nearestDistance <= this.minDistance) {
      if (value < this.values[nearest]!) slot = nearest;
    } else if (this.orders.length < this.size) {
      this.orders.push(new Int32Array(order.length));
      this.positions.push(new Int32Array(order.length));
      this.values.push(value);
      slot = this.orders.length - 1;
    } else {
      let worst = 0;
      for (let i = 1; i < this.values.length; i++) if (this.values[i]! > this.values[worst]!) worst = i;
      if (value <= this.values[worst]!) slot = worst;
    }
    if (slot < 0) return;
    this.orders[slot]!.set(order);
    this.positionsOf(order, this.positions[slot]!);
    this.values[slot] = value;
  }

  pick(random: Random): Int32Array {
    return pickOne(this.orders, random);
  }

  /** Two different members (the population must hold at least two). */
  pickPair(random: Random): [Int32Array, Int32Array] {
    const a = random.int(this.orders.length);
    const b = (a + 1 + random.int(this.orders.length - 1)) % this.orders.length;
    return [this.orders[a]!, this.orders[b]!];
  }
}

/**
 * Path relinking: load `from`, then swap adjacent operations that `to` orders the other way (each swap
 * shortens the distance — the number of same-machine pairs ordered differently — by one), chosen at random
 * and skipping swaps that would make a cycle, until `fraction` of the distance is covered. Leaves the graph's
 * heads and tails valid; returns the makespan.
 */
export function relink(g: ShopGraph, from: Int32Array, to: Int32Array, fraction: number, random: Random, posTo: Int32Array, candidates: Int32Array): number {
  g.loadOrder(to);
  posTo.set(g.pos);
  g.loadOrder(from);
  const { seq, mStart, mCount } = g;
  const steps = Math.floor(orderDistance(g, seq, posTo) * fraction);
  for (let step = 0; step < steps; step++) {
    let count = 0;
    for (let m = 0; m < g.machines; m++) {
      const base = mStart[m]!;
      for (let i = 0; i + 1 < mCount[m]!; i++) if (posTo[seq[base + i]!]! > posTo[seq[base + i + 1]!]!) candidates[count++] = seq[base + i]!;
    }
    let done = false;
    for (let tries = 0; tries < 8 && count > 0 && !done; tries++) {
      const k = random.int(count);
      const x = candidates[k]!;
      g.swapWithNext(x);
      if (g.computeHeads()) done = true;
      else {
        g.swapWithNext(g.mp(x));
        candidates[k] = candidates[--count]!;
      }
    }
    if (!done) break;
  }
  return g.computeHeadsTails();
}
