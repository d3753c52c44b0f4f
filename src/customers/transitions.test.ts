import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../access/permissions';
import { allowedTargets } from '../core/state-machine';
import { customerMachine } from './transitions';

/** The status routes of routes.ts, verb → target state. */
const ROUTES = { suspend: 'on_hold', reactivate: 'active', archive: 'archived' } as const;

describe('customer state table', () => {
  it('reads as the business says: on hold and archived customers can come back, nothing moves to itself', () => {
    expect(allowedTargets(customerMachine, 'active')).toEqual(['on_hold', 'archived']);
    expect(allowedTargets(customerMachine, 'on_hold')).toEqual(['active', 'archived']);
    expect(allowedTargets(customerMachine, 'archived')).toEqual(['active']);
  });

  it.each(Object.entries(ROUTES))('lets exactly the roles of its transition call POST /v1/customers/:id/%s', (verb, to) => {
    const machineRoles = new Set(customerMachine.transitions.filter((t) => t.to === to).flatMap((t) => t.roles));
    expect(new Set(PERMISSIONS[`POST /v1/customers/:id/${verb}`])).toEqual(machineRoles);
  });
});
