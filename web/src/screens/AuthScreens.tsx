// Sign in and sign up, validated with the API's own request schemas.
import { Link, Navigate, useLocation } from 'react-router';
import { loginRequestSchema, registerRequestSchema } from '../../../contracts/auth.js';
import { auth, useSession } from '../auth/useAuth.js';
import { ErrorMessage, Field } from '../components/ui.js';
import { errorFor } from '../lib/forms.js';
import { useSchemaForm } from '../lib/useSchemaForm.js';

function useAfterSignIn(): string {
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  return from && from.startsWith('/') ? from : '/trips';
}

export function SignInScreen() {
  const session = useSession();
  const target = useAfterSignIn();
  const { errors, failure, busy, onSubmit } = useSchemaForm(loginRequestSchema, (form) => ({ email: form.get('email'), password: form.get('password') }), (body) => auth.signIn(body));
  if (session) return <Navigate to={target} replace />;

  return (
    <main id="main" className="auth-page">
      <h1>Sign in to TripSage</h1>
      <form onSubmit={onSubmit} noValidate className="card">
        <Field label="Email" name="email" type="email" autoComplete="email" required error={errorFor(errors, 'email')} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required error={errorFor(errors, 'password')} />
        <ErrorMessage error={failure} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? <Link to="/signup">Create an account</Link>
      </p>
    </main>
  );
}

export function SignUpScreen() {
  const session = useSession();
  const { errors, failure, busy, onSubmit } = useSchemaForm(
    registerRequestSchema,
    (form) => ({ displayName: form.get('displayName'), email: form.get('email'), password: form.get('password') }),
    (body) => auth.signUp(body),
  );
  if (session) return <Navigate to="/trips" replace />;

  return (
    <main id="main" className="auth-page">
      <h1>Create your TripSage account</h1>
      <form onSubmit={onSubmit} noValidate className="card">
        <Field label="Name" name="displayName" autoComplete="name" required error={errorFor(errors, 'displayName')} />
        <Field label="Email" name="email" type="email" autoComplete="email" required error={errorFor(errors, 'email')} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 10 characters." error={errorFor(errors, 'password')} />
        <ErrorMessage error={failure} />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p>
        Have an account? <Link to="/signin">Sign in</Link>
      </p>
    </main>
  );
}
