import type { BalancesQuery, BalancesResponse, Profile } from '../../shared/contract/api';
import { HttpError } from '../http/errors';
import type { AccountsRepository } from './repository';

export class AccountsService {
  constructor(private readonly repository: AccountsRepository) {}

  profile(userId: string): Profile {
    const profile = this.repository.findProfile(userId);
    if (profile === undefined) {
      // A token outlived its user: nothing to show.
      throw new HttpError('not_found', 'No profile for this user');
    }
    return profile;
  }

  balances(userId: string, { currency }: BalancesQuery): BalancesResponse {
    return { balances: this.repository.listBalances(userId, currency) };
  }
}
