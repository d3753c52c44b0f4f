import type { z } from 'zod';
import { AppError } from '../../core/errors';
import { appendEvent } from '../../cycle/commands/append-event';
import type { Tx } from '../../db/transaction';
import { presentRoutingOperation, type RoutingOperationInput } from '../manufacturing-schemas';
import { checkOperations, lockRoutingOf, operationRow } from './replace-routing';

/** Add one operation to a product's routing at its sequence number. */
export async function addRoutingOperation(tx: Tx, productId: string, input: z.infer<typeof RoutingOperationInput>) {
  await lockRoutingOf(tx, productId);
  const centers = await checkOperations(tx, [input], '');
  const taken = await tx.db
    .selectFrom('routing_operations')
    .select('id')
    .where('product_id', '=', productId)
    .where('sequence', '=', input.sequence)
    .executeTakeFirst();
  if (taken) {
    throw new AppError('already_exists', `Sequence ${input.sequence} is taken by operation ${taken.id} of this routing.`, {
      fields: { sequence: 'Already used in this routing.' },
      id: taken.id,
    });
  }
  const row = operationRow(tx, productId, input);
  await tx.db.insertInto('routing_operations').values(row).execute();
  await appendEvent(tx, {
    type: 'routing.operation_added',
    subject: { type: 'product', id: productId },
    stage: 'planning',
    data: {
      operation_id: row.id,
      sequence: row.sequence,
      work_center_id: row.work_center_id,
      description: row.description,
      setup_minutes: row.setup_minutes,
      run_minutes: row.run_minutes,
    },
  });
  return presentRoutingOperation({ ...row, work_center_code: centers.get(row.work_center_id)!.code });
}
