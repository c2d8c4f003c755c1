import { describe, expect, it } from 'vitest';
import { slackSignatureProblem } from '../../../adapters/slack/signature.js';
import { signSlack } from './sign.js';

const SECRET = 'slack-signing-secret-0123456789abcdef';
const NOW = 1_763_805_600;
const body = '{"type":"event_callback","event_id":"Ev0PV52K21"}';
const check = (ts: number | string, signature = signSlack(SECRET, ts, body), raw = body) => slackSignatureProblem(SECRET, { timestamp: String(ts), signature }, Buffer.from(raw), NOW);

describe('Slack signature check', () => {
  it('accepts a request signed with the signing secret within 5 minutes either way', () => {
    expect(check(NOW)).toBeUndefined();
    expect(check(NOW - 300)).toBeUndefined();
    expect(check(NOW + 300)).toBeUndefined();
  });

  it('refuses timestamps more than 5 minutes old or ahead, even correctly signed', () => {
    expect(check(NOW - 301)).toMatch(/more than 5 minutes/);
    expect(check(NOW + 301)).toMatch(/more than 5 minutes/);
    expect(check('1763805600.5')).toMatch(/not a Unix time/);
  });

  it('refuses a wrong secret, a changed body, a truncated signature and missing headers', () => {
    expect(check(NOW, signSlack('another-secret-0123456789abcdef', NOW, body))).toMatch(/does not match/);
    expect(check(NOW, signSlack(SECRET, NOW, body), body.replace('Ev0', 'Ev1'))).toMatch(/does not match/);
    expect(check(NOW, signSlack(SECRET, NOW, body).slice(0, -2))).toMatch(/does not match/);
    expect(slackSignatureProblem(SECRET, { signature: signSlack(SECRET, NOW, body) }, Buffer.from(body), NOW)).toMatch(/missing X-Slack-Request-Timestamp/);
    expect(slackSignatureProblem(SECRET, { timestamp: String(NOW) }, Buffer.from(body), NOW)).toMatch(/missing X-Slack-Signature/);
    expect(slackSignatureProblem(SECRET, { timestamp: String(NOW), signature: signSlack(SECRET, NOW, body) }, undefined, NOW)).toMatch(/no request body/);
  });
});
