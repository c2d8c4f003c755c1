/**
 * nock 15 intercepts fetch through @mswjs/interceptors, which calls Promise.withResolvers
 * (Node 22+). The project supports Node 20, so give it the few lines it needs;
 * vitest.config.ts loads this before every test file.
 */
type WithResolvers = <T>() => { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };

const P = Promise as PromiseConstructor & { withResolvers?: WithResolvers };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = <T>() => {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
