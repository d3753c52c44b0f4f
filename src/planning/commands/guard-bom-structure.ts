import { sql } from 'kysely';
import { AppError, invalidFields } from '../../core/errors';
import type { Tx } from '../../db/transaction';
import type { ProductsTable } from '../tables';

/**
 * Every change of bill-of-materials structure runs under this one lock, taken first. Locking only the
 * products of the new lines is not enough: with B→C and D→A in place, adding A→B and C→D concurrently
 * locks {A,B} and {C,D}, both checks pass, and A→B→C→D→A is a cycle. SHARE ROW EXCLUSIVE conflicts with
 * itself and with every row write to the table, so BOM edits queue up (they are rare) while readers — the
 * roll-up, the scheduler — never wait. Under READ COMMITTED each later statement sees what the previous
 * holder committed.
 */
export async function lockBomStructure(tx: Tx): Promise<void> {
  await sql`lock table bom_lines in share row exclusive mode`.execute(tx.db);
}

export interface BomEdge {
  product_id: string;
  component_id: string;
}

/** The shortest path of BOM edges from one product to another ([from, …, to]), or null. Pure. */
export function findPath(edges: readonly BomEdge[], from: string, to: string): string[] | null {
  if (from === to) return [from];
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.product_id, [...(next.get(e.product_id) ?? []), e.component_id]);
  const previous = new Map<string, string>([[from, from]]);
  for (let frontier = [from]; frontier.length > 0; ) {
    const following: string[] = [];
    for (const node of frontier) {
      for (const child of next.get(node) ?? []) {
        if (previous.has(child)) continue;
        previous.set(child, node);
        if (child === to) {
          const path = [to];
          for (let at = to; at !== from; ) path.unshift((at = previous.get(at)!));
          return path;
        }
        following.push(child);
      }
    }
    frontier = following;
  }
  return null;
}

/**
 * Refuse new lines `productId → component` that would close a cycle: a 409 naming the path by SKU,
 * `A → B → C → A`. Call it after `lockBomStructure`, so that nobody changes the graph meanwhile.
 */
export async function refuseBomCycles(tx: Tx, productId: string, componentIds: readonly string[], fieldOf: (index: number) => string): Promise<void> {
  if (componentIds.length === 0) return;
  // Every edge reachable from the new components; UNION stops at edges already seen.
  const edges = (
    await sql<BomEdge>`
      with recursive reach (product_id, component_id) as (
        select product_id, component_id from bom_lines where product_id in (${sql.join(componentIds)})
        union
        select b.product_id, b.component_id from bom_lines b join reach r on b.product_id = r.component_id
      )
      select product_id, component_id from reach`.execute(tx.db)
  ).rows;
  for (const [index, componentId] of componentIds.entries()) {
    const back = findPath(edges, componentId, productId);
    if (!back) continue;
    const ids = [productId, ...back];
    const rows = await tx.db.selectFrom('products').select(['id', 'sku']).where('id', 'in', ids).execute();
    const sku = new Map(rows.map((r) => [r.id, r.sku]));
    const path = ids.map((id) => sku.get(id) ?? id);
    throw new AppError('bom_cycle', `That would make ${path[0]} contain itself: ${path.join(' → ')}.`, {
      path,
      product_ids: ids,
      field: fieldOf(index),
    });
  }
}

/**
 * The components of new BOM lines: each must exist, be active and be listed once. Bad ones are a 400
 * naming each field (`lines.2.component_id`).
 */
export async function checkBomComponents(
  tx: Tx,
  componentIds: readonly string[],
  fieldOf: (index: number) => string,
): Promise<Map<string, ProductsTable>> {
  const rows = componentIds.length === 0 ? [] : await tx.db.selectFrom('products').selectAll().where('id', 'in', [...new Set(componentIds)]).execute();
  const products = new Map(rows.map((p) => [p.id, p]));
  const bad: Record<string, string> = {};
  const firstAt = new Map<string, number>();
  componentIds.forEach((id, i) => {
    const product = products.get(id);
    if (!product) bad[fieldOf(i)] = `No product ${id}.`;
    else if (!product.active) bad[fieldOf(i)] = `${product.sku} is inactive; reactivate it before using it in a bill of materials.`;
    else if (firstAt.has(id)) bad[fieldOf(i)] = `${product.sku} is listed twice (also ${fieldOf(firstAt.get(id)!)}); give one line its total quantity.`;
    if (!firstAt.has(id)) firstAt.set(id, i);
  });
  if (Object.keys(bad).length > 0) throw invalidFields(bad);
  return products;
}
