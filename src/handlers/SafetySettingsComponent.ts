import { Component, Intents } from '@jovotech/framework';
import type { Credentials } from '../skill/services/backend-client';
import type { UserSettings } from '../shared/contract/api';
import { delayedArrivalAction, e164PhoneNumber } from '../skill/dialog/safety-settings';
import { digitByDigit } from '../skill/speech/ssml';
import { understoodSurely } from '../skill/nlu/understanding-hook';
import { AccountComponent } from './AccountComponent';

type SettingsQuestion =
  | { kind: 'delay'; toggle?: string; hours?: string }
  | { kind: 'saveDelay' }
  | { kind: 'contact'; name?: string }
  | { kind: 'phone'; phone?: string }
  | { kind: 'saveContact' };

/** The trusted contact being set: the name first, then the number, then the user confirms. */
interface ContactDraft {
  name?: string;
  phone?: string;
}

/**
 * The user's safety settings, behind the voice code: delayed arrival of transfers to new payees
 * (on or off, 2 or 24 hours) and the trusted contact told when a risky transfer is stopped.
 * Nothing changes without a yes: turning delayed arrival off always asks, turning it on asks
 * unless the request was plainly that (understoodSurely) or answered the skill's own question,
 * and a trusted contact is read back before it is saved.
 */
@Component()
export class SafetySettingsComponent extends AccountComponent<SettingsQuestion> {
  START() {
    return this.readAccount({ kind: 'delay' });
  }

  @Intents({ name: 'DelayedArrivalIntent', global: true })
  changeDelayedArrival() {
    const toggle = this.$entities.toggle?.id ?? this.$entities.toggle?.resolved;
    return this.readAccount({ kind: 'delay', toggle, hours: this.$entities.hours?.value });
  }

  @Intents({ name: 'TrustedContactIntent', global: true })
  changeTrustedContact() {
    // "It's Anna", after "who should it be?", names the contact being set.
    return this.readAccount({ kind: 'contact', name: this.$entities.contactName?.value?.trim() || undefined });
  }

  @Intents(['PhoneNumberIntent'])
  takePhoneNumber() {
    if (!this.contactDraft().name) return this.notForMe();
    return this.readAccount({ kind: 'phone', phone: this.$entities.phone?.value });
  }

  @Intents(['AMAZON.YesIntent'])
  saveChange() {
    if (this.pendingDelay()) return this.readAccount({ kind: 'saveDelay' });
    if (!this.contactDraft().phone) return this.misunderstood();
    return this.readAccount({ kind: 'saveContact' });
  }

  @Intents(['AMAZON.NoIntent'])
  keepSettings() {
    if (this.pendingDelay()) {
      delete this.$component.data.pendingDelay;
      return this.tell(this.text('delayedArrival.unchanged'));
    }
    if (!this.contactDraft().name) return this.misunderstood();
    this.setContactDraft({});
    return this.tell(this.text('trustedContact.notSaved'));
  }

  UNHANDLED() {
    delete this.$component.data.pendingDelay;
    return this.notForMe();
  }

  protected answer(question: SettingsQuestion, credentials: Credentials): Promise<void> {
    switch (question.kind) {
      case 'delay':
        return this.changeDelay(question, credentials);
      case 'saveDelay':
        return this.saveDelay(credentials);
      case 'contact':
        return this.startContact(question.name, credentials);
      case 'phone':
        return this.takePhone(question.phone);
      case 'saveContact':
        return this.saveContact(credentials);
    }
  }

  private async changeDelay(question: Extract<SettingsQuestion, { kind: 'delay' }>, credentials: Credentials) {
    const settings = await this.backend.settings(credentials);
    const current = settings.delayedArrival;
    const action = delayedArrivalAction(current, question.toggle, question.hours);
    const answersOurQuestion = this.$component.data.askedHours === true;
    delete this.$component.data.askedHours;
    switch (action.kind) {
      case 'explain':
        return this.tell(this.text(current.enabled ? 'delayedArrival.explainOn' : 'delayedArrival.explainOff', { hours: current.hours }));
      case 'askHours':
        this.$component.data.askedHours = true;
        return this.ask(this.text('delayedArrival.askHours'), this.text('delayedArrival.askHours'));
      case 'badHours':
        this.$component.data.askedHours = answersOurQuestion;
        return this.ask(this.text('delayedArrival.badHours'), this.text('delayedArrival.askHours'));
      case 'save': {
        const { enabled, hours } = action.delayedArrival;
        const sure = enabled && (answersOurQuestion || understoodSurely(this.jovo, 'DelayedArrivalIntent'));
        if (sure) return this.saveDelayedArrival(credentials, settings, action.delayedArrival);
        this.$component.data.pendingDelay = action.delayedArrival;
        return this.ask(this.text(enabled ? 'delayedArrival.confirmOn' : 'delayedArrival.confirmOff', { hours }), this.text('delayedArrival.confirmReprompt'));
      }
    }
  }

  /** After a yes: the change asked about, on the settings as they are now. */
  private async saveDelay(credentials: Credentials) {
    const pending = this.pendingDelay();
    delete this.$component.data.pendingDelay;
    if (!pending) return this.misunderstood();
    return this.saveDelayedArrival(credentials, await this.backend.settings(credentials), pending);
  }

  private async saveDelayedArrival(credentials: Credentials, settings: UserSettings, delayedArrival: UserSettings['delayedArrival']) {
    const saved = await this.backend.updateSettings(credentials, { ...settings, delayedArrival });
    const { enabled, hours } = saved.delayedArrival;
    return this.tell(this.text(enabled ? 'delayedArrival.turnedOn' : 'delayedArrival.turnedOff', { hours }));
  }

  /** Reads the settings first, so the voice code is asked before anything personal is said or taken. */
  private async startContact(name: string | undefined, credentials: Credentials) {
    const settings = await this.backend.settings(credentials);
    if (name) {
      this.setContactDraft({ name });
      return this.ask(this.text('trustedContact.askPhone', { name }), this.text('trustedContact.askPhone', { name }), 'PhoneNumberIntent');
    }
    this.setContactDraft({});
    if (settings.trustedContact) return this.tell(this.text('trustedContact.current', { name: settings.trustedContact.name }));
    return this.ask(this.text('trustedContact.none'), this.text('trustedContact.askName'));
  }

  private takePhone(spoken: string | undefined) {
    const name = this.contactDraft().name ?? '';
    const phone = e164PhoneNumber(spoken);
    if (!phone) return this.ask(this.text('trustedContact.badPhone'), this.text('trustedContact.askPhone', { name }), 'PhoneNumberIntent');
    this.setContactDraft({ name, phone });
    return this.ask(this.text('trustedContact.confirm', { name, phone: digitByDigit(phone) }), this.text('trustedContact.confirmReprompt'));
  }

  private async saveContact(credentials: Credentials) {
    const { name, phone } = this.contactDraft();
    if (!name || !phone) return this.ask(this.text('trustedContact.askName'), this.text('trustedContact.askName'));
    const settings: UserSettings = await this.backend.settings(credentials);
    const saved = await this.backend.updateSettings(credentials, { ...settings, trustedContact: { name, phone } });
    this.setContactDraft({});
    return this.tell(this.text('trustedContact.saved', { name: saved.trustedContact?.name ?? name }));
  }

  // Methods, not accessors: Jovo's @Component reads every prototype property, getters included.
  private pendingDelay(): UserSettings['delayedArrival'] | undefined {
    return this.$component.data.pendingDelay as UserSettings['delayedArrival'] | undefined;
  }

  private contactDraft(): ContactDraft {
    return (this.$component.data.contact as ContactDraft | undefined) ?? {};
  }

  private setContactDraft(draft: ContactDraft): void {
    this.$component.data.contact = draft;
  }
}
