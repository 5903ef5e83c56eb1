import { Component, Intents } from '@jovotech/framework';
import type { Credentials } from '../client/backend-client';
import { describeBalances } from '../speech/account-speech';
import { AccountComponent } from './AccountComponent';

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
    const currency = this.$entities.currency?.id ?? this.$entities.currency?.resolved;
    return this.readAccount({ currency: typeof currency === 'string' ? currency.toUpperCase() : undefined });
  }

  protected async answer(question: BalanceQuestion, credentials: Credentials) {
    const balances = await this.backend.balances(credentials);
    return this.ask(describeBalances(balances, question.currency, this.locale, this.translate));
  }
}
