export { kindOfTransaction, rankSuggestions, SuggestionKinds, topSuggestion } from './rank';
export type { Suggestion, SuggestionInput, SuggestionKind, SuggestionSubject } from './rank';
export { suggestionAnswer, suggestionNoticed, suggestionOffer } from './speech';
