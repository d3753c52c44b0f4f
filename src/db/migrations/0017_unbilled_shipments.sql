-- Finance's "to invoice" list asks, shipment by shipment, whether any invoice line bills it yet.
create index invoice_lines_shipment_idx on invoice_lines (shipment_id);
