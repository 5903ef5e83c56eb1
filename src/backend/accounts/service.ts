import type { BalancesQuery, BalancesResponse, Profile } from '../../shared/contract/api';
import { HttpError } from '../http/errors';
import type { AccountsRepository } from './repository';

export class AccountsService {
  constructor(private readonly repository: AccountsRepository) {}

  async profile(userId: string): Promise<Profile> {
    const profile = await this.repository.findProfile(userId);
    if (profile === undefined) {
      // A token outlived its user: nothing to show.
      throw new HttpError('not_found', 'No profile for this user');
    }
    return profile;
  }

  async balances(userId: string, { currency }: BalancesQuery): Promise<BalancesResponse> {
    return { balances: await this.repository.listBalances(userId, currency) };
  }
}
