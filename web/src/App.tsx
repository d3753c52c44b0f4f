import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Button, Loading, Notice, Page } from './ds';
import { Board } from './pages/Board';
import { Login } from './pages/Login';
import { OrderPage } from './pages/OrderPage';
import { Orders } from './pages/Orders';
import { Pipeline, PIPELINE_ROLES } from './pages/Pipeline';
import { NewQuote } from './pages/QuoteForm';
import { QuotePage } from './pages/QuotePage';
import { Quotes } from './pages/Quotes';
import { PortalOrder } from './portal/PortalOrder';
import { PortalOrders } from './portal/PortalOrders';
import { PortalQuote } from './portal/PortalQuote';
import { PortalQuoteRequest } from './portal/PortalQuoteRequest';
import { PortalQuotes } from './portal/PortalQuotes';
import { Link, match, Router, useLocation, useNavigate } from './router';
import { OPS_PORTAL_LINKS, opsPortalPage, opsStaffLinks, opsStaffPage } from './ops-routes';
import { adminStaffLinks, adminStaffPage } from './admin-routes';
import { SessionProvider, useSession } from './session';

// Charts load only with the page that draws them, so the first page stays small.
const Insights = lazy(() => import('./insights/Insights').then((m) => ({ default: m.Insights })));

export function App() {
  return (
    <SessionProvider>
      <Router>
        <Routes />
      </Router>
    </SessionProvider>
  );
}

/** Replace the location (no history entry) once rendered. */
function Redirect({ to }: { to: string }) {
  const navigate = useNavigate();
  useEffect(() => navigate(to, true), [navigate, to]);
  return null;
}

function Routes() {
  const { path } = useLocation();
  const { me } = useSession();
  if (me === undefined) return <Loading />;

  const here = `${window.location.pathname}${window.location.search}`;
  if (path === '/portal/login') return me?.role === 'customer' ? <Redirect to="/portal" /> : <Login portal />;
  if (path === '/portal' || path.startsWith('/portal/')) {
    if (!me) return <Redirect to={`/portal/login?next=${encodeURIComponent(here)}`} />;
    if (me.role !== 'customer') return <Redirect to="/" />;
    return <PortalShell>{portalPage(path)}</PortalShell>;
  }

  if (path === '/login') return me ? <Redirect to={me.role === 'customer' ? '/portal' : '/'} /> : <Login />;
  if (!me) return <Redirect to={`/login?next=${encodeURIComponent(here)}`} />;
  // A customer never sees a staff page: the portal is theirs.
  if (me.role === 'customer') return <Redirect to="/portal" />;

  return <StaffShell>{staffPage(path, me.role)}</StaffShell>;
}

function staffPage(path: string, role: string) {
  if (path === '/') return <Board />;
  if (path === '/orders') return <Orders />;
  if (path === '/quotes') return <Quotes />;
  if (path === '/quotes/new') return <NewQuote />;
  if (path === '/pipeline' && (role === 'admin' || PIPELINE_ROLES.includes(role))) return <Pipeline />;
  if (path === '/insights') return <Suspense fallback={<Loading />}><Insights /></Suspense>;
  const order = match('/orders/:id', path);
  if (order) return <OrderPage id={order.id!} />;
  const quote = match('/quotes/:id', path);
  if (quote) return <QuotePage key={quote.id} id={quote.id!} />;
  return opsStaffPage(path, role) ?? adminStaffPage(path) ?? <NotFound />;
}

function portalPage(path: string) {
  if (path === '/portal') return <PortalOrders />;
  if (path === '/portal/quotes') return <PortalQuotes />;
  if (path === '/portal/quotes/new') return <PortalQuoteRequest />;
  const order = match('/portal/orders/:id', path);
  if (order) return <PortalOrder id={order.id!} />;
  const quote = match('/portal/quotes/:id', path);
  if (quote) return <PortalQuote key={quote.id} id={quote.id!} />;
  return opsPortalPage(path) ?? <NotFound />;
}

function NotFound() {
  return (
    <Page title="Not found">
      <Notice tone="bad">There is no page at this address.</Notice>
    </Page>
  );
}

/** A link of the top bar, current on its page and on the pages under `prefix` (by default, under itself). */
function Nav({ to, prefix = to, children }: { to: string; prefix?: string; children: ReactNode }) {
  const { path } = useLocation();
  const current = path === to || (to !== '/' && path.startsWith(`${prefix}/`));
  return (
    <Link to={to} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

function SignedIn({ home }: { home: string }) {
  const { me, logout } = useSession();
  const navigate = useNavigate();
  return (
    <div className="who">
      <span>
        {me?.name} <span className="muted">({me?.role})</span>
      </span>
      <Button
        variant="quiet"
        onClick={async () => {
          await logout();
          navigate(home, true);
        }}
      >
        Log out
      </Button>
    </div>
  );
}

function StaffShell({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const pipeline = me?.role === 'admin' || PIPELINE_ROLES.includes(me?.role ?? '');
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          omc
        </Link>
        <nav aria-label="Console">
          <Nav to="/">Cycle board</Nav>
          <Nav to="/orders">Orders</Nav>
          <Nav to="/quotes">Quotes</Nav>
          {pipeline ? <Nav to="/pipeline">Pipeline</Nav> : null}
          <Nav to="/insights">Insights</Nav>
          {opsStaffLinks(me?.role ?? '').map((l) => <Nav key={l.to} to={l.to}>{l.label}</Nav>)}
          {adminStaffLinks(me?.role ?? '').map((l) => <Nav key={l.to} to={l.to}>{l.label}</Nav>)}
          <a href="/docs">API</a>
        </nav>
        <SignedIn home="/login" />
      </header>
      {children}
    </>
  );
}

function PortalShell({ children }: { children: ReactNode }) {
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/portal" className="brand">
          omc · your account
        </Link>
        <nav aria-label="Portal">
          <Nav to="/portal" prefix="/portal/orders">
            Orders
          </Nav>
          <Nav to="/portal/quotes">Quotes</Nav>
          {OPS_PORTAL_LINKS.map((l) => <Nav key={l.to} to={l.to} prefix={l.prefix}>{l.label}</Nav>)}
        </nav>
        <SignedIn home="/portal/login" />
      </header>
      {children}
    </>
  );
}
