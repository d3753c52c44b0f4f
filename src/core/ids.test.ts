import { describe, expect, it } from 'vitest';
import { ID_PREFIXES, idPattern, isId, newId, type IdKind } from './ids';

const KINDS = Object.keys(ID_PREFIXES) as IdKind[];

describe('ids', () => {
  it('carry the prefix of their kind and a 26-character lower-case ULID', () => {
    expect(newId('customer')).toMatch(/^cus_[0-9a-z]{26}$/);
    expect(newId('event')).toMatch(/^evt_/);
    expect(newId('handoff')).toMatch(/^hof_/);
    expect(newId('apiKey')).toMatch(/^key_/);
    expect(newId('request')).toMatch(/^req_/);
    for (const kind of KINDS) {
      const id = newId(kind);
      expect(id.startsWith(`${ID_PREFIXES[kind]}_`)).toBe(true);
      expect(id).toBe(id.toLowerCase());
      expect(isId(kind, id)).toBe(true);
      expect(idPattern(kind).test(id)).toBe(true);
    }
  });

  it('has a distinct prefix per kind', () => {
    const prefixes = Object.values(ID_PREFIXES);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const p of prefixes) expect(p).toMatch(/^[a-z]{3}$/);
  });

  it('sort by creation order, also many within one millisecond (monotonic)', () => {
    const ids = Array.from({ length: 5000 }, () => newId('event'));
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sort by creation order across milliseconds and by body across kinds', async () => {
    const first = newId('customer');
    await new Promise((resolve) => setTimeout(resolve, 3));
    const second = newId('customer');
    expect(first < second).toBe(true);
    // The body alone orders ids of different kinds too: one generator serves them all.
    const body = (id: string) => id.slice(id.indexOf('_') + 1);
    expect(body(newId('customer')) < body(newId('event'))).toBe(true);
  });

  it('isId refuses other kinds, other shapes and near misses', () => {
    const id = newId('customer');
    expect(isId('customer', id)).toBe(true);
    expect(isId('event', id)).toBe(false);
    expect(isId('customer', id.toUpperCase())).toBe(false);
    expect(isId('customer', `${id}x`)).toBe(false);
    expect(isId('customer', id.slice(0, -1))).toBe(false);
    expect(isId('customer', ` ${id}`)).toBe(false);
    expect(isId('customer', `${id}\n`)).toBe(false);
    expect(isId('customer', 'cus_')).toBe(false);
    expect(isId('customer', '')).toBe(false);
    // Crockford base32 has no i, l, o, u.
    for (const letter of ['i', 'l', 'o', 'u']) expect(isId('customer', `cus_${letter}${id.slice(5)}`)).toBe(false);
    expect(isId('customer', `cus-${id.slice(4)}`)).toBe(false);
  });
});
