import { describe, expect, it } from 'vitest';
import { agentText } from '../../src/agents/texts.js';
import { parseAgentCommand } from '../../src/agents/commands.js';

describe('reading what an agent writes', () => {
  it('reads the commands, with and without a conversation number', () => {
    expect(parseAgentCommand('/claim 3')).toEqual({ kind: 'claim', n: 3 });
    expect(parseAgentCommand('/claim@shop_bot #12')).toEqual({ kind: 'claim', n: 12 });
    expect(parseAgentCommand('/to 4 Hola, ¿en qué te ayudo?')).toEqual({ kind: 'to', n: 4, text: 'Hola, ¿en qué te ayudo?' });
    expect(parseAgentCommand('/release')).toEqual({ kind: 'release' });
    expect(parseAgentCommand('/close 2')).toEqual({ kind: 'close', n: 2 });
    expect(parseAgentCommand('/contact')).toEqual({ kind: 'contact' });
    expect(parseAgentCommand('/faq Shipping 5')).toEqual({ kind: 'faq', topic: 'shipping', n: 5 });
    expect(parseAgentCommand('/list')).toEqual({ kind: 'list' });
    expect(parseAgentCommand('', 'agents:claim:7')).toEqual({ kind: 'claim', n: 7 });
  });

  it('takes plain text as an answer to the buyer, and answers unknown or incomplete commands with the help', () => {
    expect(parseAgentCommand('  your parcel left today ')).toEqual({ kind: 'text', text: 'your parcel left today' });
    expect(parseAgentCommand('/claim')).toEqual({ kind: 'help' });
    expect(parseAgentCommand('/to 3')).toEqual({ kind: 'help' });
    expect(parseAgentCommand('/release everything')).toEqual({ kind: 'help' });
    expect(parseAgentCommand('/dance')).toEqual({ kind: 'help' });
    expect(parseAgentCommand('/faq')).toEqual({ kind: 'help' });
  });

  it('answers agents in zh, es and en', () => {
    expect(agentText('en', 'taken', { n: 3, agent: 'Li' })).toBe('#3 is already with Li.');
    expect(agentText('es', 'taken', { n: 3, agent: 'Li' })).toBe('#3 ya lo atiende Li.');
    expect(agentText('zh', 'taken', { n: 3, agent: 'Li' })).toBe('#3 已由 Li 接待。');
    expect(agentText('fr', 'noSuch', { n: 1 })).toBe('There is no conversation #1.');
  });
});
