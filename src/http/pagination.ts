import { z } from 'zod';

export const MAX_LIMIT = 200;

/** `limit` (1–200, default 50) and `starting_after` (the `next_cursor` of the previous page). */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(50),
  starting_after: z.string().min(1).max(100).optional(),
};

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), has_more: z.boolean(), next_cursor: z.string().nullable() });
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Turn `limit + 1` fetched rows into a page: the extra row only says there is more. */
export function toPage<Row, T>(rows: Row[], limit: number, cursorOf: (row: Row) => string, present: (row: Row) => T): Page<T> {
  const has_more = rows.length > limit;
  const kept = has_more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return { data: kept.map(present), has_more, next_cursor: has_more && last ? cursorOf(last) : null };
}
