import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { LoggerOptions } from 'pino';
import { accessRoutes } from '../access/routes';
import { analyticsRoutes } from '../analytics/routes';
import { systemClock, type Clock } from '../core/clock';
import { newId } from '../core/ids';
import { customerRoutes } from '../customers/routes';
import { cycleRoutes } from '../cycle/routes';
import { planningRoutes } from '../planning/routes';
import { manufacturingRoutes } from '../planning/manufacturing-routes';
import { pricingRoutes } from '../pricing/routes';
import { priceListRoutes } from '../pricing/price-list-routes';
import { quoteRoutes } from '../pricing/quote-routes';
import { entryRoutes } from '../entry/routes';
import { prioritizationRoutes } from '../prioritization/routes';
import { fulfillmentRoutes } from '../fulfillment/routes';
import { workOrderRoutes } from '../fulfillment/work-order-routes';
import { disputeRoutes } from '../billing/disputes/routes';
import { documentRoutes } from '../billing/documents/routes';
import { billingRoutes } from '../billing/routes';
import { billingMoneyRoutes } from '../billing/money-routes';
import { generationRoutes } from '../generation/routes';
import { schedulingRoutes } from '../scheduling/routes';
import type { Database } from '../db/database';
import { authPlugin } from './auth';
import './context';
import { installErrorHandling } from './error-handler';
import { installNulGuard } from './nul-guard';
import { webRoutes } from './web';

export interface AppOptions {
  database: Database;
  clock?: Clock;
  /** pino options; false for silence (tests). */
  logger?: LoggerOptions | false;
  bodyLimitBytes?: number;
  /** Behind a proxy that terminates TLS: trust its X-Forwarded-* headers (secure cookies, client address). */
  trustProxy?: boolean;
  /** Sees every route as it is registered, before any plugin (tests walk the routes with it). */
  onRoute?: (route: RouteOptions) => void;
}

export const API_VERSION = '0.1.0';

/** Build the HTTP app without listening: tests use it in process and over real HTTP; `omc serve` listens. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: 'info' },
    genReqId: () => newId('request'),
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: options.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  app.decorate('omc', { db: options.database.db, backend: options.database.backend, clock: options.clock ?? systemClock });
  // The API speaks JSON only: without this, Fastify's default text/plain parser turns a text body into a
  // string and the client gets a confusing 400 instead of 415 unsupported_media_type. A module that takes
  // another format (CSV, UBL) adds its own parser inside its own plugin.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installNulGuard(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'omc', version: API_VERSION, description: 'The order management cycle, from planning to postsales service.' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer <secret>' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'omc_session' },
        },
      },
      security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin);

  app.get('/health', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(options.database.db);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  await app.register(webRoutes);

  await app.register(accessRoutes);
  await app.register(customerRoutes);
  await app.register(cycleRoutes);
  await app.register(planningRoutes);
  await app.register(manufacturingRoutes);
  await app.register(pricingRoutes);
  await app.register(priceListRoutes);
  await app.register(quoteRoutes);
  await app.register(entryRoutes);
  await app.register(prioritizationRoutes);
  await app.register(fulfillmentRoutes);
  await app.register(workOrderRoutes);
  await app.register(billingRoutes);
  await app.register(billingMoneyRoutes);
  await app.register(disputeRoutes);
  await app.register(documentRoutes);
  await app.register(generationRoutes);
  await app.register(schedulingRoutes);
  await app.register(analyticsRoutes);
  return app;
}
