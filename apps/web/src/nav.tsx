import {
  CalendarClock,
  HandCoins,
  House,
  type LucideIcon,
  PiggyBank,
  ReceiptText,
  Send,
  UserRound,
  Users,
} from 'lucide-react';
import type { ComponentType } from 'react';
import { Contacts } from './pages/Contacts.tsx';
import { Dashboard } from './pages/Dashboard.tsx';
import { Goals } from './pages/Goals.tsx';
import { History } from './pages/History.tsx';
import { Pay } from './pages/Pay.tsx';
import { Profile } from './pages/Profile.tsx';
import { Requests } from './pages/Requests.tsx';
import { Scheduled } from './pages/Scheduled.tsx';

/** One signed-in page: its route, its name in the navigation and the title, its icon. */
export interface Tab {
  to: string;
  label: string;
  icon: LucideIcon;
  page: ComponentType;
  /** On a phone's bottom bar; the others are under "More". The desktop header shows all. */
  bar?: boolean;
}

/**
 * The signed-in pages, in navigation order: the routes (App.tsx), the header and
 * bottom bar (Layout.tsx) and the page titles are all made from this list, so a new
 * page is one line here.
 */
export const TABS: readonly Tab[] = [
  { to: '/dashboard', label: 'Dashboard', icon: House, page: Dashboard, bar: true },
  { to: '/pay', label: 'Pay', icon: Send, page: Pay, bar: true },
  { to: '/history', label: 'History', icon: ReceiptText, page: History, bar: true },
  { to: '/scheduled', label: 'Scheduled', icon: CalendarClock, page: Scheduled },
  { to: '/goals', label: 'Goals', icon: PiggyBank, page: Goals, bar: true },
  { to: '/contacts', label: 'Contacts', icon: Users, page: Contacts },
  { to: '/requests', label: 'Requests', icon: HandCoins, page: Requests },
  { to: '/profile', label: 'Profile', icon: UserRound, page: Profile },
];

/** The tab a path belongs to (a detail path such as /history/:id belongs to /history). */
export const tabOf = (pathname: string): Tab | undefined =>
  TABS.find((t) => pathname === t.to || pathname.startsWith(`${t.to}/`));
