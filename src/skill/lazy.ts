/**
 * A stand-in for an object that is expensive to build (a classifier trained in-process), built
 * on the first use of any of its members rather than when it is handed out. Jovo's dependency
 * injection calls a provider's factory whenever it builds a component that declares the
 * dependency, even for a turn that never uses it: the security alert's first LaunchRequest
 * spent 1.4 s of a Lambda cold start training the emotion classifier it did not consult.
 */
export function builtOnFirstUse<T extends object>(type: abstract new (...args: never[]) => T, build: () => T): T {
  let built: T | undefined;
  const target = (): T => (built ??= build());
  // The prototype as the proxy's target keeps `instanceof type` true without building anything.
  return new Proxy(Object.create(type.prototype) as T, {
    get(_placeholder, key) {
      const instance = target();
      const value: unknown = Reflect.get(instance, key, instance);
      return typeof value === 'function' ? value.bind(instance) : value;
    },
    has: (_placeholder, key) => Reflect.has(target(), key),
    set: (_placeholder, key, value) => Reflect.set(target(), key, value),
  });
}
