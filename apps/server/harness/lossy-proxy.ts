import { connect, createServer, type Socket } from 'node:net';

export interface LossyProxy {
  url: string;
  /** Responses thrown away after the server had produced them. */
  readonly dropped: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of the server that, for a fraction of the server's answers,
 * closes both sides instead of passing the answer on: the server has done the work
 * (a transfer is committed) but the client only sees a broken connection. That is
 * the case idempotency keys exist for, on a server that stays up.
 */
export async function lossyProxy(upstreamPort: number, dropRate: number): Promise<LossyProxy> {
  let dropped = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      // Either side failing ends both: the client sees a network error and retries.
      s.once('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (Math.random() < dropRate) {
        dropped++;
        client.destroy();
        upstream.destroy();
      } else client.write(chunk);
    });
    client.once('end', () => upstream.end());
    upstream.once('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no proxy port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    get dropped() {
      return dropped;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
