import {
  type ApiDeps,
  deliver,
  logInInput,
  logIn as logInWithPassword,
  logInWithTempPassword,
  type OpenedSession,
  sendTempPassword,
  TEMP_PASSWORD,
} from '@quickpay/api';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bodyOf, type LegacyCall, legacyRoute, parseFields, signedIn } from './call.ts';
import { domainCodeOf, LegacyError } from './errors.ts';
import { integer, phoneDigits, scalar, secret, text } from './fields.ts';

const ALL = 'All fields are required';

const signUpFields = z.object({
  username: text({ missing: ALL }, 100),
  password: secret({ missing: ALL }),
  age: integer({ missing: ALL, invalid: 'Invalid age format' }).refine(
    (n) => n >= 18 && n <= 150,
    'Age must be between 18 and 150',
  ),
  gender: text({ missing: ALL }, 20),
  phoneNumber: phoneDigits({ missing: ALL, invalid: 'Phone number must be 10 digits' }),
});

const BAD_LOGIN = 'Invalid credentials';
const userIdField = z.object({
  user_id: integer({ missing: 'Valid User ID is required', invalid: 'Valid User ID is required' }),
});
// Difference 8: a wrong JSON type is a 400 as everywhere; a missing or bad value keeps the old 401.
const logInTypes = z.object({ username: scalar(), password: scalar() });
const logInFields = z.object({
  username: text({ missing: BAD_LOGIN, invalid: BAD_LOGIN }),
  password: secret({ missing: BAD_LOGIN, invalid: BAD_LOGIN }),
});

const changeFields = z.object({
  oldPassword: secret({ missing: ALL }),
  newPassword: secret({ missing: ALL }),
  confirmNewPassword: secret({ missing: ALL }),
});

const forgotFields = z.object({
  phoneNumber: phoneDigits({ missing: 'Invalid phone number', invalid: 'Invalid phone number' }),
});

/** The old forms sent free text ('Male', 'F', ...); the API keeps male/female/other. */
function genderOf(text: string): 'male' | 'female' | 'other' {
  const g = text.trim().toLowerCase();
  if (g === 'male' || g === 'm') return 'male';
  if (g === 'female' || g === 'f') return 'female';
  return 'other';
}

/** The old app matched the typed name against the account's name; case and spacing aside. */
const sameName = (a: string, b: string) =>
  a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

async function signUp(call: LegacyCall) {
  const body = bodyOf(call.req);
  // Every field missing is reported before any single bad value, as the old server did.
  const missing = Object.keys(signUpFields.shape).some(
    (k) => body[k] === undefined || body[k] === null || body[k] === '',
  );
  if (missing) throw new LegacyError(400, ALL, { signUp: false });
  const f = parseFields(call, signUpFields, body);
  const gender = genderOf(f.gender);
  const res = await call.api.auth.signUp({
    fullName: f.username,
    phone: f.phoneNumber,
    password: f.password,
    age: f.age,
    gender,
  });
  return [
    201,
    {
      message: `User ${res.user.fullName} created successfully`,
      user_id: res.user.accountNumber,
      signUp: true,
    },
  ] as const;
}

async function logIn(call: LegacyCall) {
  const body = bodyOf(call.req);
  const { user_id } = parseFields(call, userIdField, body);
  parseFields(call, logInTypes, body);
  const f = parseFields(call, logInFields, body, 401);
  const parsed = logInInput.safeParse({ accountNumber: user_id, password: f.password });
  // The API's own input rules (an account number >= 1, a bounded password): 400 as before.
  if (!parsed.success) throw new LegacyError(400, 'Invalid input', { loggedIn: false });
  const input = { accountNumber: user_id, password: f.password };
  let opened: OpenedSession;
  try {
    opened = await logInWithPassword(call.ctx, input);
  } catch (e) {
    if (domainCodeOf(e) !== 'INVALID_CREDENTIALS') throw e;
    // Difference 6: a temporary password from forgotPass works once, beside the real one.
    const temp = await logInWithTempPassword(call.ctx, input);
    if (!temp) throw e;
    opened = temp;
  }
  const { fullName } = opened.user;
  if (!sameName(fullName, f.username)) {
    // The session opened for nothing ends at once; no cookie is sent.
    await call.deps.store.revokeSession(opened.session.id, opened.user.id);
    throw new LegacyError(401, BAD_LOGIN, { loggedIn: false });
  }
  // Cookies only now: a refused log-in sends none.
  deliver(call.ctx, opened);
  return [200, { message: `Welcome back, ${fullName}!`, loggedIn: true }] as const;
}

async function forgotPass(call: LegacyCall) {
  const f = parseFields(call, forgotFields, bodyOf(call.req));
  await sendTempPassword(call.ctx, { phone: f.phoneNumber });
  return [
    200,
    {
      message: 'If this number is registered, a temporary password has been sent to it.',
      isSMSSent: true,
    },
  ] as const;
}

async function changePassword(call: LegacyCall) {
  const me = await signedIn(call);
  const f = parseFields(call, changeFields, bodyOf(call.req));
  if (f.newPassword !== f.confirmNewPassword) throw new LegacyError(400, 'Passwords do not match');
  try {
    await me.api.auth.changePassword({
      currentPassword: f.oldPassword,
      newPassword: f.newPassword,
    });
  } catch (e) {
    // Just after a log-in with a forgotPass temporary password (now spent) the old page
    // sends that password as the old one: the API's rule for a recent log-in decides.
    if (domainCodeOf(e) !== 'INVALID_CREDENTIALS' || !TEMP_PASSWORD.test(f.oldPassword)) throw e;
    await me.api.auth.changePassword({ newPassword: f.newPassword });
  }
  return [200, { message: 'Password updated' }] as const;
}

export function authRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post('/signup', legacyRoute(deps, 'signup', signUp));
  app.post('/login', legacyRoute(deps, 'login', logIn));
  app.post('/forgotPass', legacyRoute(deps, 'forgotPass', forgotPass));
  app.post('/change-password', legacyRoute(deps, 'changePassword', changePassword));
}
