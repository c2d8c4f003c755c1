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

  it('acknowledges what is not for the engine: rate-limit notices, other interactions, slash commands', () => {
    expect(readSlackRequest(slackFixture('app_rate_limited'), false, at)).toEqual({ kind: 'ignored', reason: 'request type app_rate_limited' });
    expect(readSlackRequest({ payload: JSON.stringify({ type: 'view_submission', view: {} }) }, true, at)).toEqual({ kind: 'ignored', reason: 'interaction view_submission' });
    expect(readSlackRequest({ command: '/tea', text: 'x' }, true, at)).toEqual({ kind: 'ignored', reason: 'form body without payload' });
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
