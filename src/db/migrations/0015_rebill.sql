-- A disputed line re-billed: its remainder is credited and the shipment line billed again, corrected, on a
-- new invoice. Each shipment line is still billed once as itself; a correction names the line it corrects,
-- and each line is corrected at most once (a correction can itself be corrected).
alter table invoice_lines add column corrects_line_id text references invoice_lines (id);
alter table invoice_lines drop constraint invoice_lines_shipment_line_id_key;
create unique index invoice_lines_shipment_line_idx on invoice_lines (shipment_line_id) where corrects_line_id is null;
create unique index invoice_lines_corrects_idx on invoice_lines (corrects_line_id) where corrects_line_id is not null;

alter table disputes add column rebill_invoice_id text references invoices (id);
alter table disputes add constraint disputes_rebill_check check (resolution = 'rebill' or rebill_invoice_id is null);
