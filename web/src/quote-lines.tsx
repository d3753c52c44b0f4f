import type { Product } from './api';
import { Button, Field, Select } from './ds';
import { parseDecimal } from './quotes';

/**
 * The product lines of a quote being asked for (portal) or drafted (console, with a discount per line). Each
 * field shows its own message: the API's `lines.N.field` or the few checks made here before sending.
 */
export interface LineRow {
  key: number;
  product_id: string;
  quantity: string;
  discount: string;
}

export interface LineInput {
  product_id: string;
  quantity: number;
  discount_percent?: number;
}

let nextKey = 1;
export const newLineRow = (from: Partial<LineRow> = {}): LineRow => ({ product_id: '', quantity: '1', discount: '', ...from, key: nextKey++ });

/** The rows as the API's `lines`, or the messages of the fields that cannot be sent as they are. */
export function linesInput(rows: LineRow[], withDiscount: boolean): { lines: LineInput[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const lines = rows.map((row, i) => {
    if (!row.product_id) errors[`lines.${i}.product_id`] = 'Choose a product.';
    if (!/^\d+$/.test(row.quantity.trim())) errors[`lines.${i}.quantity`] = 'Enter a whole number of units.';
    const line: LineInput = { product_id: row.product_id, quantity: Number(row.quantity.trim()) };
    if (withDiscount && row.discount.trim()) {
      const discount = parseDecimal(row.discount);
      if (discount === null) errors[`lines.${i}.discount_percent`] = 'A percent, such as 12.5.';
      else line.discount_percent = discount;
    }
    return line;
  });
  return { lines, errors };
}

/** The messages without the one of a field just changed (null: without every line's). */
export const withoutMessage = (errors: Record<string, string>, field: string | null) =>
  Object.fromEntries(Object.entries(errors).filter(([k]) => (field === null ? !k.startsWith('lines') : k !== field)));

/** Does a field of the API's answer belong to one of these rows (so its message shows at the row)? */
export const isLineField = (field: string) => /^lines\.\d+\.(product_id|quantity|discount_percent)$/.test(field);

export function QuoteLinesEditor({
  rows,
  onChange,
  products,
  errors,
  onEdit,
  withDiscount = false,
}: {
  rows: LineRow[];
  onChange: (rows: LineRow[]) => void;
  products: Product[];
  errors: Record<string, string>;
  /** A field was changed (its message is stale); null when lines moved, so every line's message is. */
  onEdit: (field: string | null) => void;
  withDiscount?: boolean;
}) {
  const set = (i: number, field: string, patch: Partial<LineRow>) => {
    onEdit(`lines.${i}.${field}`);
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  return (
    <div className="lines-editor">
      {rows.map((row, i) => (
        <fieldset key={row.key} className={withDiscount ? "line-row line-row-discount" : "line-row"}>
          <legend>Line {i + 1}</legend>
          <Select label="Product" value={row.product_id} onChange={(e) => set(i, 'product_id', { product_id: e.target.value })} error={errors[`lines.${i}.product_id`]}>
            <option value="">Choose a product…</option>
            {products.map((p) => (
              <option key={p.id} value={p.id}>
                {p.sku} · {p.name}
              </option>
            ))}
          </Select>
          <Field label="Quantity" inputMode="numeric" value={row.quantity} onChange={(e) => set(i, 'quantity', { quantity: e.target.value })} error={errors[`lines.${i}.quantity`]} />
          {withDiscount ? (
            <Field label="Discount %" inputMode="decimal" placeholder="0" value={row.discount} onChange={(e) => set(i, 'discount_percent', { discount: e.target.value })} error={errors[`lines.${i}.discount_percent`]} />
          ) : null}
          <Button variant="secondary" aria-label={`Remove line ${i + 1}`} disabled={rows.length === 1} onClick={() => { onEdit(null); onChange(rows.filter((_, j) => j !== i)); }}>
            Remove
          </Button>
        </fieldset>
      ))}
      {errors.lines ? (
        <p className="field-message" role="alert">
          {errors.lines}
        </p>
      ) : null}
      <Button variant="secondary" onClick={() => onChange([...rows, newLineRow()])}>
        + Add a line
      </Button>
    </div>
  );
}
