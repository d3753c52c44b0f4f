import { useEffect, type ReactNode } from 'react';
import { Button, Loading, Notice, Page } from './ds';
import { Board } from './pages/Board';
import { Login } from './pages/Login';
import { OrderPage } from './pages/OrderPage';
import { Orders } from './pages/Orders';
import { PortalOrder } from './portal/PortalOrder';
import { PortalOrders } from './portal/PortalOrders';
import { Link, match, Router, useLocation, useNavigate } from './router';
import { SessionProvider, useSession } from './session';

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
    const order = match('/portal/orders/:id', path);
    return <PortalShell>{order ? <PortalOrder id={order.id!} /> : path === '/portal' ? <PortalOrders /> : <NotFound />}</PortalShell>;
  }

  if (path === '/login') return me ? <Redirect to={me.role === 'customer' ? '/portal' : '/'} /> : <Login />;
  if (!me) return <Redirect to={`/login?next=${encodeURIComponent(here)}`} />;
  // A customer never sees a staff page: the portal is theirs.
  if (me.role === 'customer') return <Redirect to="/portal" />;

  const order = match('/orders/:id', path);
  return (
    <StaffShell>
      {path === '/' ? <Board /> : path === '/orders' ? <Orders /> : order ? <OrderPage id={order.id!} /> : <NotFound />}
    </StaffShell>
  );
}

function NotFound() {
  return (
    <Page title="Not found">
      <Notice tone="bad">There is no page at this address.</Notice>
    </Page>
  );
}

function Nav({ to, children }: { to: string; children: ReactNode }) {
  const { path } = useLocation();
  const current = to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);
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
          omc · your orders
        </Link>
        <SignedIn home="/portal/login" />
      </header>
      {children}
    </>
  );
}
