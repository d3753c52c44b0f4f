import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getOrder } from '../entry/queries/get-order';
import { OrderIdParams } from '../entry/schemas';
import { errorResponses } from '../http/openapi';
import { listOf, pageQuery } from '../http/pagination';
import { actorOf, runCommand } from '../http/run';
import { cancelShipment } from './commands/cancel-shipment';
import { createShipment, createShipments } from './commands/create-shipment';
import { deliverShipment } from './commands/deliver-shipment';
import { packShipment, packShipments } from './commands/pack-shipment';
import { pickShipment, pickShipments } from './commands/pick-shipment';
import { shipShipment, shipShipments } from './commands/ship-shipment';
import { getShipment, listShipments } from './queries/get-shipment';
import {
  CancelShipmentBody,
  CreateShipmentBody,
  CreateShipmentsBody,
  DeliverBody,
  ListShipmentsQuery,
  NoteBody,
  ShipBody,
  Shipment,
  ShipmentIdParams,
  ShipmentsStepBody,
  ShipShipmentsBody,
} from './schemas';

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

  // A wave: the same steps for many shipments in one transaction (all or nothing), in the statements of one.
  const batch = <B extends z.ZodType>(summary: string, body: B, status: 200 | 201) => ({
    schema: { tags, summary, body, response: { [status]: z.object({ data: z.array(Shipment) }), ...errorResponses(403, 404, 409) } },
  });
  app.post('/v1/shipments/batch', batch('Pick lists for many orders at one warehouse (a wave): for each, everything reserved there, or the lines named', CreateShipmentsBody, 201), (request, reply) =>
    runCommand(request, reply, 201, async (tx) => ({
      data: await createShipments(tx, request.body.warehouse_id, request.body.orders.map((o, i) => ({ orderId: o.order_id, lines: o.lines, field: `orders.${i}.` }))),
    })),
  );
  app.post('/v1/shipments/batch/pick', batch('Many pick lists picked', ShipmentsStepBody, 200), (request, reply) =>
    runCommand(request, reply, 200, async (tx) => ({ data: await pickShipments(tx, request.body.shipment_ids, request.body.note) })),
  );
  app.post('/v1/shipments/batch/pack', batch('Many picked shipments packed', ShipmentsStepBody, 200), (request, reply) =>
    runCommand(request, reply, 200, async (tx) => ({ data: await packShipments(tx, request.body.shipment_ids, request.body.note) })),
  );
  app.post('/v1/shipments/batch/ship', batch('Many packed shipments handed to carriers (a dispatch)', ShipShipmentsBody, 200), (request, reply) =>
    runCommand(request, reply, 200, async (tx) => ({ data: await shipShipments(tx, request.body.shipments.map(({ shipment_id, ...handover }) => ({ shipmentId: shipment_id, ...handover }))) })),
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
