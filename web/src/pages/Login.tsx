import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { Button, Field, Notice } from '../ds';
import { useLocation, useNavigate } from '../router';
import { useSession } from '../session';

/** Log in with e-mail and password (POST /v1/sessions sets the session cookie); errors at their field. */
export function Login({ portal = false }: { portal?: boolean }) {
  const { refresh } = useSession();
  const navigate = useNavigate();
  const { search } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local: typeof errors = {};
    if (!email.trim()) local.email = 'Enter your e-mail address.';
    if (!password) local.password = 'Enter your password.';
    setErrors(local);
    if (local.email || local.password) return;
    setBusy(true);
    try {
      await api('POST', '/v1/sessions', { email: email.trim(), password });
      const me = await refresh();
      const next = search.get('next');
      const home = me?.role === 'customer' ? '/portal' : '/';
      // Only a path of this site, and only one of the right side (a customer never lands on a staff page).
      const safe = next && next.startsWith('/') && !next.startsWith('//') && next.startsWith('/portal') === (home === '/portal') ? next : home;
      navigate(safe, true);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_credentials') setErrors({ password: error.message });
      else if (error instanceof ApiError && Object.keys(error.fields).length > 0) setErrors({ email: error.fields.email, password: error.fields.password });
      else setErrors({ form: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login card" id="main">
      <h1>{portal ? 'Your orders' : 'omc console'}</h1>
      <p className="muted">{portal ? 'Log in to follow your orders and their delivery dates.' : 'Log in with your omc account.'}</p>
      {errors.form ? <Notice tone="bad">{errors.form}</Notice> : null}
      <form onSubmit={submit} noValidate>
        <Field label="E-mail" name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} autoFocus />
        <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} />
        <Button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </Button>
      </form>
      <p className="small muted">
        {portal ? (
          <>
            Staff? Use the <a href="/login">console</a>.
          </>
        ) : (
          <>
            Customer? Follow your orders in the <a href="/portal/login">portal</a>.
          </>
        )}
      </p>
    </main>
  );
}
