import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { twilioSignature, twilioSignatureProblem } from '../../../adapters/twilio/signature.js';
import { signTwilio, twilioForm } from './sign.js';

const TOKEN = 'twilio-auth-token-0123456789abcdef';
const URL_ = 'https://shop.example.com/webhooks/twilio';
const form = (params: Record<string, string>) => new URLSearchParams(params);

describe('Twilio webhook signature', () => {
  it('matches the example in Twilio\'s security documentation', () => {
    // Token, URL, parameters and signature as Twilio publishes them.
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    expect(twilioSignature('12345', url, form(params))).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
    expect(twilioSignatureProblem('12345', url, form(params), 'RSOYDt4T1cUTdK1PDd93/VVr8B8=')).toBeUndefined();
    expect(signTwilio('12345', url, params)).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('accepts what the twilio SDK accepts for every fixture, and refuses what it refuses', () => {
    for (const name of ['inbound-sms', 'inbound-mms', 'status-callback', 'unknown']) {
      const params = twilioForm(name);
      const good = signTwilio(TOKEN, URL_, params);
      expect(twilio.validateRequest(TOKEN, good, URL_, params), name).toBe(true);
      expect(twilioSignatureProblem(TOKEN, URL_, form(params), good), name).toBeUndefined();
      const other = signTwilio('another-token-0123456789abcdef', URL_, params);
      expect(twilio.validateRequest(TOKEN, other, URL_, params), name).toBe(false);
      expect(twilioSignatureProblem(TOKEN, URL_, form(params), other)?.status, name).toBe(403);
    }
  });

  it('refuses a missing signature with 401, and a changed parameter, another URL or another token with 403', () => {
    const params = twilioForm('inbound-sms');
    const good = signTwilio(TOKEN, URL_, params);
    expect(twilioSignatureProblem(TOKEN, URL_, form(params), undefined)).toEqual({ status: 401, reason: 'missing X-Twilio-Signature header' });
    expect(twilioSignatureProblem(TOKEN, URL_, form(params), '')?.status).toBe(401);
    expect(twilioSignatureProblem(TOKEN, URL_, form({ ...params, Body: 'hello!' }), good)).toEqual({ status: 403, reason: expect.stringMatching(/does not match/) });
    expect(twilioSignatureProblem(TOKEN, URL_, form({ ...params, Extra: '' }), good)?.status).toBe(403);
    expect(twilioSignatureProblem(TOKEN, 'https://shop.example.com/webhooks/twilio?x=1', form(params), good)?.status).toBe(403);
    expect(twilioSignatureProblem(TOKEN, URL_, form(params), signTwilio(TOKEN, 'http://shop.example.com/webhooks/twilio', params))?.status).toBe(403);
    expect(twilioSignatureProblem('another-token-0123456789abcdef', URL_, form(params), good)?.status).toBe(403);
    expect(twilioSignatureProblem(TOKEN, URL_, form(params), good.slice(0, -2))?.status).toBe(403);
  });

  it('accepts a signature made over the URL with its default port spelled out, as the SDK does', () => {
    const params = twilioForm('inbound-sms');
    const withPort = signTwilio(TOKEN, 'https://shop.example.com:443/webhooks/twilio', params);
    expect(twilio.validateRequest(TOKEN, withPort, URL_, params)).toBe(true);
    expect(twilioSignatureProblem(TOKEN, URL_, form(params), withPort)).toBeUndefined();
    // A port that is not the default is part of the URL: another port is another URL.
    expect(twilioSignatureProblem(TOKEN, URL_, form(params), signTwilio(TOKEN, 'https://shop.example.com:8443/webhooks/twilio', params))?.status).toBe(403);
  });

  it('covers every value of a parameter sent twice, like the SDK', () => {
    const ours = twilioSignature(TOKEN, URL_, new URLSearchParams('Body=hi&Tag=b&Tag=a&From=%2B12025550143'));
    expect(twilio.validateRequest(TOKEN, ours, URL_, { Body: 'hi', Tag: ['b', 'a'], From: '+12025550143' })).toBe(true);
    expect(twilio.validateRequest(TOKEN, ours, URL_, { Body: 'hi', Tag: 'b', From: '+12025550143' })).toBe(false);
    expect(twilioSignatureProblem(TOKEN, URL_, new URLSearchParams('Body=hi&Tag=b&From=%2B12025550143'), ours)?.status).toBe(403);
  });
});
