import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../access/permissions';
import { allowedTargets } from '../core/state-machine';
import { leadMachine, opportunityMachine, STAGE_PROBABILITY } from './transitions';

/** The lead action routes of lead-routes.ts, verb → target state. */
const LEAD_ROUTES = { contact: 'contacted', qualify: 'qualified', disqualify: 'disqualified', convert: 'converted' } as const;

describe('lead state table', () => {
  it('reads as the business says: converted and disqualified are final, nothing moves to itself', () => {
    expect(allowedTargets(leadMachine, 'new')).toEqual(['contacted', 'qualified', 'disqualified']);
    expect(allowedTargets(leadMachine, 'contacted')).toEqual(['qualified', 'disqualified']);
    expect(allowedTargets(leadMachine, 'qualified')).toEqual(['converted', 'disqualified']);
    expect(allowedTargets(leadMachine, 'converted')).toEqual([]);
    expect(allowedTargets(leadMachine, 'disqualified')).toEqual([]);
  });

  it.each(Object.entries(LEAD_ROUTES))('lets exactly the roles of its transition call POST /v1/leads/:id/%s', (verb, to) => {
    const machineRoles = new Set(leadMachine.transitions.filter((t) => t.to === to).flatMap((t) => t.roles));
    expect(new Set(PERMISSIONS[`POST /v1/leads/:id/${verb}`])).toEqual(machineRoles);
  });
});

describe('opportunity state table', () => {
  it('moves between open stages both ways, to won or lost from any of them, and no further', () => {
    expect(allowedTargets(opportunityMachine, 'prospecting')).toEqual(['proposal', 'negotiation', 'won', 'lost']);
    expect(allowedTargets(opportunityMachine, 'negotiation')).toEqual(['prospecting', 'proposal', 'won', 'lost']);
    expect(allowedTargets(opportunityMachine, 'won')).toEqual([]);
    expect(allowedTargets(opportunityMachine, 'lost')).toEqual([]);
  });

  it('has a default probability for every stage, rising towards won', () => {
    expect(Object.keys(STAGE_PROBABILITY).sort()).toEqual([...opportunityMachine.states].sort());
    const open = ['prospecting', 'proposal', 'negotiation', 'won'] as const;
    open.slice(1).forEach((s, i) => expect(STAGE_PROBABILITY[s]).toBeGreaterThan(STAGE_PROBABILITY[open[i]!]));
  });

  it('lets exactly the roles of its transitions call POST /v1/opportunities/:id/stage', () => {
    expect(new Set(PERMISSIONS['POST /v1/opportunities/:id/stage'])).toEqual(new Set(opportunityMachine.transitions.flatMap((t) => t.roles)));
  });
});
