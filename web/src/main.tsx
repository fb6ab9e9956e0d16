import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client.js';
import { App } from './App.js';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // Not-found and forbidden answers are final; other failures get one more try.
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 1,
      refetchOnWindowFocus: false,
      // Ask even when the browser says it is offline: the service worker may answer with the trip's saved copy.
      networkMode: 'offlineFirst',
    },
  },
});

const container = document.getElementById('root');
if (!container) throw new Error('missing #root element');
createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);

// The service worker keeps the app shell and the trip last opened readable offline (web/public/sw.js).
// Not in development: Vite serves modules the worker should not cache.
const production = (import.meta as ImportMeta & { env?: { PROD?: boolean } }).env?.PROD === true;
if ('serviceWorker' in navigator && production) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}
