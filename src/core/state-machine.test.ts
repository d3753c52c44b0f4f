import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { allowedTargets, checkMachine, defineMachine, findTransition, type StateMachine } from './state-machine';

/** A small order-like table to exercise the helper. */
const door = defineMachine({
  entity: 'door',
  table: 'doors',
  states: ['closed', 'open', 'locked', 'broken'],
  initial: 'closed',
  transitions: [
    { from: 'closed', to: 'open', roles: ['csr', 'sales'] },
    { from: 'open', to: 'closed', roles: ['csr'], event: 'door.shut' },
    { from: 'closed', to: 'locked', roles: ['operations'] },
    { from: 'locked', to: 'closed', roles: ['operations'] },
    { from: ['closed', 'open', 'locked'], to: 'broken', roles: ['warehouse'] },
  ],
});

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an error');
}

describe('allowedTargets', () => {
  it('lists the states reachable in one step, including from multi-source transitions', () => {
    expect(allowedTargets(door, 'closed')).toEqual(['open', 'locked', 'broken']);
    expect(allowedTargets(door, 'open')).toEqual(['closed', 'broken']);
    expect(allowedTargets(door, 'locked')).toEqual(['closed', 'broken']);
  });

  it('is empty for a final state', () => {
    expect(allowedTargets(door, 'broken')).toEqual([]);
  });
});

describe('findTransition', () => {
  it('returns the transition when the move exists and the role may take it', () => {
    const t = findTransition(door, 'open', 'closed', 'csr');
    expect(t.to).toBe('closed');
    expect(t.event).toBe('door.shut');
    expect(findTransition(door, 'locked', 'broken', 'warehouse').to).toBe('broken');
  });

  it('is a 409 invalid_transition naming from, to and the allowed targets when the move does not exist', () => {
    const error = thrown(() => findTransition(door, 'open', 'locked', 'operations'));
    expect(error.code).toBe('invalid_transition');
    expect(error.status).toBe(409);
    expect(error.details).toEqual({ entity: 'door', from: 'open', to: 'locked', allowed: ['closed', 'broken'] });
    expect(error.message).toContain('open');
    expect(error.message).toContain('locked');
    expect(error.message).toContain('closed, broken');
  });

  it('says a final state allows nothing', () => {
    const error = thrown(() => findTransition(door, 'broken', 'closed', 'admin'));
    expect(error.status).toBe(409);
    expect(error.details).toMatchObject({ from: 'broken', to: 'closed', allowed: [] });
    expect(error.message).toContain('final');
  });

  it('is a 409 (not a 403) for a move that does not exist, whatever the role', () => {
    expect(thrown(() => findTransition(door, 'closed', 'closed', 'customer')).status).toBe(409);
    expect(thrown(() => findTransition(door, 'open', 'locked', 'marketing')).status).toBe(409);
  });

  it('is a 403 forbidden naming the roles that may, when the move exists but not for this role', () => {
    const error = thrown(() => findTransition(door, 'closed', 'open', 'warehouse'));
    expect(error.code).toBe('forbidden');
    expect(error.status).toBe(403);
    expect(error.details).toMatchObject({ entity: 'door', from: 'closed', to: 'open', roles: ['csr', 'sales'] });
    expect(thrown(() => findTransition(door, 'open', 'closed', 'sales')).status).toBe(403);
    expect(thrown(() => findTransition(door, 'closed', 'locked', 'customer')).status).toBe(403);
  });

  it('always lets admin and system take an existing move', () => {
    for (const role of ['admin', 'system']) {
      expect(findTransition(door, 'closed', 'open', role).to).toBe('open');
      expect(findTransition(door, 'closed', 'locked', role).to).toBe('locked');
      expect(findTransition(door, 'open', 'broken', role).to).toBe('broken');
    }
  });

  it('does not let admin or system take a move that does not exist', () => {
    for (const role of ['admin', 'system']) expect(thrown(() => findTransition(door, 'broken', 'open', role)).code).toBe('invalid_transition');
  });

  it('picks the transition this role may take when several lead to the same state', () => {
    const m = defineMachine({
      entity: 'thing',
      table: 'things',
      states: ['a', 'b'],
      initial: 'a',
      transitions: [
        { from: 'a', to: 'b', roles: ['sales'], event: 'thing.sold' },
        { from: 'a', to: 'b', roles: ['finance'], event: 'thing.billed' },
      ],
    });
    expect(findTransition(m, 'a', 'b', 'finance').event).toBe('thing.billed');
    expect(findTransition(m, 'a', 'b', 'sales').event).toBe('thing.sold');
    expect(thrown(() => findTransition(m, 'a', 'b', 'csr')).details).toMatchObject({ roles: ['sales', 'finance'] });
  });
});

describe('checkMachine', () => {
  it('finds nothing wrong with a sound table', () => {
    expect(checkMachine(door)).toEqual([]);
  });

  it('reports a transition to or from an unknown state', () => {
    const broken = { ...door, transitions: [...door.transitions, { from: 'open', to: 'ajar', roles: ['csr'] }] } as unknown as StateMachine<string>;
    expect(checkMachine(broken)).toContain('unknown state ajar');
    const badSource = { ...door, transitions: [...door.transitions, { from: ['opne'], to: 'closed', roles: ['csr'] }] } as unknown as StateMachine<string>;
    expect(checkMachine(badSource)).toContain('unknown state opne');
  });

  it('reports a state that cannot be reached from the initial one', () => {
    const m = defineMachine({
      entity: 'x',
      table: 'xs',
      states: ['new', 'done', 'orphan'],
      initial: 'new',
      transitions: [
        { from: 'new', to: 'done', roles: ['csr'] },
        { from: 'orphan', to: 'done', roles: ['csr'] },
      ],
    });
    expect(checkMachine(m)).toEqual(['state orphan is unreachable from new']);
  });

  it('reports reachability through chains, not just one step', () => {
    const m = defineMachine({
      entity: 'x',
      table: 'xs',
      states: ['a', 'b', 'c', 'd'],
      initial: 'a',
      transitions: [
        { from: 'c', to: 'd', roles: ['csr'] },
        { from: 'b', to: 'c', roles: ['csr'] },
        { from: 'a', to: 'b', roles: ['csr'] },
      ],
    });
    expect(checkMachine(m)).toEqual([]);
  });

  it('reports an initial state that is not a state, and a transition no role may take', () => {
    const m = { ...door, initial: 'shut', transitions: [...door.transitions, { from: 'open', to: 'broken', roles: [] }] } as unknown as StateMachine<string>;
    const problems = checkMachine(m);
    expect(problems).toContain('initial state shut is not a state');
    expect(problems).toContain('transition to broken names no role');
  });
});

/**
 * Every state table in the code base (`src/**\/transitions.ts`) is checked here: a table added later is
 * picked up without touching this test, and a broken one fails it.
 */
describe('every state table in src', () => {
  const SRC = fileURLToPath(new URL('..', import.meta.url));
  const files = (readdirSync(SRC, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.split(/[\\/]/).at(-1) === 'transitions.ts')
    .map((f) => join(SRC, f))
    .sort();

  const KNOWN_ROLES = new Set(['admin', 'system', 'customer', 'sales', 'marketing', 'pricing', 'csr', 'operations', 'warehouse', 'finance', 'service', 'executive']);

  function isMachine(value: unknown): value is StateMachine<string> {
    return (
      typeof value === 'object' &&
      value !== null &&
      Array.isArray((value as { states?: unknown }).states) &&
      Array.isArray((value as { transitions?: unknown }).transitions) &&
      typeof (value as { initial?: unknown }).initial === 'string'
    );
  }

  it('finds the tables (at least the cycle and customers)', () => {
    const names = files.map((f) => relative(SRC, f).replaceAll('\\', '/'));
    expect(names).toContain('cycle/transitions.ts');
    expect(names).toContain('customers/transitions.ts');
  });

  it.each(files.map((f) => [relative(SRC, f), f]))('%s: every exported machine is sound', async (_name, file) => {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const machines = Object.entries(module).filter(([, v]) => isMachine(v)) as [string, StateMachine<string>][];
    expect(machines.length, `${file} exports no state machine`).toBeGreaterThan(0);
    for (const [exportName, machine] of machines) {
      expect(checkMachine(machine), `${exportName} in ${file}`).toEqual([]);
      expect(new Set(machine.states).size, `${exportName}: duplicate states`).toBe(machine.states.length);
      expect(machine.entity, `${exportName}: entity`).toMatch(/^[a-z][a-z_]*$/);
      expect(machine.table, `${exportName}: table`).toMatch(/^[a-z][a-z_]*$/);
      for (const t of machine.transitions) {
        for (const role of t.roles) expect(KNOWN_ROLES.has(role), `${exportName}: unknown role ${role}`).toBe(true);
        if (t.event !== undefined) expect(t.event, `${exportName}: event name`).toMatch(/^[a-z_]+\.[a-z_.]+$/);
      }
    }
  });
});
