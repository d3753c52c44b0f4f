import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idPattern } from '../core/ids';
import { transact } from '../db/transaction';
import { SESSION_COOKIE } from '../http/auth';
import { errorResponses } from '../http/openapi';
import { listOf, pageQuery, toPage } from '../http/pagination';
import { actorOf, runCommand } from '../http/run';
import { createApiKey } from './commands/create-api-key';
import { createUser } from './commands/create-user';
import { logIn, logOut } from './commands/log-in';
import { revokeApiKey } from './commands/revoke-api-key';
import { updateUser } from './commands/update-user';
import { ANONYMOUS } from './roles';
import { ApiKey, CreateApiKeyBody, CreateUserBody, LoginBody, Me, NewApiKey, presentApiKey, presentUser, UpdateUserBody, User } from './schemas';

const tags = ['access'];
const ListQuery = z.strictObject(pageQuery);
/** A route that takes no input: no body (Fastify hands the validator null), or `{}`; any field is refused like every unknown field. */
const NoBody = z.strictObject({}).nullish();

export const accessRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/sessions',
    {
      schema: {
        tags,
        summary: 'Log in with e-mail and password; sets the session cookie',
        body: LoginBody,
        response: { 201: Me.extend({ expires_at: z.string() }), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const now = app.omc.clock.now();
      const session = await transact(app.omc.db, (trx) => logIn({ db: trx, now, actor: ANONYMOUS, requestId: request.id }, request.body.email, request.body.password));
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        expires: session.expiresAt,
      });
      const { actor } = session;
      return reply.code(201).send({ id: actor.id, name: actor.name, role: actor.role, customer_id: actor.customerId, kind: 'user' as const, expires_at: session.expiresAt.toISOString() });
    },
  );

  app.delete('/v1/sessions/current', { schema: { tags, summary: 'Log out', response: { 204: z.null(), ...errorResponses() } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await transact(app.omc.db, (trx) => logOut({ db: trx, now: app.omc.clock.now(), actor: actorOf(request), requestId: request.id }, token));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/v1/me', { schema: { tags, summary: 'Who am I', response: { 200: Me, ...errorResponses() } } }, (request) => {
    const actor = actorOf(request);
    return { id: actor.id, name: actor.name, role: actor.role, customer_id: actor.customerId, kind: actor.id.startsWith('key_') ? ('api_key' as const) : ('user' as const) };
  });

  app.post(
    '/v1/api-keys',
    { schema: { tags, summary: 'Create an API key (the secret is shown once)', body: CreateApiKeyBody, response: { 201: NewApiKey, ...errorResponses(403, 404) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => createApiKey(tx, request.body), { neverStore: ['secret'] }),
  );

  app.get('/v1/api-keys', { schema: { tags, summary: 'List API keys, newest first', querystring: ListQuery, response: { 200: listOf(ApiKey) } } }, async (request) => {
    const { limit, starting_after } = request.query;
    let query = app.omc.db.selectFrom('api_keys').selectAll().orderBy('id', 'desc').limit(limit + 1);
    if (starting_after) query = query.where('id', '<', starting_after);
    return toPage(await query.execute(), limit, (k) => k.id, presentApiKey);
  });

  app.post(
    '/v1/api-keys/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an API key at once',
        params: z.strictObject({ id: z.string().regex(idPattern('apiKey'), 'Expected an API key id (key_…).') }),
        body: NoBody,
        response: { 200: ApiKey, ...errorResponses(403, 404) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => revokeApiKey(tx, request.params.id)),
  );

  app.post(
    '/v1/users',
    { schema: { tags, summary: 'Create a staff user or a customer user', body: CreateUserBody, response: { 201: User, ...errorResponses(403, 404, 409) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => createUser(tx, request.body)),
  );

  app.get('/v1/users', { schema: { tags, summary: 'List users, newest first', querystring: ListQuery, response: { 200: listOf(User) } } }, async (request) => {
    const { limit, starting_after } = request.query;
    let query = app.omc.db.selectFrom('users').selectAll().orderBy('id', 'desc').limit(limit + 1);
    if (starting_after) query = query.where('id', '<', starting_after);
    return toPage(await query.execute(), limit, (u) => u.id, presentUser);
  });

  app.patch(
    '/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Rename, reset the password, or switch a user off',
        params: z.strictObject({ id: z.string().regex(idPattern('user'), 'Expected a user id (usr_…).') }),
        body: UpdateUserBody,
        response: { 200: User, ...errorResponses(403, 404) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateUser(tx, request.params.id, request.body)),
  );
};
