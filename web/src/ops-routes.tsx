import type { ReactNode } from 'react';
import { DISPUTE_READERS } from './billing';
import { SCHEDULE_READERS } from './fulfillment';
import { DisputePage } from './pages/DisputePage';
import { Disputes } from './pages/Disputes';
import { DroppedBalls } from './pages/DroppedBalls';
import { InvoicePage } from './pages/InvoicePage';
import { Invoices } from './pages/Invoices';
import { Payments } from './pages/Payments';
import { QuoteRules } from './pages/QuoteRules';
import { Schedule } from './pages/Schedule';
import { Shipments } from './pages/Shipments';
import { WorkOrders } from './pages/WorkOrders';
import { PortalDispute } from './portal/PortalDispute';
import { PortalInvoice } from './portal/PortalInvoice';
import { PortalInvoices } from './portal/PortalInvoices';
import { match } from './router';

/**
 * The billing, quote rule, fulfillment and schedule screens' routes and links, kept here so App.tsx needs a line each.
 * A page is offered only to the roles whose API calls it makes are allowed (src/access/permissions.ts).
 */
const mayReadDisputes = (role: string) => DISPUTE_READERS.includes(role);

export function opsStaffPage(path: string, role: string): ReactNode | null {
  if (path === '/invoices') return <Invoices />;
  if (path === '/payments') return <Payments />;
  if (path === '/quote-rules') return <QuoteRules />;
  if (path === '/shipments') return <Shipments />;
  if (path === '/work-orders') return <WorkOrders />;
  if (path === '/dropped-balls') return <DroppedBalls />;
  if (path === '/schedule' && SCHEDULE_READERS.includes(role)) return <Schedule />;
  const invoice = match('/invoices/:id', path);
  if (invoice) return <InvoicePage key={invoice.id} id={invoice.id!} />;
  if (mayReadDisputes(role)) {
    if (path === '/disputes') return <Disputes />;
    const dispute = match('/disputes/:id', path);
    if (dispute) return <DisputePage key={dispute.id} id={dispute.id!} />;
  }
  return null;
}

export function opsPortalPage(path: string): ReactNode | null {
  if (path === '/portal/invoices') return <PortalInvoices />;
  const invoice = match('/portal/invoices/:id', path);
  if (invoice) return <PortalInvoice key={invoice.id} id={invoice.id!} />;
  const dispute = match('/portal/disputes/:id', path);
  if (dispute) return <PortalDispute key={dispute.id} id={dispute.id!} />;
  return null;
}

/** The top bar offers each screen to the roles whose work it is (no roles: everyone's); the page opens for every role the API lets read it. */
const LINKS: { to: string; label: string; roles?: string[] }[] = [
  { to: '/invoices', label: 'Invoices', roles: ['finance', 'csr', 'sales', 'executive'] },
  { to: '/disputes', label: 'Disputes', roles: ['finance', 'csr', 'sales', 'executive'] },
  { to: '/payments', label: 'Payments', roles: ['finance', 'executive'] },
  { to: '/quote-rules', label: 'Quote rules', roles: ['finance', 'executive', 'sales', 'pricing'] },
  { to: '/shipments', label: 'Shipments', roles: ['warehouse', 'operations', 'csr'] },
  { to: '/work-orders', label: 'Work orders', roles: ['operations', 'warehouse', 'service'] },
  { to: '/schedule', label: 'Schedule', roles: SCHEDULE_READERS },
  { to: '/dropped-balls', label: 'Dropped balls' },
];

export function opsStaffLinks(role: string): { to: string; label: string }[] {
  return LINKS.filter((l) => role === 'admin' || !l.roles || l.roles.includes(role));
}

export const OPS_PORTAL_LINKS = [{ to: '/portal/invoices', label: 'Invoices', prefix: '/portal/invoices' }];
