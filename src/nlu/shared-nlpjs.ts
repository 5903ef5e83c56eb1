import type { Platform } from '@jovotech/framework';
import { NlpjsNlu } from '@jovotech/nlu-nlpjs';

type TrainedNlp = NlpjsNlu['nlpjs'];

/** Trained models by models folder: one per process, shared by every app instance. */
const sharedModels = new Map<string, TrainedNlp>();
const trainings = new Map<string, Promise<void>>();

/**
 * nlp.js as Jovo's web NLU, trained once per process instead of once per app, and kept out of
 * the deep copy Jovo makes of the app on every request (STACK-NOTES item 9): the trained model
 * lives in a module-level map, reached through a prototype accessor that a copy also has.
 */
export class SharedNlpjsNlu extends NlpjsNlu {
  async initialize(parent: Platform): Promise<void> {
    const key = this.config.modelsPath;
    let training = trainings.get(key);
    if (!training) {
      training = super.initialize(parent);
      trainings.set(key, training);
    }
    await training;
  }
}

// An accessor, not a field: NlpjsNlu assigns `this.nlpjs` while training and reads it per request.
Object.defineProperty(SharedNlpjsNlu.prototype, 'nlpjs', {
  get(this: SharedNlpjsNlu): TrainedNlp {
    return sharedModels.get(this.config.modelsPath);
  },
  set(this: SharedNlpjsNlu, nlp: TrainedNlp) {
    sharedModels.set(this.config.modelsPath, nlp);
  },
});
