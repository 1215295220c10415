import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_LABELS, categoryOf, KNOWN_ACTIONS } from '../../shared/categories';
import { deriveColumns, summarizeDetails } from '../../shared/derive';
import { record } from '../helpers/records';

describe('action categories', () => {
  it.each([
    ['SIGNING_OPERATION', 'signing'],
    ['KEY_GENERATED', 'key_lifecycle'],
    ['KEY_ROTATED', 'key_lifecycle'],
    ['KEY_REVOKED', 'key_lifecycle'],
    ['KEY_ACTIVATED', 'key_lifecycle'],
    ['CERTIFICATE_UPLOADED', 'certificate'],
    ['CERTIFICATE_EXPIRED', 'certificate'],
    ['POLICY_EVALUATED', 'policy'],
    ['APPROVAL_GRANTED', 'policy'],
    ['USER_LOGIN', 'user_activity'],
    ['AGENT_CONNECTED', 'agent'],
    ['SYSTEM_CONFIG_CHANGED', 'system'],
  ])('puts the documented action %s in %s', (action, category) => {
    expect(categoryOf(action)).toBe(category);
  });

  it('places undocumented actions by their prefix', () => {
    expect(categoryOf('KEY_EXPORTED')).toBe('key_lifecycle');
    expect(categoryOf('CERT_PINNED')).toBe('certificate');
    expect(categoryOf('SIGN_BATCH')).toBe('signing');
    expect(categoryOf('CONFIG_RELOADED')).toBe('system');
  });

  it('calls anything unknown "other"', () => {
    expect(categoryOf('COFFEE_BREWED')).toBe('other');
    expect(categoryOf('KEYBOARD_PLUGGED')).toBe('other');
  });

  it('covers the seven categories of the platform and labels each', () => {
    const used = new Set(Object.values(KNOWN_ACTIONS));
    expect([...used].sort()).toEqual(CATEGORIES.filter((c) => c !== 'other').sort());
    for (const c of CATEGORIES) expect(CATEGORY_LABELS[c]).toBeTruthy();
  });
});

describe('derived columns', () => {
  it('takes the request ID and key ID from the details under their usual names', () => {
    const r = record({ details: { request_id: 'req-1', keyID: 'key-9' }, entity: { type: 'Policy', id: 'pol-1' } });
    expect(deriveColumns(r)).toMatchObject({ requestId: 'req-1', keyId: 'key-9', category: 'signing' });
  });

  it("uses the entity's ID as the key ID when the entity is a key", () => {
    const r = record({ details: {}, entity: { type: 'key', id: 'key-42' } });
    expect(deriveColumns(r)).toMatchObject({ requestId: null, keyId: 'key-42' });
  });

  it('summarises details in one line, cut with an ellipsis', () => {
    expect(summarizeDetails({ a: 'x', b: 3 })).toBe('a=x; b=3');
    expect(summarizeDetails({ long: 'y'.repeat(300) }, 20)).toHaveLength(20);
  });
});
