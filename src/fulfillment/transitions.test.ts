import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../access/permissions';
import { allowedTargets, checkMachine } from '../core/state-machine';
import { shipmentMachine } from './transitions';

/** The step routes of routes.ts, verb → target state. */
const ROUTES = { pick: 'picked', pack: 'packed', ship: 'shipped', deliver: 'delivered', cancel: 'cancelled' } as const;

describe('shipment state table', () => {
  it('is well formed and reads as the warehouse works: pick, pack, ship, deliver; cancel only before it leaves', () => {
    expect(checkMachine(shipmentMachine)).toEqual([]);
    expect(allowedTargets(shipmentMachine, 'pick_list')).toEqual(['picked', 'cancelled']);
    expect(allowedTargets(shipmentMachine, 'picked')).toEqual(['packed', 'cancelled']);
    expect(allowedTargets(shipmentMachine, 'packed')).toEqual(['shipped', 'cancelled']);
    expect(allowedTargets(shipmentMachine, 'shipped')).toEqual(['delivered']);
    expect(allowedTargets(shipmentMachine, 'delivered')).toEqual([]);
    expect(allowedTargets(shipmentMachine, 'cancelled')).toEqual([]);
  });

  it.each(Object.entries(ROUTES))('lets exactly the roles of its transition call POST /v1/shipments/:id/%s', (verb, to) => {
    const machineRoles = new Set(shipmentMachine.transitions.filter((t) => t.to === to).flatMap((t) => t.roles));
    expect(new Set(PERMISSIONS[`POST /v1/shipments/:id/${verb}`])).toEqual(machineRoles);
  });
});
