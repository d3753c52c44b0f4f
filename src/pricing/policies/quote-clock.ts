/**
 * The quote clock: who holds a quote now and how long each holder has had it, read from the quote's events.
 * Pure: each event that changed the holder (a department, `customer` once it is sent, or null once decided)
 * in time order, and now.
 */
export interface HolderChange {
  at: Date;
  holder: string | null;
}

export interface QuoteClock {
  holder: string | null;
  /** Seconds per holder, in the order each first held it. */
  held: { holder: string; seconds: number }[];
}

export function quoteClock(changes: HolderChange[], now: Date): QuoteClock {
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const held = new Map<string, number>();
  sorted.forEach((change, i) => {
    if (change.holder === null) return;
    const until = sorted[i + 1]?.at ?? now;
    const seconds = Math.max(0, Math.floor((until.getTime() - change.at.getTime()) / 1000));
    held.set(change.holder, (held.get(change.holder) ?? 0) + seconds);
  });
  return {
    holder: sorted.at(-1)?.holder ?? null,
    held: [...held].map(([holder, seconds]) => ({ holder, seconds })),
  };
}
