// Settings: the account, API keys for the traveler's own agents, and signing out here or everywhere.
// On phones this is where the header's account controls live (the header keeps the connection state only).
import { useState } from 'react';
import { Link } from 'react-router';
import { auth, useSession } from '../auth/useAuth.js';
import { ErrorMessage, Section } from '../components/ui.js';

export function SettingsScreen() {
  const session = useSession();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  const everywhere = async () => {
    setBusy(true);
    setError(null);
    try {
      await auth.signOutEverywhere();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <>
      <h1>Settings</h1>
      <Section title="Account">
        <dl className="facts">
          <div>
            <dt>Name</dt>
            <dd>{session.user.displayName}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{session.user.email}</dd>
          </div>
        </dl>
        <div className="row">
          <button type="button" className="secondary" onClick={() => void auth.signOut()}>
            Sign out
          </button>
          <button type="button" className="danger" onClick={() => void everywhere()} disabled={busy}>
            Sign out everywhere
          </button>
        </div>
        <ErrorMessage error={error} prefix="Could not sign out everywhere" />
      </Section>
      <Section title="For your own tools">
        <ul className="link-list">
          <li>
            <Link to="/keys">API keys</Link>
            <span className="muted small"> — let your scripts and travel agents read or suggest changes to your trips.</span>
          </li>
          {session.user.role === 'operator' && (
            <li>
              <Link to="/runs">Runs</Link>
              <span className="muted small"> — planning and booking runs (operators).</span>
            </li>
          )}
          <li>
            <Link to="/status">Service status</Link>
          </li>
        </ul>
      </Section>
    </>
  );
}
