import { AppError } from './errors';

/**
 * A state machine declared as data: the states, where a new object starts, and each allowed `from -> to`
 * with the roles that may take it. The cycle's `applyTransition` is the only writer of status columns.
 */
export interface Transition<S extends string, R extends string = string> {
  from: S | readonly S[];
  to: S;
  /** Roles that may take this transition; `admin` and `system` always may. */
  roles: readonly R[];
  /** The event appended when it happens; default `<entity>.<to>`. */
  event?: string;
}

/**
 * A check beyond the table that needs data (a hold that blocks the move): it throws to refuse. `ctx` is the
 * caller's unit of work; core knows nothing of databases, so it is opaque here.
 */
export type TransitionGuard<S extends string> = (ctx: unknown, id: string, from: S, to: S) => Promise<void>;

export interface StateMachine<S extends string, R extends string = string> {
  /** Singular noun used in events and messages: `customer`, `order`. */
  entity: string;
  /** The table and its status column that this machine owns. */
  table: string;
  statusColumn?: string;
  states: readonly S[];
  initial: S;
  transitions: readonly Transition<S, R>[];
  guard?: TransitionGuard<S>;
}

export function defineMachine<const S extends string, R extends string>(machine: StateMachine<S, R>): StateMachine<S, R> {
  return machine;
}

function fromStates<S extends string>(t: Transition<S>): readonly S[] {
  return typeof t.from === 'string' ? [t.from] : (t.from as readonly S[]);
}

/** States reachable in one step from `from`. */
export function allowedTargets<S extends string>(machine: StateMachine<S>, from: S): S[] {
  return machine.transitions.filter((t) => fromStates(t).includes(from)).map((t) => t.to);
}

/**
 * The transition that takes `from` to `to` for this role, or an error: 409 `invalid_transition` naming
 * from, to and what is allowed; 403 `forbidden` when the move exists but not for this role.
 */
export function findTransition<S extends string>(machine: StateMachine<S>, from: S, to: S, role: string): Transition<S> {
  const candidates = machine.transitions.filter((t) => t.to === to && fromStates(t).includes(from));
  if (candidates.length === 0) {
    const allowed = allowedTargets(machine, from);
    throw new AppError(
      'invalid_transition',
      `A ${machine.entity} cannot go from ${from} to ${to}; from ${from} it can go to ${allowed.length ? allowed.join(', ') : 'nothing (final)'}.`,
      { entity: machine.entity, from, to, allowed },
    );
  }
  const permitted = candidates.find((t) => role === 'admin' || role === 'system' || (t.roles as readonly string[]).includes(role));
  if (!permitted) {
    const roles = [...new Set(candidates.flatMap((t) => t.roles))];
    throw new AppError('forbidden', `Only ${roles.join(', ')} may move a ${machine.entity} from ${from} to ${to}.`, {
      entity: machine.entity,
      from,
      to,
      roles,
    });
  }
  return permitted;
}

/** Problems with a table: unknown states in transitions, states that cannot be reached from the initial one. */
export function checkMachine<S extends string>(machine: StateMachine<S>): string[] {
  const problems: string[] = [];
  const known = new Set<string>(machine.states);
  if (!known.has(machine.initial)) problems.push(`initial state ${machine.initial} is not a state`);
  for (const t of machine.transitions) {
    for (const s of [...fromStates(t), t.to]) if (!known.has(s)) problems.push(`unknown state ${s}`);
    if (t.roles.length === 0) problems.push(`transition to ${t.to} names no role`);
  }
  const reached = new Set<string>([machine.initial]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of machine.transitions) {
      if (fromStates(t).some((s) => reached.has(s)) && !reached.has(t.to)) {
        reached.add(t.to);
        grew = true;
      }
    }
  }
  for (const s of machine.states) if (!reached.has(s)) problems.push(`state ${s} is unreachable from ${machine.initial}`);
  return problems;
}
