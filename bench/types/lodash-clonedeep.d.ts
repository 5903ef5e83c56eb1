/** lodash.clonedeep is Jovo's dependency (no types installed): only for scratch/what-is-copied.ts. */
declare module 'lodash.clonedeep' {
  function cloneDeep<T>(value: T): T;
  export = cloneDeep;
}
