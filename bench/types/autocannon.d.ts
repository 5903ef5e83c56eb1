/** The part of autocannon 8's API the bench and the stress test use (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  interface Options {
    /** Several: connection i uses url[i % url.length]. */
    url: string | string[];
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    pipelining?: number;
    timeout?: number;
    sampleInt?: number;
    duration?: number;
    amount?: number;
    /** Requests per second per connection (a pause between a connection's requests). */
    connectionRate?: number;
    /** Requests per second across all connections. */
    overallRate?: number;
    verifyBody?: (body: string) => boolean;
    /** Replaces `[<id>]` in each request with a fresh id. */
    idReplacement?: boolean;
    /** A sequence each connection sends in turn, instead of one request. */
    requests?: RequestDefinition[];
  }

  interface RequestDefinition {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    setupRequest?: (request: any, context: Record<string, unknown>) => any;
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
  }

  interface Histogram {
    average: number;
    total: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p99: number;
  }

  interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    mismatches?: number;
    requests: Histogram;
    latency: Histogram;
  }

  type Instance = EventEmitter & PromiseLike<Result> & { stop(): void };

  function autocannon(options: Options): Instance;
  export = autocannon;
}
