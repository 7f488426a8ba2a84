import type { Server } from 'node:http';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';

/** The slice of kinesalite's factory used here; the package is CommonJS without type declarations. */
type CreateKinesalite = (options: { createStreamMs: number; deleteStreamMs: number; updateStreamMs: number; shardLimit: number; path?: string }) => Server;
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
  /** Keep streams and records in a LevelDB folder here (they survive a restart); in memory when unset. */
  path?: string;
}

/** Starts kinesalite in-process on 127.0.0.1, in memory or (with `path`) on disk. */
export async function startKinesalite(options: KinesaliteOptions = {}): Promise<Kinesalite> {
  const transitionMs = options.streamTransitionMs ?? 0;
  if (options.path) fs.mkdirSync(options.path, { recursive: true });
  const server = createKinesalite({
    createStreamMs: transitionMs,
    deleteStreamMs: transitionMs,
    updateStreamMs: transitionMs,
    shardLimit: options.shardLimit ?? 50,
    ...(options.path ? { path: options.path } : {}),
  });
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
