import type { Kysely } from 'kysely';
import { AppError } from '../../core/errors';
import type { DB } from '../../db/schema';
import { missingForIssuing } from '../settings-schemas';
import type { BillingSettingsTable } from '../tables';

/** The seller's one settings row (the migration creates it). */
export async function billingSettings(db: Kysely<DB>): Promise<BillingSettingsTable> {
  return db.selectFrom('billing_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

/** The settings, refusing (409) while a field that every invoice must carry is missing. */
export async function settingsForIssuing(db: Kysely<DB>) {
  return issuable(await billingSettings(db));
}

/** `settingsForIssuing` of settings already read. */
export function issuable(settings: BillingSettingsTable): BillingSettingsTable & { legal_name: string; country: string } {
  const missing = missingForIssuing(settings);
  if (missing.length > 0) throw new AppError('billing_not_configured', undefined, { missing });
  return { ...settings, legal_name: settings.legal_name!, country: settings.country!.trim() };
}
