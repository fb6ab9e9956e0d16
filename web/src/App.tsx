// Routes and the signed-in layout: skip link, header with navigation, connection state, sign-out.
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, type ComponentType } from 'react';
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
    if (!session) queryClient.clear();
  }, [session, queryClient]);
  if (!session) return <Navigate to="/signin" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return (
    <RealtimeProvider key={session.user.id} navigate={(path) => void navigate(path)}>
      <Layout />
    </RealtimeProvider>
  );
}

const connectionText = { connecting: 'Connecting…', online: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline' } as const;

function Layout() {
  const session = useSession();
  const state = useConnectionState();
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
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/trips" end>
                Trips
              </NavLink>
            </li>
            <li>
              <NavLink to="/trips/new">New trip</NavLink>
            </li>
            <li>
              <NavLink to="/watches">Price watches</NavLink>
            </li>
            <li>
              <NavLink to="/memories">Memories</NavLink>
            </li>
            <li>
              <NavLink to="/keys">API keys</NavLink>
            </li>
            {session.user.role === 'operator' && (
              <li>
                <NavLink to="/runs">Runs</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="account">
          <span className={`connection ${state}`} role="status" data-testid="connection-state" data-state={state}>
            <span aria-hidden="true" className="dot" /> {connectionText[state]}
          </span>
          <span className="who">{session.user.displayName}</span>
          <button type="button" className="secondary" onClick={() => void auth.signOut()}>
            Sign out
          </button>
          <button type="button" className="secondary" onClick={() => void auth.signOutEverywhere()}>
            Sign out everywhere
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
