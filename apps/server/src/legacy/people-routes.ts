import type { ApiDeps } from '@quickpay/api';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bodyOf, type LegacyCall, legacyRoute, parseFields, signedIn } from './call.ts';
import { LegacyError } from './errors.ts';
import { integer, optionalText, text } from './fields.ts';
import { stripPrefix, toLegacyContact } from './records.ts';

const ALL = 'All fields are required';
const addFields = z.object({
  contactName: text({ missing: ALL }, 100),
  contactAccount: integer({ missing: ALL, invalid: 'Account not found' }),
  contactRelation: optionalText('', 50),
});
const updateFields = z.object({
  contactName: text({ missing: ALL }, 100),
  contactRelation: optionalText('', 50),
});

/** `pid_<id>` from the URL (a bare id is tolerated); anything else is 404 like an unknown id. */
function contactIdOf(call: LegacyCall): string {
  const raw = (call.req.params as { people_id?: unknown }).people_id;
  const s = typeof raw === 'string' ? raw : '';
  const id = stripPrefix(s.startsWith('pid_') ? s : `pid_${s}`, 'pid');
  if (id === null) throw new LegacyError(404, 'Not found');
  return id;
}

async function listPeople(call: LegacyCall) {
  const { api, auth } = await signedIn(call);
  const contacts = await api.contacts.list();
  return [200, contacts.map((c) => toLegacyContact(c, auth.user.accountNumber))] as const;
}

async function addPerson(call: LegacyCall) {
  const { api, auth } = await signedIn(call);
  const f = parseFields(call, addFields, bodyOf(call.req));
  const contact = await api.contacts.add({
    accountNumber: f.contactAccount,
    nickname: f.contactName,
    relation: f.contactRelation,
  });
  return [201, toLegacyContact(contact, auth.user.accountNumber)] as const;
}

/** Difference 4: PUT and DELETE need a session and reach only the caller's contacts. */
async function updatePerson(call: LegacyCall) {
  const { api, auth } = await signedIn(call);
  const id = contactIdOf(call);
  const f = parseFields(call, updateFields, bodyOf(call.req));
  const contact = await api.contacts.update({
    contactId: id,
    nickname: f.contactName,
    relation: f.contactRelation,
  });
  return [200, toLegacyContact(contact, auth.user.accountNumber)] as const;
}

async function deletePerson(call: LegacyCall) {
  const { api } = await signedIn(call);
  await api.contacts.remove({ contactId: contactIdOf(call) });
  return [200, { message: 'Deleted' }] as const;
}

export function peopleRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/people', legacyRoute(deps, 'people', listPeople));
  app.post('/people', legacyRoute(deps, 'people', addPerson));
  app.put('/people/:people_id', legacyRoute(deps, 'people', updatePerson));
  app.delete('/people/:people_id', legacyRoute(deps, 'people', deletePerson));
}
