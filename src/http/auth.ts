import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { accessFor, mayCall } from '../access/permissions';
import { actorForApiKey, actorForSession } from '../access/queries/authenticate';
import type { Actor } from '../access/roles';
import { AppError } from '../core/errors';

export const SESSION_COOKIE = 'omc_session';

async function resolveActor(request: FastifyRequest): Promise<Actor | null> {
  const { db, clock } = request.server.omc;
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const actor = match ? await actorForApiKey(db, match[1]!) : null;
    if (!actor) throw new AppError('unauthenticated', 'The API key is unknown or revoked (use "Authorization: Bearer <api key>").');
    return actor;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token) return actorForSession(db, token, clock.now());
  return null;
}

/**
 * Authentication and the permission map, before anything else runs: a route that is not in the map cannot
 * be registered, an anonymous call to a protected route is a 401, a call by the wrong role a 403.
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  await app.register(cookie);
  app.decorateRequest('actor', null);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (!accessFor(method, route.url)) throw new Error(`Route ${method} ${route.url} is missing from the permission map (src/access/permissions.ts)`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (!url) return; // no such route: the not-found handler answers
    const access = accessFor(request.method, url)!;
    const actor = await resolveActor(request).catch((error: unknown) => {
      if (access === 'public') return null; // a stale credential does not block a public page
      throw error;
    });
    request.actor = actor;
    if (mayCall(access, actor?.role ?? null)) return;
    if (!actor) throw new AppError('unauthenticated');
    throw new AppError('forbidden', `Your role (${actor.role}) may not call ${request.method} ${url}.`, { role: actor.role });
  });
});
