import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The slice of kinesalite's factory used here; the package is CommonJS without type declarations. */
type CreateKinesalite = (options: { createStreamMs: number; deleteStreamMs: number; updateStreamMs: number; shardLimit: number }) => Server;
const createKinesalite = require('kinesalite') as CreateKinesalite;

export interface Kinesalite {
  /** Base URL for `AWS_ENDPOINT_URL_KINESIS`. Clients need `requestHandler: new NodeHttpHandler()` (HTTP/1.1 only). */
  endpoint: string;
  close(): Promise<void>;
}

export interface KinesaliteOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** How long streams stay CREATING/UPDATING/DELETING; kinesalite's own default is 500 ms. */
  streamTransitionMs?: number;
  shardLimit?: number;
}

/** Starts kinesalite in-process on 127.0.0.1. */
export async function startKinesalite(options: KinesaliteOptions = {}): Promise<Kinesalite> {
  const transitionMs = options.streamTransitionMs ?? 0;
  const server = createKinesalite({ createStreamMs: transitionMs, deleteStreamMs: transitionMs, updateStreamMs: transitionMs, shardLimit: options.shardLimit ?? 50 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeAllConnections(); // kept-alive SDK sockets would otherwise hold close() open
      await closed;
    },
  };
}
