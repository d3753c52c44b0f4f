import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getOrder } from '../entry/queries/get-order';
import { OrderIdParams } from '../entry/schemas';
import { errorResponses } from '../http/openapi';
import { listOf, pageQuery } from '../http/pagination';
import { actorOf, runCommand } from '../http/run';
import { cancelShipment } from './commands/cancel-shipment';
import { createShipment } from './commands/create-shipment';
import { deliverShipment } from './commands/deliver-shipment';
import { packShipment } from './commands/pack-shipment';
import { pickShipment } from './commands/pick-shipment';
import { shipShipment } from './commands/ship-shipment';
import { getShipment, listShipments } from './queries/get-shipment';
import { CancelShipmentBody, CreateShipmentBody, DeliverBody, ListShipmentsQuery, NoteBody, ShipBody, Shipment, ShipmentIdParams } from './schemas';

const tags = ['fulfillment'];

export const fulfillmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.omc;

  app.post(
    '/v1/orders/:id/shipments',
    {
      schema: {
        tags,
        summary: "A pick list for one warehouse from the order's reserved units (default: all reserved there)",
        params: OrderIdParams,
        body: CreateShipmentBody,
        response: { 201: Shipment, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 201, (tx) => createShipment(tx, request.params.id, request.body)),
  );

  app.get(
    '/v1/orders/:id/shipments',
    {
      schema: {
        tags,
        summary: "The order's shipments, oldest first",
        params: OrderIdParams,
        querystring: z.strictObject(pageQuery),
        response: { 200: listOf(Shipment), ...errorResponses(403, 404) },
      },
    },
    async (request) => {
      await getOrder(db, actorOf(request), request.params.id); // 404 for orders the caller may not see
      return listShipments(db, actorOf(request), { ...request.query, order_id: request.params.id });
    },
  );

  app.get(
    '/v1/shipments',
    {
      schema: {
        tags,
        summary: "Shipments, oldest first: filter by status and warehouse for the warehouse's pick / pack / ship list",
        querystring: ListShipmentsQuery,
        response: { 200: listOf(Shipment), ...errorResponses(403) },
      },
    },
    (request) => listShipments(db, actorOf(request), request.query),
  );

  app.get(
    '/v1/shipments/:id',
    { schema: { tags, summary: 'Get a shipment', params: ShipmentIdParams, response: { 200: Shipment, ...errorResponses(403, 404) } } },
    (request) => getShipment(db, actorOf(request), request.params.id),
  );

  const step = <B extends z.ZodType>(summary: string, body: B) => ({
    schema: { tags, summary, params: ShipmentIdParams, body, response: { 200: Shipment, ...errorResponses(403, 404, 409) } },
  });

  app.post('/v1/shipments/:id/pick', step('The pick list is picked', NoteBody.optional()), (request, reply) =>
    runCommand(request, reply, 200, (tx) => pickShipment(tx, request.params.id, request.body?.note)),
  );
  app.post('/v1/shipments/:id/pack', step('The picked goods are packed', NoteBody.optional()), (request, reply) =>
    runCommand(request, reply, 200, (tx) => packShipment(tx, request.params.id, request.body?.note)),
  );
  app.post('/v1/shipments/:id/ship', step('Handed to a carrier: stock on hand and reserved go down by what ships', ShipBody), (request, reply) =>
    runCommand(request, reply, 200, (tx) => shipShipment(tx, request.params.id, request.body)),
  );
  app.post('/v1/shipments/:id/deliver', step('Delivery confirmed on a date', DeliverBody), (request, reply) =>
    runCommand(request, reply, 200, (tx) => deliverShipment(tx, request.params.id, request.body)),
  );
  app.post('/v1/shipments/:id/cancel', step('Call off a shipment that has not shipped; its units stay reserved', CancelShipmentBody), (request, reply) =>
    runCommand(request, reply, 200, (tx) => cancelShipment(tx, request.params.id, request.body.reason)),
  );
};
