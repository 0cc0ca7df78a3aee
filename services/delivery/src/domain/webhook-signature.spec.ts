import { Webhook } from 'standardwebhooks';
import { isValidMessageId, newSigningSecret, secretKey, signatureHeader } from './webhook-signature';

describe('signatureHeader', () => {
  const body = Buffer.from('{"type":"care.events.identity.PatientRegistered","data":{"eventNumber":1}}');
  const timestamp = Math.floor(Date.now() / 1000);

  it('is verified by the standardwebhooks package', () => {
    const secret = newSigningSecret();
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader([secret], 'msg_1', timestamp, body) };
    expect(new Webhook(secret).verify(body.toString(), headers)).toEqual(JSON.parse(body.toString()));
  });

  it('signs with each secret, newest first, so receivers holding either one verify during a rotation', () => {
    const [newer, older] = [newSigningSecret(), newSigningSecret()];
    const header = signatureHeader([newer, older], 'msg_2', timestamp, body);
    expect(header.split(' ')).toHaveLength(2);
    const headers = { 'webhook-id': 'msg_2', 'webhook-timestamp': String(timestamp), 'webhook-signature': header };
    expect(() => new Webhook(newer).verify(body.toString(), headers)).not.toThrow();
    expect(() => new Webhook(older).verify(body.toString(), headers)).not.toThrow();
    expect(() => new Webhook(newSigningSecret()).verify(body.toString(), headers)).toThrow();
  });

  it('is refused for other bytes or another id', () => {
    const secret = newSigningSecret();
    const header = signatureHeader([secret], 'msg_3', timestamp, body);
    expect(() => new Webhook(secret).verify(`${body.toString()} `, { 'webhook-id': 'msg_3', 'webhook-timestamp': String(timestamp), 'webhook-signature': header })).toThrow();
    expect(() => new Webhook(secret).verify(body.toString(), { 'webhook-id': 'msg_4', 'webhook-timestamp': String(timestamp), 'webhook-signature': header })).toThrow();
  });
});

describe('secrets and ids', () => {
  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_/);
    expect(secretKey(secret)).toHaveLength(32);
    expect(newSigningSecret()).not.toBe(secret);
  });

  it('refuses a secret without the prefix, and ids with a dot', () => {
    expect(() => secretKey('abc')).toThrow('whsec_');
    expect(isValidMessageId('hb_1')).toBe(true);
    expect(isValidMessageId('a.b')).toBe(false);
    expect(isValidMessageId('')).toBe(false);
  });
});
