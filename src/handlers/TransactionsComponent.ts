import { Component, Intents } from '@jovotech/framework';
import { type Credentials, missingAsUndefined } from '../skill/services/backend-client';
import type { Transaction } from '../shared/contract/api';
import { pickByPosition, rangeOfPeriod, spokenCount } from '../skill/dialog/transaction-query';
import { cancelHint, transactionDetail, transactionListItem } from '../skill/speech/account-speech';
import { AccountComponent } from './AccountComponent';

type TransactionsQuestion =
  { kind: 'list'; count?: string; date?: string; duration?: string; merchant?: string } | { kind: 'detail'; position?: number; merchant?: string };

/** "What did I spend yesterday?", "my last five payments", "tell me about the one at Starbucks". */
@Component()
export class TransactionsComponent extends AccountComponent<TransactionsQuestion> {
  START() {
    return this.readAccount({ kind: 'list' });
  }

  @Intents({ name: 'RecentTransactionsIntent', global: true })
  listTransactions() {
    return this.readAccount({
      kind: 'list',
      count: this.$entities.count?.value,
      date: this.$entities.period?.value,
      duration: this.$entities.duration?.value,
      merchant: this.$entities.merchant?.resolved ?? this.$entities.merchant?.value,
    });
  }

  @Intents({ name: 'TransactionDetailIntent', global: true })
  tellTransactionDetail() {
    const position = Number.parseInt(String(this.$entities.ordinal?.id ?? this.$entities.ordinal?.resolved ?? ''), 10);
    return this.readAccount({
      kind: 'detail',
      position: Number.isNaN(position) ? undefined : position,
      merchant: this.$entities.merchant?.resolved ?? this.$entities.merchant?.value,
    });
  }

  /** "Yes" after a list: which one? */
  @Intents(['AMAZON.YesIntent'])
  askWhichTransaction() {
    return this.ask(this.text('transactions.whichOne'), this.text('transactions.whichOne'));
  }

  protected answer(question: TransactionsQuestion, credentials: Credentials): Promise<void> {
    return question.kind === 'list' ? this.answerList(question, credentials) : this.answerDetail(question, credentials);
  }

  private async answerList(question: Extract<TransactionsQuestion, { kind: 'list' }>, credentials: Credentials) {
    const context = await this.speechContext(credentials);
    const range = rangeOfPeriod({ date: question.date, duration: question.duration }, context.now, context.timeZone);
    const count = spokenCount(question.count);
    // One more than we read out tells us whether to say "there are more".
    const found = await this.backend.transactions(credentials, {
      limit: count + 1,
      counterparty: question.merchant,
      ...range,
    });
    if (found.length === 0) {
      const none = question.merchant ? this.text('transactions.noneMerchant', { merchant: question.merchant }) : this.text('transactions.none');
      return this.tell(none);
    }
    const listed = found.slice(0, count);
    this.$session.data.listedTransactionIds = listed.map((transaction) => transaction.id);

    const introKey = question.merchant ? 'transactions.introMerchant' : range ? 'transactions.introPeriod' : 'transactions.intro';
    const sentences = [
      this.text(introKey, { count: listed.length, merchant: question.merchant }),
      ...listed.map((transaction) => transactionListItem(transaction, context, this.translate)),
      ...cancelHint(listed, this.translate),
    ];
    if (found.length > count) sentences.push(this.text('transactions.more'));
    const followUp = this.text('transactions.followUp');
    return this.ask([...sentences, followUp].join(' '), followUp);
  }

  private async answerDetail(question: Extract<TransactionsQuestion, { kind: 'detail' }>, credentials: Credentials) {
    const context = await this.speechContext(credentials);
    const transaction = await this.findTransaction(question, credentials);
    if (!transaction) {
      const notFound = question.merchant ? this.text('transactions.notFoundMerchant', { merchant: question.merchant }) : this.text('transactions.notFound');
      return this.tell(notFound);
    }
    return this.tell(transactionDetail(transaction, context, this.translate));
  }

  private async findTransaction(question: Extract<TransactionsQuestion, { kind: 'detail' }>, credentials: Credentials): Promise<Transaction | undefined> {
    if (question.merchant) {
      const [latest] = await this.backend.transactions(credentials, { counterparty: question.merchant, limit: 1 });
      return latest;
    }
    const position = question.position ?? 1;
    const listedIds = this.$session.data.listedTransactionIds as string[] | undefined;
    if (listedIds?.length) {
      const id = pickByPosition(listedIds, position);
      return id ? this.backend.transaction(credentials, id).catch(missingAsUndefined) : undefined;
    }
    return pickByPosition(await this.backend.transactions(credentials, { limit: position }), position);
  }
}
