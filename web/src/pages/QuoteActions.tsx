import { useState, type FormEvent } from 'react';
import { api, ApiError, type Order } from '../api';
import { Button, Field, Notice, Select, TextArea, unplacedError } from '../ds';
import { QUOTE_DEPARTMENTS, quoteActions, type Quote, type QuoteAction } from '../quotes';

/** A step that needs words (a comment, a reason, a department): its form, opened by its button. */
const FORMS: Partial<Record<QuoteAction, { open: string; confirm: string; field?: 'comment' | 'reason' | 'note' | 'external_ref'; label?: string }>> = {
  hand_over: { open: 'Hand over…', confirm: 'Hand over', field: 'note', label: 'Note (optional)' },
  approve: { open: 'Approve…', confirm: 'Approve', field: 'comment', label: 'Comment' },
  deny: { open: 'Deny…', confirm: 'Deny', field: 'comment', label: 'Why denied' },
  accept: { open: 'Accept for the customer…', confirm: 'Accept and enter the order', field: 'external_ref', label: "Customer's PO number (optional)" },
  reject: { open: 'Record the decline…', confirm: 'Record the decline', field: 'reason', label: 'Why the customer declined' },
  revise: { open: 'Revise…', confirm: 'Make a new version', field: 'reason', label: 'Why revise' },
};

const PATHS: Record<QuoteAction, string> = {
  draft: 'draft',
  edit: '',
  hand_over: 'hand-over',
  submit: 'submit',
  approve: 'approve',
  deny: 'deny',
  accept: 'accept',
  reject: 'reject',
  revise: 'revise',
};

/**
 * The steps the signed-in role may take on the quote now, and nothing else. Each answer of the API goes
 * to `onDone`: the quote as it is now (after accepting, with its order; after revising, the new version).
 */
export function QuoteActions({ quote, role, onDone, onEdit }: { quote: Quote; role: string; onDone: (quote: Quote, order?: Order) => void; onEdit: () => void }) {
  const actions = quoteActions(quote, role);
  const [open, setOpen] = useState<QuoteAction | null>(null);
  const [text, setText] = useState('');
  const [department, setDepartment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = error instanceof ApiError ? error.fields : {};

  const departments = QUOTE_DEPARTMENTS.filter((d) => d !== quote.clock.holder);
  function start(action: QuoteAction) {
    setOpen(action);
    setText('');
    setDepartment(departments[0] ?? '');
    setError(null);
  }

  async function run(action: QuoteAction) {
    const form = FORMS[action];
    const body =
      action === 'hand_over' ? { department, ...(text.trim() ? { note: text.trim() } : {}) }
      : action === 'accept' ? (text.trim() ? { external_ref: text.trim() } : {})
      : form?.field ? { [form.field]: text }
      : {};
    setBusy(true);
    setError(null);
    try {
      const answer = await api<Quote | { quote: Quote; order: Order }>('POST', `/v1/quotes/${encodeURIComponent(quote.id)}/${PATHS[action]}`, body);
      setOpen(null);
      if ('order' in answer) onDone(answer.quote, answer.order);
      else onDone(answer);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (actions.size === 0) return <p className="muted small" data-testid="quote-actions">Nothing for {role} to do on this quote now.</p>;
  const form = open ? FORMS[open] : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (open) void run(open);
  };
  const message = unplacedError(error, (f) => f === 'comment' || f === 'reason' || f === 'note' || f === 'external_ref' || f === 'department');

  return (
    <div data-testid="quote-actions">
      {message && !open ? <Notice tone="bad">{message}</Notice> : null}
      <div className="page-actions">
        {actions.has('draft') ? (
          <Button disabled={busy} onClick={() => run('draft')}>
            Start drafting
          </Button>
        ) : null}
        {actions.has('edit') ? (
          <Button variant="secondary" disabled={busy} onClick={onEdit}>
            Edit lines
          </Button>
        ) : null}
        {actions.has('submit') ? (
          <Button disabled={busy} onClick={() => run('submit')}>
            Submit
          </Button>
        ) : null}
        {(Object.keys(FORMS) as QuoteAction[])
          .filter((a) => actions.has(a))
          .map((a) => (
            <Button key={a} variant="secondary" disabled={busy} aria-expanded={open === a} onClick={() => (open === a ? setOpen(null) : start(a))}>
              {FORMS[a]!.open}
            </Button>
          ))}
      </div>
      {open && form ? (
        <form className="card step-form" onSubmit={submit} noValidate aria-label={form.confirm}>
          {message ? <Notice tone="bad">{message}</Notice> : null}
          {open === 'hand_over' ? (
            <Select label="To department" value={department} onChange={(e) => setDepartment(e.target.value)} error={fields.department}>
              {departments.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </Select>
          ) : null}
          {form.field === 'external_ref' ? (
            <Field label={form.label!} value={text} onChange={(e) => setText(e.target.value)} error={fields.external_ref} autoFocus />
          ) : (
            <TextArea label={form.label!} value={text} onChange={(e) => setText(e.target.value)} error={fields[form.field!]} autoFocus={open !== 'hand_over'} />
          )}
          <div className="page-actions">
            <Button type="submit" disabled={busy}>
              {form.confirm}
            </Button>
            <Button variant="quiet" onClick={() => setOpen(null)}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
