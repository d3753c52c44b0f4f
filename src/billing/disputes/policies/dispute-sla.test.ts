import { describe, expect, it } from 'vitest';
import { defaultDisputeSla } from './dispute-sla';

describe('dispute SLA', () => {
  const at = new Date('2026-03-02T09:00:00Z');
  it('answers strategic customers first', () => {
    expect(defaultDisputeSla.respondBy(at, 'strategic').toISOString()).toBe('2026-03-03T09:00:00.000Z');
    expect(defaultDisputeSla.respondBy(at, 'key').toISOString()).toBe('2026-03-04T09:00:00.000Z');
    expect(defaultDisputeSla.respondBy(at, 'standard').toISOString()).toBe('2026-03-05T09:00:00.000Z');
  });
  it('treats an unknown tier as standard', () => {
    expect(defaultDisputeSla.respondBy(at, 'bronze')).toEqual(defaultDisputeSla.respondBy(at, 'standard'));
  });
});
