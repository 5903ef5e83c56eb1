import { Component, Intents } from '@jovotech/framework';
import type { Credentials } from '../skill/services/backend-client';
import type { ScamStory } from '../shared/contract/api';
import { ContactQuestion, contactAnswer, contactQuestion, scamTypeOfContact } from '../skill/dialog/verify-contact';
import { digitByDigit } from '../skill/speech/ssml';
import { AccountComponent } from './AccountComponent';
import { FRAUD_REPORT_HINT, FraudReportComponent } from './FraudReportComponent';

interface VerifyQuestion {
  [key: string]: unknown;
  question?: ContactQuestion;
}

/**
 * "Is 95188 really your number?", "is Ant Wealth Helper your app?", "they told me to move my
 * money to a safe account": official, known scam or unknown, and what to do. A story the wallet
 * never tells is a scam whoever tells it; after a scam the user is offered to report it.
 */
@Component()
export class VerifyContactComponent extends AccountComponent<VerifyQuestion> {
  START() {
    return this.readAccount({});
  }

  @Intents({ name: 'VerifyContactIntent', global: true })
  verifyContact() {
    return this.readAccount({
      question: contactQuestion({
        phone: this.$entities.phone?.value,
        appName: this.$entities.appName?.resolved ?? this.$entities.appName?.value,
        story: this.$entities.story?.value,
        storyId: this.$entities.story?.id ?? this.$entities.story?.resolved,
      }),
    });
  }

  /** The number, after "which number called you?". */
  @Intents(['PhoneNumberIntent'])
  checkNumber() {
    return this.readAccount({ question: contactQuestion({ phone: this.$entities.phone?.value }) });
  }

  @Intents(['AMAZON.YesIntent'])
  reportScam() {
    const scam = this.$component.data.scam as ContactQuestion | undefined;
    if (!scam) return this.misunderstood();
    this.$session.data[FRAUD_REPORT_HINT] = { scamType: scamTypeOfContact(scam) };
    return this.$redirect(FraudReportComponent, 'reportFromHint');
  }

  @Intents(['AMAZON.NoIntent'])
  declineReport() {
    if (!this.$component.data.scam) return this.misunderstood();
    delete this.$component.data.scam;
    return this.tell(this.text('verifyContact.notReported'));
  }

  UNHANDLED() {
    return this.notForMe();
  }

  protected async answer({ question }: VerifyQuestion, credentials: Credentials): Promise<void> {
    delete this.$component.data.scam;
    if (!question) return this.ask(this.text('verifyContact.howToCheck'), this.text('verifyContact.askWhat'), 'PhoneNumberIntent');
    if (question.kind === 'story') return this.tellScamStory(question, question.story);

    const result = await this.backend.verifyContact(credentials, question.kind, question.value);
    const answer = contactAnswer(question, result);
    if (answer.key === 'scamStory') return this.tellScamStory(question, answer.story);
    if (answer.key === 'unknownStory') return this.tell(this.text('verifyContact.unknownStory'));
    // A number is read digit by digit; an app name is the user's own words, escaped by i18n.
    const value = question.kind === 'phone' ? digitByDigit(answer.value) : answer.value;
    if (answer.key === 'scamPhone' || answer.key === 'scamApp') {
      this.$component.data.scam = question;
      return this.ask(this.text(`verifyContact.${answer.key}`, { value }), this.text('verifyContact.offerReport'));
    }
    return this.tell(this.text(`verifyContact.${answer.key}`, { value }));
  }

  private tellScamStory(question: ContactQuestion, story: ScamStory) {
    this.$component.data.scam = question;
    const words = this.text(`verifyContact.stories.${story}`);
    return this.ask(this.text('verifyContact.scamStory', { story: words }), this.text('verifyContact.offerReport'));
  }
}
