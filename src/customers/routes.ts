import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idPattern } from '../core/ids';
import { listEvents } from '../cycle/queries/list-events';
import { Event, ListEventsQuery } from '../cycle/schemas';
import { errorResponses } from '../http/openapi';
import { listOf } from '../http/pagination';
import { actorOf, runCommand } from '../http/run';
import { addAddress } from './commands/add-address';
import { addContact } from './commands/add-contact';
import { changeCustomerStatus } from './commands/change-customer-status';
import { createCustomer } from './commands/create-customer';
import { updateAddress } from './commands/update-address';
import { updateContact } from './commands/update-contact';
import { updateCustomer } from './commands/update-customer';
import { getCustomer, requireCustomer } from './queries/get-customer';
import { listCustomers } from './queries/list-customers';
import {
  Address,
  AddressChanges,
  AddressInput,
  Contact,
  ContactChanges,
  ContactInput,
  CreateCustomerBody,
  Customer,
  CustomerIdParams,
  ListCustomersQuery,
  StatusChangeBody,
  UpdateCustomerBody,
} from './schemas';
import type { CustomerStatus } from './transitions';

const tags = ['customers'];
const ContactParams = CustomerIdParams.extend({ contactId: z.string().regex(idPattern('contact'), 'Expected a contact id (con_…).') });
const AddressParams = CustomerIdParams.extend({ addressId: z.string().regex(idPattern('address'), 'Expected an address id (adr_…).') });

export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/v1/customers',
    { schema: { tags, summary: 'Create a customer', body: CreateCustomerBody, response: { 201: Customer, ...errorResponses(403, 409, 422) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => createCustomer(tx, request.body)),
  );

  app.get(
    '/v1/customers',
    { schema: { tags, summary: 'List customers, newest first', querystring: ListCustomersQuery, response: { 200: listOf(Customer), ...errorResponses(403) } } },
    (request) => listCustomers(app.omc.db, actorOf(request), request.query),
  );

  app.get(
    '/v1/customers/:id',
    { schema: { tags, summary: 'Get a customer with contacts and addresses', params: CustomerIdParams, response: { 200: Customer, ...errorResponses(403, 404) } } },
    (request) => getCustomer(app.omc.db, actorOf(request), request.params.id),
  );

  app.patch(
    '/v1/customers/:id',
    {
      schema: {
        tags,
        summary: 'Change name, tier, e-mail; credit terms (finance only)',
        params: CustomerIdParams,
        body: UpdateCustomerBody,
        response: { 200: Customer, ...errorResponses(403, 404) },
      },
    },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateCustomer(tx, request.params.id, request.body)),
  );

  const statusRoutes: [string, CustomerStatus, string][] = [
    ['suspend', 'on_hold', 'Put a customer on hold (no new orders)'],
    ['reactivate', 'active', 'Make a customer active again'],
    ['archive', 'archived', 'Archive a customer'],
  ];
  for (const [verb, to, summary] of statusRoutes) {
    app.post(
      `/v1/customers/:id/${verb}`,
      { schema: { tags, summary, params: CustomerIdParams, body: StatusChangeBody, response: { 200: Customer, ...errorResponses(403, 404, 409) } } },
      (request, reply) => runCommand(request, reply, 200, (tx) => changeCustomerStatus(tx, request.params.id, to, request.body.reason)),
    );
  }

  app.post(
    '/v1/customers/:id/contacts',
    { schema: { tags, summary: 'Add a contact', params: CustomerIdParams, body: ContactInput, response: { 201: Contact, ...errorResponses(403, 404) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => addContact(tx, request.params.id, request.body)),
  );

  app.patch(
    '/v1/customers/:id/contacts/:contactId',
    { schema: { tags, summary: 'Change a contact', params: ContactParams, body: ContactChanges, response: { 200: Contact, ...errorResponses(403, 404) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateContact(tx, request.params.id, request.params.contactId, request.body)),
  );

  app.post(
    '/v1/customers/:id/addresses',
    { schema: { tags, summary: 'Add an address', params: CustomerIdParams, body: AddressInput, response: { 201: Address, ...errorResponses(403, 404) } } },
    (request, reply) => runCommand(request, reply, 201, (tx) => addAddress(tx, request.params.id, request.body)),
  );

  app.patch(
    '/v1/customers/:id/addresses/:addressId',
    { schema: { tags, summary: 'Change an address', params: AddressParams, body: AddressChanges, response: { 200: Address, ...errorResponses(403, 404) } } },
    (request, reply) => runCommand(request, reply, 200, (tx) => updateAddress(tx, request.params.id, request.params.addressId, request.body)),
  );

  app.get(
    '/v1/customers/:id/events',
    {
      schema: {
        tags,
        summary: "A customer's events, oldest first",
        params: CustomerIdParams,
        querystring: ListEventsQuery.omit({ customer_id: true }),
        response: { 200: listOf(Event), ...errorResponses(403, 404) },
      },
    },
    async (request) => {
      await requireCustomer(app.omc.db, request.params.id);
      return listEvents(app.omc.db, { ...request.query, customer_id: request.params.id });
    },
  );
};
