/** Percentile by linear interpolation between the closest ranks (as PostgreSQL's percentile_cont); null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** A share as a percentage with one decimal; null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** Milliseconds as hours with one decimal. */
export const hours = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 360_000) / 10);
