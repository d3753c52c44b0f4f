import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import { Button, Field, Notice, unplacedError } from '../ds';
import type { Shipment } from '../fulfillment';

export interface StepForm {
  shipment: Shipment;
  action: 'ship' | 'deliver' | 'cancel';
}

const TITLES = { ship: 'Ship', deliver: 'Record the delivery of', cancel: 'Cancel' };
const today = () => new Date().toISOString().slice(0, 10);

/** The steps that need words: the carrier and tracking number, the delivery date, a reason to cancel. */
export function ShipmentStepForm({ form, onCancel, onDone }: { form: StepForm; onCancel: () => void; onDone: () => void }) {
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [packages, setPackages] = useState('1');
  const [deliveredOn, setDeliveredOn] = useState(today);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const fields = error instanceof ApiError ? error.fields : {};

  function body() {
    if (form.action === 'ship') return { carrier, tracking_number: tracking, packages: /^\d+$/.test(packages) ? Number(packages) : packages };
    if (form.action === 'deliver') return { delivered_on: deliveredOn };
    return { reason };
  }

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/v1/shipments/${encodeURIComponent(form.shipment.id)}/${form.action}`, body());
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const message = unplacedError(error, (f) => ['carrier', 'tracking_number', 'packages', 'delivered_on', 'reason'].includes(f));
  return (
    <section className="card spaced" aria-labelledby="h-step" data-testid="shipment-step">
      <h2 id="h-step" tabIndex={-1} ref={heading}>
        {TITLES[form.action]} {form.shipment.number}
      </h2>
      <form className="action-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        {form.action === 'ship' ? (
          <div className="filters">
            <Field label="Carrier" value={carrier} onChange={(e) => setCarrier(e.target.value)} error={fields.carrier} />
            <Field label="Tracking number" value={tracking} onChange={(e) => setTracking(e.target.value)} error={fields.tracking_number} />
            <Field label="Packages" inputMode="numeric" value={packages} onChange={(e) => setPackages(e.target.value)} error={fields.packages} />
          </div>
        ) : form.action === 'deliver' ? (
          <Field label="Delivered on" type="date" value={deliveredOn} onChange={(e) => setDeliveredOn(e.target.value)} error={fields.delivered_on} />
        ) : (
          <Field label="Why cancel" value={reason} onChange={(e) => setReason(e.target.value)} error={fields.reason} hint="Its units stay reserved for the order." />
        )}
        {message ? <Notice tone="bad">{message}</Notice> : null}
        <div className="row-actions">
          <Button type="submit" disabled={busy}>
            {form.action === 'ship' ? 'Ship it' : form.action === 'deliver' ? 'Record the delivery' : 'Cancel the shipment'}
          </Button>
          <Button variant="quiet" onClick={onCancel}>
            Back
          </Button>
        </div>
      </form>
    </section>
  );
}
