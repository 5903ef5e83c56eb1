/**
 * The limit: a plain node:http server that reads the request and answers a fixed Alexa
 * response of the same shape as a real turn. Nothing a skill can do is cheaper.
 */
import { createServer } from 'node:http';
import { listenOnLoopback, RunningService } from '../lib/service';

const FIXED_RESPONSE = JSON.stringify({
  version: '1.0',
  sessionAttributes: {},
  response: {
    outputSpeech: { type: 'SSML', ssml: '<speak>You have $2,418.37, €385.20 and £127.45.</speak>' },
    reprompt: { outputSpeech: { type: 'SSML', ssml: '<speak>Anything else?</speak>' } },
    shouldEndSession: false,
  },
});

export function startLimitServer(): Promise<RunningService> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(FIXED_RESPONSE) });
      res.end(FIXED_RESPONSE);
    });
  });
  return listenOnLoopback(server);
}
