import { Badge, type Tone } from './ds';

const TONES: Record<string, Tone> = { received: 'info', confirmed: 'good', on_hold: 'warn', in_fulfillment: 'info', cancelled: 'neutral' };
const WORDS: Record<string, string> = { received: 'received', confirmed: 'confirmed', on_hold: 'on hold', in_fulfillment: 'in fulfillment', cancelled: 'cancelled' };

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status] ?? 'neutral'}>{WORDS[status] ?? status.replace(/_/g, ' ')}</Badge>;
}

export const ORDER_STATUSES = Object.keys(WORDS);

const QUOTE_TONES: Record<string, Tone> = { requested: 'info', drafting: 'info', pending_approval: 'warn', sent: 'good', accepted: 'good', rejected: 'neutral', expired: 'neutral', superseded: 'neutral' };

export function QuoteStatusBadge({ status }: { status: string }) {
  return <Badge tone={QUOTE_TONES[status] ?? 'neutral'}>{status.replace(/_/g, ' ')}</Badge>;
}
