import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server that a test can cut and restore, to make PostgreSQL (or
 * any server) unreachable for one client only, as a network partition or failover would, while
 * everyone else keeps using the shared server. A cut destroys every open connection; then new
 * connections are either dropped right after they are accepted (a load balancer whose server is
 * gone: the client sees its connection terminated) or refused (nothing listens any more).
 * Restore lets connections pass again, on the same port.
 */
export type CutMode = 'drop' | 'refuse';

export class TcpFaultProxy {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private port = 0;
  private dropping = false;

  private constructor(private readonly target: { host: string; port: number }) {}

  static async start(target: { host: string; port: number }): Promise<TcpFaultProxy> {
    const proxy = new TcpFaultProxy(target);
    await proxy.listen();
    return proxy;
  }

  /** `url` with its host and port replaced by the proxy's. */
  route(url: string): string {
    const routed = new URL(url);
    routed.hostname = '127.0.0.1';
    routed.port = String(this.port);
    return routed.toString();
  }

  async cut(mode: CutMode = 'drop'): Promise<void> {
    this.dropping = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (mode === 'refuse') await this.close();
  }

  async restore(): Promise<void> {
    this.dropping = false;
    if (!this.server) await this.listen();
  }

  async stop(): Promise<void> {
    await this.cut('refuse');
  }

  private async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  private async listen(): Promise<void> {
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private pipe(client: Socket): void {
    if (this.dropping) {
      client.destroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
