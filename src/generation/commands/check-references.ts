import { AppError, invalidFields } from '../../core/errors';
import type { Tx } from '../../db/transaction';

/** A 404 for an id given in the body, naming the field it came in. */
export function missing(kind: string, id: string, field: string): AppError {
  return new AppError('not_found', `No ${kind} with id ${id}.`, { id, fields: { [field]: `No such ${kind}.` } });
}

export async function requireCampaign(tx: Tx, id: string, field = 'campaign_id') {
  const campaign = await tx.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!campaign) throw missing('campaign', id, field);
  return campaign;
}

export async function requireCustomerRef(tx: Tx, id: string, field = 'customer_id') {
  const customer = await tx.db.selectFrom('customers').select('id').where('id', '=', id).executeTakeFirst();
  if (!customer) throw missing('customer', id, field);
}

/** Leads and opportunities are owned by staff: a customer's user cannot be their owner. */
export async function requireOwner(tx: Tx, id: string, field = 'owner') {
  const user = await tx.db.selectFrom('users').select(['id', 'role', 'active']).where('id', '=', id).executeTakeFirst();
  if (!user) throw missing('user', id, field);
  if (user.role === 'customer' || !user.active) throw invalidFields({ [field]: 'The owner must be an active staff user.' });
}

/** The optional references of a lead or opportunity, checked when given (null clears them and needs no check). */
export async function checkReferences(tx: Tx, refs: { campaign_id?: string | null | undefined; owner?: string | null | undefined }) {
  if (refs.campaign_id) await requireCampaign(tx, refs.campaign_id);
  if (refs.owner) await requireOwner(tx, refs.owner);
}
