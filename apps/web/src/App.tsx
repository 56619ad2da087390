import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { Contacts } from './pages/Contacts.tsx';
import { Dashboard } from './pages/Dashboard.tsx';
import { ForgotPassword } from './pages/ForgotPassword.tsx';
import { Goals } from './pages/Goals.tsx';
import { History } from './pages/History.tsx';
import { LogIn } from './pages/LogIn.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { Pay } from './pages/Pay.tsx';
import { Profile } from './pages/Profile.tsx';
import { Requests } from './pages/Requests.tsx';
import { SignUp } from './pages/SignUp.tsx';

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LogIn />} />
      <Route path="/signup" element={<SignUp />} />
      <Route path="/forgot" element={<ForgotPassword />} />
      <Route element={<Layout />}>
        <Route index element={<Navigate to="/dashboard" replace />} />
        <Route path="/dashboard" element={<Dashboard />} />
        <Route path="/pay" element={<Pay />} />
        <Route path="/history" element={<History />} />
        <Route path="/goals" element={<Goals />} />
        <Route path="/contacts" element={<Contacts />} />
        <Route path="/requests" element={<Requests />} />
        <Route path="/profile" element={<Profile />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
