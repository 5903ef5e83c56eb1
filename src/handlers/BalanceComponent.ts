import { Component, Intents } from '@jovotech/framework';
import type { Credentials } from '../skill/services/backend-client';
import { describeBalances } from '../skill/speech/account-speech';
import { AccountComponent } from './AccountComponent';

const ISO_CURRENCY = /^[A-Z]{3}$/;

interface BalanceQuestion {
  [key: string]: unknown;
  currency?: string;
}

@Component()
export class BalanceComponent extends AccountComponent<BalanceQuestion> {
  START() {
    return this.readAccount({});
  }

  @Intents({ name: 'BalanceIntent', global: true })
  tellBalance() {
    // Only a currency the model resolved to an ISO code; anything else reads every balance.
    const currency = this.$entities.currency?.id;
    return this.readAccount({ currency: currency && ISO_CURRENCY.test(currency) ? currency : undefined });
  }

  protected async answer(question: BalanceQuestion, credentials: Credentials) {
    const balances = await this.backend.balances(credentials);
    return this.tell(describeBalances(balances, question.currency, this.locale, this.translate));
  }
}
