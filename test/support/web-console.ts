import assert from 'node:assert/strict';
import { speechToText } from '../../src/skill/speech/ssml';

export interface ConsoleTurn {
  speech: string;
  /** The turn summary the console shows with each turn. */
  turn?: { intent?: string; outcome?: string; cause?: string };
}

/** What the voice console sends: typed text on the web platform, as a demo user, in a new session. */
export async function consoleTurn(skillUrl: string, text: string, locale: string, token: string): Promise<ConsoleTurn> {
  const reply = await fetch(`${skillUrl}/web/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      version: '4.0.0',
      platform: 'web',
      id: `console-${locale}`,
      timestamp: new Date().toISOString(),
      locale,
      timeZone: 'Europe/Berlin',
      data: { accessToken: token },
      input: { type: 'TEXT', text },
      context: { device: { id: 'console', capabilities: ['SCREEN'] }, session: { id: `console-${locale}`, data: {} }, user: { id: 'console', data: {} } },
    }),
  });
  assert.equal(reply.status, 200);
  const body = (await reply.json()) as { output: Array<{ message?: string }>; context: { turn?: ConsoleTurn['turn'] } };
  return { speech: speechToText(body.output.map((output) => output.message ?? '').join(' ')), turn: body.context.turn };
}
