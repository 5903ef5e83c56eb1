/**
 * Where the skill expects a bare answer (a code, a phone number, what happened), Alexa is told
 * which intent and slot the answer fills (Dialog.ElicitSlot), so that "one two three four" or
 * "a fake bank call" is not a guess between intents whose samples look alike. The Alexa build
 * moves those bare samples into the slots' own samples (scripts/alexa-skill-package.js), from the
 * same table.
 */
import * as ELICITED_SLOTS from './elicited-slots.json';

export type ElicitedIntent = 'VoiceCodeIntent' | 'PhoneNumberIntent' | 'DescribeScamIntent';

function elicitSlotDirective(intent: ElicitedIntent) {
  // The intent the answer fills, none of its slots filled yet.
  return { type: 'Dialog.ElicitSlot', slotToElicit: ELICITED_SLOTS[intent].slot, updatedIntent: { name: intent, confirmationStatus: 'NONE', slots: {} } };
}

/** Turn data: the intent whose slot the answer just asked for fills. */
export const ELICITED_INTENT = 'elicitedIntent';

interface AlexaResponseBody {
  response?: { directives?: unknown[]; shouldEndSession?: boolean };
}

/**
 * Adds Dialog.ElicitSlot to an Alexa answer that asked for a bare answer and keeps listening. Added
 * to the response itself: Jovo's output validation refuses the directive's intent as a template.
 * Dialog directives answer intent requests only.
 */
export function withElicitation(response: unknown, intent: ElicitedIntent | undefined, answersAnIntent: boolean): void {
  const body = (response as AlexaResponseBody | undefined)?.response;
  if (!intent || !answersAnIntent || !body || body.shouldEndSession !== false) return;
  body.directives = [...(body.directives ?? []), elicitSlotDirective(intent)];
}
