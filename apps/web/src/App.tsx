import { Navigate, Route, Routes } from 'react-router';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { Layout } from './components/Layout.tsx';
import { TABS } from './nav.tsx';
import { ForgotPassword } from './pages/ForgotPassword.tsx';
import { LogIn } from './pages/LogIn.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { SignUp } from './pages/SignUp.tsx';

export function App() {
  // The outer net: a page's own boundary (Layout) keeps the header; this one catches the rest.
  return (
    <ErrorBoundary>
      <Routes>
        <Route path="/login" element={<LogIn />} />
        <Route path="/signup" element={<SignUp />} />
        <Route path="/forgot" element={<ForgotPassword />} />
        <Route element={<Layout />}>
          <Route index element={<Navigate to="/dashboard" replace />} />
          {TABS.map(({ to, page: Page }) => (
            <Route key={to} path={`${to}/*`} element={<Page />} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </ErrorBoundary>
  );
}
