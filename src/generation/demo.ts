import type { Tx } from '../db/transaction';
import { addCustomerNote } from './commands/add-customer-note';
import { changeOpportunityStage } from './commands/change-opportunity-stage';
import { convertLead } from './commands/convert-lead';
import { createCampaign } from './commands/create-campaign';
import { createLead } from './commands/create-lead';
import { createOpportunity } from './commands/create-opportunity';
import { moveLead } from './commands/move-lead';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** Demo data for order generation: two campaigns, leads at every step, a small pipeline and a note for sales. */
export async function seedGeneration(tx: Tx, customers: string[]): Promise<void> {
  const fair = await createCampaign(tx, { name: 'Hannover Messe booth', channel: 'trade_show', budget: eur(2_500_000), starts_on: '2026-04-20', ends_on: '2026-04-24' });
  const mailing = await createCampaign(tx, { name: 'Spring pump upgrade mailing', channel: 'email', budget: eur(300_000), starts_on: '2026-01-15' });
  const won = await createLead(tx, { company: 'Stadtwerke Nord', contact_name: 'Jana Berg', email: 'j.berg@stadtwerke-nord.example', campaign_id: mailing.id });
  await moveLead(tx, won.id, { to: 'qualified', note: 'needs 12 pumps before summer' });
  const { opportunity } = await convertLead(tx, won.id, {
    customer: { name: 'Stadtwerke Nord', tier: 'standard', currency: 'EUR', email: 'einkauf@stadtwerke-nord.example' },
    opportunity: { name: 'Pump station retrofit', expected_value: eur(4_800_000), expected_close: '2026-06-30' },
  });
  await changeOpportunityStage(tx, opportunity.id, { stage: 'proposal' });
  const contacted = await createLead(tx, { company: 'Aqua Terra SA', contact_name: 'Luc Moreau', campaign_id: mailing.id });
  await moveLead(tx, contacted.id, { to: 'contacted' });
  await createLead(tx, { company: 'Hafenbetriebe Kiel', contact_name: 'Ole Jensen', campaign_id: fair.id });
  const student = await createLead(tx, { company: 'TU project group', campaign_id: mailing.id });
  await moveLead(tx, student.id, { to: 'disqualified', reason: 'student project, no budget' });
  const [first, second] = customers;
  if (first) {
    const upsell = await createOpportunity(tx, { customer_id: first, name: 'Valve replacement programme', expected_value: eur(1_200_000), expected_close: '2026-05-15' });
    await changeOpportunityStage(tx, upsell.id, { stage: 'negotiation' });
    await addCustomerNote(tx, first, 'Service visit: two DN80 valves leak at the flange; they asked for a quote for the whole line.');
  }
  if (second) await createOpportunity(tx, { customer_id: second, name: 'Spare parts framework', expected_value: eur(350_000) });
}
