import { describe, expect, it } from 'vitest';
import { readSlackRequest } from '../../../adapters/slack/request.js';
import { slackFixture } from './sign.js';

const at = new Date('2026-11-22T10:00:00.000Z');

describe('reading a verified Slack request', () => {
  it('answers url_verification with its challenge', () => {
    expect(readSlackRequest(slackFixture('url_verification'), false, at)).toEqual({ kind: 'challenge', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('takes a DM and a button press (form payload) as messages', () => {
    expect(readSlackRequest(slackFixture('event_callback.message.im'), false, at)).toMatchObject({ kind: 'message', msg: { id: 'Ev0PV52K21', text: 'hello' } });
    expect(readSlackRequest({ payload: JSON.stringify(slackFixture('block_actions.button')) }, true, at)).toMatchObject({ kind: 'message', msg: { postback: 'human' } });
  });

  it('acknowledges what is not for the engine: rate-limit notices, other interactions, an empty slash command', () => {
    expect(readSlackRequest(slackFixture('app_rate_limited'), false, at)).toEqual({ kind: 'ignored', reason: 'request type app_rate_limited' });
    expect(readSlackRequest({ payload: JSON.stringify({ type: 'view_submission', view: {} }) }, true, at)).toEqual({ kind: 'ignored', reason: 'interaction view_submission' });
    expect(readSlackRequest({ token: 'x', team_id: 'T0001', channel_id: 'D0001', user_id: 'U2147483697', command: '/shopdesk', text: '', trigger_id: '13345224609.738474920.8088930838d88f008e0' }, true, at)).toEqual({ kind: 'ignored', reason: 'slash command without words' });
  });

  it("reads the app's slash command (`/shopdesk away`, Slack's published form fields) as the owner's command", () => {
    const got = readSlackRequest({ token: 'x', team_id: 'T0001', team_domain: 'example', channel_id: 'D0001', channel_name: 'directmessage', user_id: 'U2147483697', user_name: 'mei', command: '/shopdesk', text: 'away', response_url: 'https://hooks.slack.com/commands/1234/5678', trigger_id: '13345224609.738474920.8088930838d88f008e0' }, true, at);
    expect(got.kind === 'message' && [got.msg.text, got.msg.sender.id]).toEqual(['/away', 'U2147483697']);
  });

  it('calls malformed what Slack never sends, saying what is wrong', () => {
    const { event_id: _dropped, ...noId } = slackFixture('event_callback.message.im');
    expect(readSlackRequest(noId, false, at)).toEqual({ kind: 'malformed', reason: expect.stringContaining('event_id') });
    expect(readSlackRequest(['not', 'an', 'object'], false, at)).toMatchObject({ kind: 'malformed' });
    expect(readSlackRequest({ type: 'url_verification' }, false, at)).toEqual({ kind: 'malformed', reason: expect.stringContaining('challenge') });
    expect(readSlackRequest({ payload: '{not json' }, true, at)).toEqual({ kind: 'malformed', reason: 'payload is not JSON' });
    expect(readSlackRequest({ payload: JSON.stringify({ type: 'block_actions', actions: [] }) }, true, at)).toMatchObject({ kind: 'malformed' });
  });
});
