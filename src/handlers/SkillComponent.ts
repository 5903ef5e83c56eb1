import { BaseComponent } from '@jovotech/framework';
import { ELICITED_INTENT, type ElicitedIntent } from '../skill/alexa/elicitation';
import '@jovotech/platform-alexa';
import type { CoreRequest } from '@jovotech/platform-core';

/** Helpers every CareVoice component speaks with; the words themselves come from locales/. */
export abstract class SkillComponent extends BaseComponent {
  protected get locale(): string {
    return this.$request.getLocale() ?? 'en-US';
  }

  /** `alexa` or `web`: where the words differ (account linking, cards), locale keys are split by it. */
  protected get surface(): 'alexa' | 'web' {
    return this.$alexa ? 'alexa' : 'web';
  }

  /** The user's own time zone where the client tells it (web); otherwise the profile's. */
  protected get requestTimeZone(): string | undefined {
    return this.$alexa ? undefined : (this.$request as CoreRequest).timeZone;
  }

  protected text(key: string, params: Record<string, unknown> = {}): string {
    const translated = this.$t(key, params) as unknown;
    if (Array.isArray(translated)) return String(translated[Math.floor(Math.random() * translated.length)]);
    return String(translated);
  }

  /** `text` as a plain function, for the framework-free speech builders. */
  protected readonly translate = (key: string, params?: Record<string, unknown>): string => this.text(key, params);

  /** Counts a misunderstanding in a row (any understood turn resets it, see app.ts); returns the count. */
  protected countMisunderstanding(): number {
    const misses = ((this.$session.data.misses as number | undefined) ?? 0) + 1;
    this.$session.data.misses = misses;
    this.$data.countsAsMiss = true;
    return misses;
  }

  /*
   * The global component's handlers, reached by name: a component that imported GlobalComponent
   * would close an import cycle (it redirects to them all).
   */

  /** Typed text or an intent this component has nothing open for: the FAQ, then the fallback. */
  protected notForMe(): Promise<void> {
    return this.$redirect('GlobalComponent', 'UNHANDLED');
  }

  /** Counted as a misunderstanding: re-ask once, then offer other help. */
  protected misunderstood(): Promise<void> {
    return this.$redirect('GlobalComponent', 'answerMisunderstanding');
  }

  protected sayGoodbye(): Promise<void> {
    return this.$redirect('GlobalComponent', 'END');
  }

  /**
   * An answer, then a short "anything else?" (varied) with its reprompt: the session stays open
   * on a question, and a "no" or "thanks" next ends it politely (GlobalComponent).
   */
  protected tell(statement: string): Promise<void> {
    return this.offerMore(statement);
  }

  /** "Anything else?" alone, after what a sub-dialog (the voice code) has already said. */
  protected offerMore(statement?: string): Promise<void> {
    this.noteForNextTurn(TurnNote.OfferedMore);
    const message = [statement, this.text('anythingElse.prompt')].filter(Boolean).join(' ');
    return this.$send({ message, reprompt: this.text('anythingElse.reprompt'), listen: true });
  }

  /** Something the next turn only should know (what this answer offered); see app.ts. */
  protected noteForNextTurn(note: TurnNote): void {
    const notes = (this.$session.data[NEXT_TURN_NOTES] as TurnNote[] | undefined) ?? [];
    this.$session.data[NEXT_TURN_NOTES] = [...notes, note];
  }

  /** Whether the turn before this one left that note. */
  protected previousTurnNoted(note: TurnNote): boolean {
    return ((this.$data[PREVIOUS_TURN_NOTES] as TurnNote[] | undefined) ?? []).includes(note);
  }

  /** A sub-dialog's last words: the dialog it returns to goes on after them (with a question, or offerMore). */
  protected say(statement: string): Promise<void> {
    return this.$send({ message: statement });
  }

  /** Not understood, and not guessed at: what the skill can do, then what the user would like. */
  protected sayNotUnderstood(): Promise<void> {
    const question = this.text('understanding.whatNow');
    return this.ask(`${this.text('understanding.notUnderstood')} ${question}`, question);
  }

  /** A question the user answers: it is the last thing said, and the reprompt asks it again. */
  /** `expecting`: the bare answer fills that intent's slot (Alexa is told so: see src/skill/alexa/elicitation.ts). */
  protected ask(question: string, reprompt: string, expecting?: ElicitedIntent): Promise<void> {
    if (expecting) this.$data[ELICITED_INTENT] = expecting;
    return this.$send({ message: question, reprompt, listen: true });
  }
}

/** What an answer offered that only the very next turn may take up. */
export enum TurnNote {
  /** The answer ended with "anything else?": a "no" next ends the session. */
  OfferedMore = 'offeredMore',
  /** The short help: help again next gives the rest. */
  GaveShortHelp = 'gaveShortHelp',
}

/** Where the notes wait in the session for the next turn, and where that turn finds them (app.ts moves them). */
export const NEXT_TURN_NOTES = 'nextTurnNotes';
export const PREVIOUS_TURN_NOTES = 'previousTurnNotes';
