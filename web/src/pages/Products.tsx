import { useState } from 'react';
import { formatMoney } from '../api';
import { Badge, ErrorNotice, Field, Loading, Page, Pager, Select, Table, usePagedList } from '../ds';
import { mayEditProduct, PRODUCT_KINDS, type ProductRecord } from '../records';
import { Link } from '../router';
import { useSession } from '../session';

/** The catalog: search by SKU or name, filter by kind and whether offered (all in the API), cursor paging. */
export function Products() {
  const { me } = useSession();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const [active, setActive] = useState('true');
  const { page, pager } = usePagedList<ProductRecord>('/v1/products', { q: q.trim(), kind, active });
  const filter = (set: (v: string) => void) => (e: { target: { value: string } }) => set(e.target.value);

  return (
    <Page title="Products" actions={mayEditProduct(me?.role ?? '') ? <Link className="btn btn-primary" to="/products/new">New product</Link> : null}>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label="Search by SKU or name" type="search" value={q} onChange={filter(setQ)} />
        <Select label="Kind" value={kind} onChange={filter(setKind)}>
          <option value="">Any kind</option>
          {PRODUCT_KINDS.map((k) => <option key={k} value={k}>{k.replace(/_/g, ' ')}</option>)}
        </Select>
        <Select label="Offered" value={active} onChange={filter(setActive)}>
          <option value="true">Active</option>
          <option value="false">Inactive</option>
          <option value="">Both</option>
        </Select>
      </form>
      {page.error ? <ErrorNotice error={page.error} /> : null}
      {page.loading ? <Loading /> : null}
      {page.data ? (
        <>
          <Table
            rows={page.data.data}
            rowKey={(p) => p.id}
            empty="No products match."
            columns={[
              { header: 'SKU', cell: (p) => <Link to={`/products/${p.id}`}>{p.sku}</Link> },
              { header: 'Name', cell: (p) => <>{p.name}{p.active ? null : <> <Badge>inactive</Badge></>}</> },
              { header: 'Kind', cell: (p) => p.kind.replace(/_/g, ' ') },
              { header: 'List price', cell: (p) => formatMoney(p.list_price), align: 'right' },
              { header: 'Standard cost', cell: (p) => (p.standard_cost ? formatMoney(p.standard_cost) : '—'), align: 'right' },
              { header: 'Lead time', cell: (p) => `${p.lead_time_days} d`, align: 'right' },
            ]}
          />
          <Pager {...pager} />
        </>
      ) : null}
    </Page>
  );
}
