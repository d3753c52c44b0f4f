import { getAll, type Customer, type Product } from './api';

/** Names for ids: customers and products, loaded once per page view (the demo has dozens, not thousands). */
export async function loadNames(): Promise<{ customers: Map<string, Customer>; products: Map<string, Product> }> {
  const [customers, products] = await Promise.all([getAll<Customer>('/v1/customers'), getAll<Product>('/v1/products')]);
  return { customers: new Map(customers.map((c) => [c.id, c])), products: new Map(products.map((p) => [p.id, p])) };
}
