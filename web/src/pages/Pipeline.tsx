import { formatMoney, get, type Money } from '../api';
import { ErrorNotice, Loading, Page, Table, useLoad } from '../ds';

/** Who reads the pipeline (GET /v1/pipeline), besides admin. */
export const PIPELINE_ROLES = ['sales', 'marketing', 'executive'];

interface StageSum {
  stage: string;
  count: number;
  value: Money;
  weighted_value: Money;
}
interface CurrencyPipeline {
  currency: string;
  stages: StageSum[];
  open: { count: number; value: Money; weighted_value: Money };
}

/** Opportunities per stage, per currency: how many, what they are worth, and worth weighted by probability. */
export function Pipeline() {
  const { data, error } = useLoad(() => get<{ data: CurrencyPipeline[] }>('/v1/pipeline').then((r) => r.data), 'pipeline');
  return (
    <Page title="Pipeline">
      {error ? <ErrorNotice error={error} /> : null}
      {!data && !error ? <Loading /> : null}
      {data?.length === 0 ? <p className="muted">No opportunities yet.</p> : null}
      {data?.map((p) => {
        const largest = Math.max(1, ...p.stages.map((s) => s.value.amount));
        return (
          <section key={p.currency} aria-labelledby={`h-${p.currency}`}>
            <h2 id={`h-${p.currency}`}>
              {p.currency}: {p.open.count} open, {formatMoney(p.open.value)} ({formatMoney(p.open.weighted_value)} weighted)
            </h2>
            <Table
              rows={p.stages}
              rowKey={(s) => s.stage}
              columns={[
                { header: 'Stage', cell: (s) => s.stage },
                { header: 'Count', cell: (s) => s.count, align: 'right' },
                { header: 'Value', cell: (s) => formatMoney(s.value), align: 'right' },
                { header: 'Weighted', cell: (s) => formatMoney(s.weighted_value), align: 'right' },
                {
                  header: 'Share',
                  cell: (s) => (
                    <span className="bar stacked" aria-hidden="true">
                      <span className="bar-value" style={{ width: `${(s.value.amount / largest) * 100}%` }} />
                      <span style={{ width: `${(s.weighted_value.amount / largest) * 100}%` }} />
                    </span>
                  ),
                },
              ]}
            />
          </section>
        );
      })}
      <p className="muted small">The light bar is the stage's value, the dark one its value weighted by each opportunity's probability.</p>
    </Page>
  );
}
