import { MetadataStorage } from '@jovotech/framework';

type MergeHandlerMetadata = MetadataStorage['getMergedHandlerMetadataOfComponent'];
type MergedHandlerMetadata = ReturnType<MergeHandlerMetadata>;

let installed = false;

/**
 * Jovo's router merges, and deep-copies, the handler metadata of every component on every
 * request (a tenth of a balance turn, BENCHMARKS.md). That metadata comes from the components'
 * decorators, fixed once their classes are defined, and the router only reads it: merge each
 * component's once. Idempotent: every app of the process shares Jovo's one MetadataStorage.
 */
export function cacheMergedHandlerMetadata(): void {
  if (installed) return;
  installed = true;
  const storage = MetadataStorage.getInstance();
  const merge = storage.getMergedHandlerMetadataOfComponent.bind(storage);
  const merged = new WeakMap<object, MergedHandlerMetadata>();
  const mergeOnce = (target: Parameters<MergeHandlerMetadata>[0]): MergedHandlerMetadata => {
    let metadata = merged.get(target);
    if (!metadata) {
      metadata = merge(target);
      merged.set(target, metadata);
    }
    return metadata;
  };
  storage.getMergedHandlerMetadataOfComponent = mergeOnce as MergeHandlerMetadata;
}
