import { createQuickpayClient } from '@quickpay/client';
import { makeQueryClient, TRPCProvider } from '@quickpay/client/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { SessionProvider } from './session.tsx';
import './styles.css';
import './dark.css';

// One QueryClient and one tRPC client for the whole app; the API is on this same
// origin (the server serves this app at / and the API at /trpc), so cookies just work.
const queryClient = makeQueryClient();
const trpcClient = createQuickpayClient({ url: '/' });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <BrowserRouter>
          <SessionProvider>
            <App />
          </SessionProvider>
        </BrowserRouter>
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
);
