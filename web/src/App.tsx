// Routes and the signed-in layout: skip link, header with navigation, connection state, sign-out.
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useSyncExternalStore, type ComponentType } from 'react';
import { apiReachability } from './api/client.js';
import { Link, Navigate, NavLink, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { auth, useSession } from './auth/useAuth.js';
import { Notifications } from './components/notifications.js';
import { RealtimeProvider, useConnectionState, useWatchTrips } from './realtime/RealtimeProvider.js';
import { useWatches } from './hooks/watches.js';
import { SignInScreen, SignUpScreen } from './screens/AuthScreens.js';
import { NotFoundScreen } from './screens/NotFoundScreen.js';
import { TripsScreen } from './screens/TripsScreen.js';
import { Loading } from './components/ui.js';

/** A screen's module loaded when first shown: each is its own chunk, so the first load is the shell only. */
function lazyScreen<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const TripScreen = lazyScreen(() => import('./screens/TripScreen.js'), 'TripScreen');
const NewTripScreen = lazyScreen(() => import('./screens/NewTripScreen.js'), 'NewTripScreen');
const ProposalsScreen = lazyScreen(() => import('./screens/ProposalsScreen.js'), 'ProposalsScreen');
const BookingsScreen = lazyScreen(() => import('./screens/BookingsScreen.js'), 'BookingsScreen');
const BookingScreen = lazyScreen(() => import('./screens/BookingsScreen.js'), 'BookingScreen');
const CheckoutScreen = lazyScreen(() => import('./screens/CheckoutScreen.js'), 'CheckoutScreen');
const CheckoutReviewScreen = lazyScreen(() => import('./screens/CheckoutScreen.js'), 'CheckoutReviewScreen');
const BookingConfirmedScreen = lazyScreen(() => import('./screens/CheckoutScreen.js'), 'BookingConfirmedScreen');
const WatchesScreen = lazyScreen(() => import('./screens/WatchesScreen.js'), 'WatchesScreen');
const WatchScreen = lazyScreen(() => import('./screens/WatchesScreen.js'), 'WatchScreen');
const MemoriesScreen = lazyScreen(() => import('./screens/MemoriesScreen.js'), 'MemoriesScreen');
const ApiKeysScreen = lazyScreen(() => import('./screens/ApiKeysScreen.js'), 'ApiKeysScreen');
const SettingsScreen = lazyScreen(() => import('./screens/SettingsScreen.js'), 'SettingsScreen');
const RunsScreen = lazyScreen(() => import('./screens/RunsScreen.js'), 'RunsScreen');
const StatusScreen = lazyScreen(() => import('./screens/StatusScreen.js'), 'StatusScreen');
const SharedTripScreen = lazyScreen(() => import('./screens/SharedTripScreen.js'), 'SharedTripScreen');

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInScreen />} />
      <Route path="/signup" element={<SignUpScreen />} />
      <Route path="/status" element={<Suspense fallback={<Loading />}><StatusScreen /></Suspense>} />
      <Route path="/shared/:token" element={<Suspense fallback={<Loading what="Loading the trip" />}><SharedTripScreen /></Suspense>} />
      <Route element={<SignedIn />}>
        <Route index element={<Navigate to="/trips" replace />} />
        <Route path="/trips" element={<TripsScreen />} />
        <Route path="/trips/new" element={<NewTripScreen />} />
        <Route path="/trips/:tripId" element={<TripScreen />} />
        <Route path="/trips/:tripId/proposals" element={<ProposalsScreen />} />
        <Route path="/trips/:tripId/bookings" element={<BookingsScreen />} />
        <Route path="/trips/:tripId/bookings/:bookingId" element={<BookingScreen />} />
        <Route path="/trips/:tripId/checkout" element={<CheckoutScreen />} />
        <Route path="/trips/:tripId/bookings/:bookingId/checkout" element={<CheckoutReviewScreen />} />
        <Route path="/trips/:tripId/bookings/:bookingId/confirmed" element={<BookingConfirmedScreen />} />
        <Route path="/watches" element={<WatchesScreen />} />
        <Route path="/watches/:watchId" element={<WatchScreen />} />
        <Route path="/memories" element={<MemoriesScreen />} />
        <Route path="/settings" element={<SettingsScreen />} />
        <Route path="/keys" element={<ApiKeysScreen />} />
        <Route path="/runs" element={<RunsScreen />} />
        <Route path="*" element={<NotFoundScreen />} />
      </Route>
    </Routes>
  );
}

/** The signed-in app: redirects to sign-in without a session. */
function SignedIn() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (session) return;
    queryClient.clear();
    // The trip copies kept for offline reading are this traveler's: gone with the session.
    if ('caches' in window) void caches.delete('tripsage-api').catch(() => undefined);
  }, [session, queryClient]);
  if (!session) return <Navigate to="/signin" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return (
    <RealtimeProvider key={session.user.id} navigate={(path) => void navigate(path)}>
      <Layout />
    </RealtimeProvider>
  );
}

const connectionText = { connecting: 'Connecting…', online: 'Live', reconnecting: 'Reconnecting…', polling: 'Polling', offline: 'Offline' } as const;
const connectionHint = {
  connecting: 'Connecting to TripSage for live updates.',
  online: 'Live: updates arrive as they happen.',
  reconnecting: 'The live connection dropped; reconnecting.',
  polling: 'Live updates are blocked on this network; checking for updates every few seconds.',
  offline: "Can't reach TripSage; what you see may be out of date.",
} as const;

const subscribeOnline = (listener: () => void) => {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
};

/** The connection as the traveler experiences it: no network or no answer from the API is Offline, whatever the socket says. */
function useShownConnectionState() {
  const socket = useConnectionState();
  const browserOnline = useSyncExternalStore(subscribeOnline, () => navigator.onLine);
  const apiReached = useSyncExternalStore(apiReachability.subscribe, apiReachability.get);
  return !browserOnline || !apiReached ? 'offline' : socket;
}

/** The main destinations: a row in the header on wide screens, a tab bar at the bottom on phones. */
function MainNav({ operator }: { operator: boolean }) {
  return (
    <nav aria-label="Main" className="main-nav">
      <ul>
        <li>
          <NavLink to="/trips" end>
            <span aria-hidden="true" className="nav-icon">✈</span>
            Trips
          </NavLink>
        </li>
        <li>
          <NavLink to="/trips/new">
            <span aria-hidden="true" className="nav-icon">+</span>
            New trip
          </NavLink>
        </li>
        <li>
          <NavLink to="/watches">
            <span aria-hidden="true" className="nav-icon">◔</span>
            Price watches
          </NavLink>
        </li>
        <li>
          <NavLink to="/memories">
            <span aria-hidden="true" className="nav-icon">★</span>
            Memories
          </NavLink>
        </li>
        {operator && (
          <li className="wide-only">
            <NavLink to="/runs">Runs</NavLink>
          </li>
        )}
        <li>
          <NavLink to="/settings">
            <span aria-hidden="true" className="nav-icon">⚙</span>
            Settings
          </NavLink>
        </li>
      </ul>
    </nav>
  );
}

function Layout() {
  const session = useSession();
  const state = useShownConnectionState();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(location.pathname);
  // Move focus to the new page's content on navigation (not on the first load), so keyboard and
  // screen-reader users start there.
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    main.current?.focus();
  }, [location.pathname]);
  // Price alerts arrive on the trip rooms of the traveler's watches, wherever they are in the app.
  const watches = useWatches();
  useWatchTrips((watches.data?.items ?? []).flatMap((watch) => (watch.tripId && watch.status === 'active' ? [watch.tripId] : [])));
  if (!session) return null;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/trips" className="brand">
          TripSage
        </Link>
        <MainNav operator={session.user.role === 'operator'} />
        <div className="account">
          <span className={`connection ${state}`} role="status" data-testid="connection-state" data-state={state} title={connectionHint[state]}>
            <span aria-hidden="true" className="dot" /> {connectionText[state]}
            <span className="visually-hidden">: {connectionHint[state]}</span>
          </span>
          <span className="who wide-only">{session.user.displayName}</span>
          <button type="button" className="secondary wide-only" onClick={() => void auth.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <Notifications />
    </>
  );
}
