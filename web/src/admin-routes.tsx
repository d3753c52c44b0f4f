import type { ReactNode } from 'react';
import './records.css';
import { CustomerPage } from './pages/CustomerPage';
import { Customers } from './pages/Customers';
import { ProductPage } from './pages/ProductPage';
import { Products } from './pages/Products';
import { Queue } from './pages/Queue';
import { Stock } from './pages/Stock';
import { match } from './router';

/**
 * The priority queue, customer, product and stock screens' routes and links, kept here so App.tsx needs a
 * line each. Every staff role reads them (the API lets all departments read); the actions on each page are
 * shown to the roles that may take them (src/access/permissions.ts).
 */
export function adminStaffPage(path: string): ReactNode | null {
  if (path === '/queue') return <Queue />;
  if (path === '/customers') return <Customers />;
  const customer = match('/customers/:id', path);
  if (customer) return <CustomerPage key={customer.id} id={customer.id!} />;
  if (path === '/products') return <Products />;
  const product = match('/products/:id', path);
  if (product) return <ProductPage key={product.id} id={product.id!} />;
  if (path === '/stock') return <Stock />;
  return null;
}

const LINKS: { to: string; label: string; roles?: string[] }[] = [
  { to: '/queue', label: 'Queue', roles: ['operations', 'csr', 'sales', 'executive', 'warehouse', 'finance'] },
  { to: '/customers', label: 'Customers', roles: ['csr', 'sales', 'finance', 'executive', 'service', 'marketing'] },
  { to: '/products', label: 'Products', roles: ['operations', 'pricing', 'sales', 'warehouse'] },
  { to: '/stock', label: 'Stock', roles: ['warehouse', 'operations', 'csr'] },
];

export function adminStaffLinks(role: string): { to: string; label: string }[] {
  return LINKS.filter((l) => role === 'admin' || !l.roles || l.roles.includes(role));
}
