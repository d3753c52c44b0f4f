import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../http/openapi';
import { listOf } from '../http/pagination';
import { runCommand } from '../http/run';
import { addBomLine } from './commands/add-bom-line';
import { addRoutingOperation } from './commands/add-routing-operation';
import { createWorkCenter } from './commands/create-work-center';
import { removeBomLine } from './commands/remove-bom-line';
import { removeRoutingOperation } from './commands/remove-routing-operation';
import { replaceBom } from './commands/replace-bom';
import { replaceRouting } from './commands/replace-routing';
import { updateWorkCenter } from './commands/update-work-center';
import {
  Bom,
  BomLine,
  BomLineInput,
  BomLineParams,
  CapacityCalendar,
  CapacityQuery,
  CreateWorkCenterBody,
  ListWorkCentersQuery,
  presentWorkCenter,
  ReplaceBomBody,
  ReplaceRoutingBody,
  Routing,
  RoutingOperation,
  RoutingOperationInput,
  RoutingOperationParams,
  UpdateWorkCenterBody,
  WorkCenter,
  WorkCenterIdParams,
} from './manufacturing-schemas';
import { getBom } from './queries/get-bom';
import { getRouting } from './queries/get-routing';
import { requireWorkCenter } from './queries/get-work-center';
import { listWorkCenters } from './queries/list-work-centers';
import { capacityCalendar } from './queries/work-center-capacity';
import { IdParams } from './schemas';

const tags = ['planning'];
const ProductParams = IdParams('product');

/** Work centers, bills of materials and routings: the data the cost roll-up and the scheduler work from. */
export const manufacturingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.omc;

  app.post(
    '/v1/work-centers',
    {
      schema: {
        tags,
        summary: 'Create a work center: department, hourly rate, overhead and capacity calendar',
        body: CreateWorkCenterBody,
        response: { 201: WorkCenter, ...errorResponses(403, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 201, (tx) => createWorkCenter(tx, request.body)),
  );
  app.get(
    '/v1/work-centers',
    { schema: { tags, summary: 'List work centers', querystring: ListWorkCentersQuery, response: { 200: listOf(WorkCenter), ...errorResponses(403) } } },
    (request) => listWorkCenters(db, request.query),
  );
  app.get(
    '/v1/work-centers/:id',
    { schema: { tags, summary: 'Get a work center', params: WorkCenterIdParams, response: { 200: WorkCenter, ...errorResponses(403, 404) } } },
    async (request) => presentWorkCenter(await requireWorkCenter(db, request.params.id)),
  );
  app.patch(
    '/v1/work-centers/:id',
    {
      schema: { tags, summary: 'Change a work center', params: WorkCenterIdParams, body: UpdateWorkCenterBody, response: { 200: WorkCenter, ...errorResponses(403, 404) } },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateWorkCenter(tx, request.params.id, request.body)),
  );
  app.get(
    '/v1/work-centers/:id/capacity',
    {
      schema: {
        tags,
        summary: 'Capacity calendar of a work center: units and minutes per day, from a date to a date (at most 366 days)',
        params: WorkCenterIdParams,
        querystring: CapacityQuery,
        response: { 200: CapacityCalendar, ...errorResponses(403, 404) },
      },
    },
    (request) => capacityCalendar(db, request.params.id, request.query.from, request.query.to),
  );

  app.get(
    '/v1/products/:id/bom',
    { schema: { tags, summary: "A product's bill of materials (one level)", params: ProductParams, response: { 200: Bom, ...errorResponses(403, 404) } } },
    (request) => getBom(db, request.params.id),
  );
  app.put(
    '/v1/products/:id/bom',
    {
      schema: {
        tags,
        summary: "Replace a product's bill of materials; a cycle is refused (409 bom_cycle) with its path",
        params: ProductParams,
        body: ReplaceBomBody,
        response: { 200: Bom, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => replaceBom(tx, request.params.id, request.body)),
  );
  app.post(
    '/v1/products/:id/bom/lines',
    {
      schema: {
        tags,
        summary: "Add a component to a product's bill of materials; a cycle is refused (409 bom_cycle) with its path",
        params: ProductParams,
        body: BomLineInput,
        response: { 201: BomLine, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 201, (tx) => addBomLine(tx, request.params.id, request.body)),
  );
  app.delete(
    '/v1/products/:id/bom/lines/:bomLineId',
    { schema: { tags, summary: "Remove a line of a product's bill of materials", params: BomLineParams, response: { 200: Bom, ...errorResponses(403, 404) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => removeBomLine(tx, request.params.id, request.params.bomLineId)),
  );

  app.get(
    '/v1/products/:id/routing',
    { schema: { tags, summary: "A product's routing: operations on work centers in sequence", params: ProductParams, response: { 200: Routing, ...errorResponses(403, 404) } } },
    (request) => getRouting(db, request.params.id),
  );
  app.put(
    '/v1/products/:id/routing',
    {
      schema: { tags, summary: "Replace a product's routing", params: ProductParams, body: ReplaceRoutingBody, response: { 200: Routing, ...errorResponses(403, 404) } },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => replaceRouting(tx, request.params.id, request.body)),
  );
  app.post(
    '/v1/products/:id/routing/operations',
    {
      schema: {
        tags,
        summary: "Add an operation to a product's routing",
        params: ProductParams,
        body: RoutingOperationInput,
        response: { 201: RoutingOperation, ...errorResponses(403, 404, 409) },
      },
    },
    (request, reply) => runCommand(request, reply, 201, (tx) => addRoutingOperation(tx, request.params.id, request.body)),
  );
  app.delete(
    '/v1/products/:id/routing/operations/:routingOperationId',
    {
      schema: { tags, summary: "Remove an operation of a product's routing", params: RoutingOperationParams, response: { 200: Routing, ...errorResponses(403, 404) } },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => removeRoutingOperation(tx, request.params.id, request.params.routingOperationId)),
  );
};
