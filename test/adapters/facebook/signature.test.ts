import { describe, expect, it } from 'vitest';
import { checkSignature, secretsEqual } from '../../../adapters/facebook/signature.js';
import { fixtureText, signMessenger } from './sign.js';

const SECRET = 'test-app-secret-0123456789abcdef';

describe('facebook signature', () => {
  const body = Buffer.from(fixtureText('messages.text'));

  it('accepts Meta\'s sha256 signature of the exact bytes, in either hex case', () => {
    expect(checkSignature(body, signMessenger(body, SECRET), SECRET)).toBe('ok');
    expect(checkSignature(body, signMessenger(body, SECRET).toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe('ok');
  });

  it('tells a missing header from a wrong one', () => {
    expect(checkSignature(body, undefined, SECRET)).toBe('missing');
    expect(checkSignature(body, '', SECRET)).toBe('missing');
    expect(checkSignature(body, signMessenger(body, 'another-secret-0000000000'), SECRET)).toBe('mismatch');
    expect(checkSignature(Buffer.from(`${body.toString()} `), signMessenger(body, SECRET), SECRET)).toBe('mismatch'); // re-serialized body
    expect(checkSignature(body, 'sha256=abc', SECRET)).toBe('mismatch');
    expect(checkSignature(body, [signMessenger(body, SECRET), signMessenger(body, SECRET)], SECRET)).toBe('mismatch');
  });

  it('compares verify tokens of any length', () => {
    expect(secretsEqual('verify-me-please', 'verify-me-please')).toBe(true);
    expect(secretsEqual('verify-me', 'verify-me-please')).toBe(false);
    expect(secretsEqual('', 'verify-me-please')).toBe(false);
  });
});
