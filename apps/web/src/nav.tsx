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
import { type ComponentType, lazy } from 'react';

/** A page in its own chunk: drawn through Suspense (Layout), its chunk fetchable ahead. */
function lazyPage<M>(load: () => Promise<M>, pick: (m: M) => ComponentType) {
  return { page: lazy(() => load().then((m) => ({ default: pick(m) }))), load };
}

// Each signed-in page is its own chunk, so the log-in page does not download them all.
// Layout fetches the chunk at once (preloadPage) alongside the profile and the page's data.
const Dashboard = lazyPage(
  () => import('./pages/Dashboard.tsx'),
  (m) => m.Dashboard,
);
const Pay = lazyPage(
  () => import('./pages/Pay.tsx'),
  (m) => m.Pay,
);
const History = lazyPage(
  () => import('./pages/History.tsx'),
  (m) => m.History,
);
const Scheduled = lazyPage(
  () => import('./pages/Scheduled.tsx'),
  (m) => m.Scheduled,
);
const Goals = lazyPage(
  () => import('./pages/Goals.tsx'),
  (m) => m.Goals,
);
const Contacts = lazyPage(
  () => import('./pages/Contacts.tsx'),
  (m) => m.Contacts,
);
const Requests = lazyPage(
  () => import('./pages/Requests.tsx'),
  (m) => m.Requests,
);
const Profile = lazyPage(
  () => import('./pages/Profile.tsx'),
  (m) => m.Profile,
);

/** One signed-in page: its route, its name in the navigation and the title, its icon. */
export interface Tab {
  to: string;
  label: string;
  icon: LucideIcon;
  page: ComponentType;
  /** Fetches the page's code (the browser keeps it: a second call costs nothing). */
  load: () => Promise<unknown>;
  /** On a phone's bottom bar; the others are under "More". The desktop header shows all. */
  bar?: boolean;
}

/**
 * The signed-in pages, in navigation order: the routes (App.tsx), the header and
 * bottom bar (Layout.tsx) and the page titles are all made from this list, so a new
 * page is one line here.
 */
export const TABS: readonly Tab[] = [
  { to: '/dashboard', label: 'Dashboard', icon: House, ...Dashboard, bar: true },
  { to: '/pay', label: 'Pay', icon: Send, ...Pay, bar: true },
  { to: '/history', label: 'History', icon: ReceiptText, ...History, bar: true },
  { to: '/scheduled', label: 'Scheduled', icon: CalendarClock, ...Scheduled },
  { to: '/goals', label: 'Goals', icon: PiggyBank, ...Goals, bar: true },
  { to: '/contacts', label: 'Contacts', icon: Users, ...Contacts },
  { to: '/requests', label: 'Requests', icon: HandCoins, ...Requests },
  { to: '/profile', label: 'Profile', icon: UserRound, ...Profile },
];

/** The tab a path belongs to (a detail path such as /history/:id belongs to /history). */
export const tabOf = (pathname: string): Tab | undefined =>
  TABS.find((t) => pathname === t.to || pathname.startsWith(`${t.to}/`));

/** Starts fetching the code of the page at this path (/ is the dashboard), before it is drawn. */
export function preloadPage(pathname: string): void {
  void tabOf(pathname === '/' ? '/dashboard' : pathname)
    ?.load()
    .catch(() => {}); // a failed fetch shows when the page is drawn (ErrorBoundary)
}
