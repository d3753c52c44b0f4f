import type { FastifyInstance } from 'fastify';
import { invalidFields } from '../core/errors';

/** The dotted path of the first string holding U+0000, which PostgreSQL cannot store in text or jsonb. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes('\u0000') ? key : nulPath(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** Refuse a NUL character anywhere in the input with a 400 naming the field, before it reaches the database. */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const field = nulPath(request.params, '') ?? nulPath(request.query, '') ?? nulPath(request.body, '');
    if (field !== null) throw invalidFields({ [field || 'body']: 'Contains a NUL character (U+0000), which cannot be stored.' });
  });
}
