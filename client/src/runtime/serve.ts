/**
 * `serve` mode: preview2-shim's HTTP server (the one `jco serve` uses) on 127.0.0.1, handing
 * each request to the component's `wasi:http/incoming-handler.handle`.
 */

type Handle = (request: unknown, responseOut: unknown) => void;

interface HttpServer {
  listen(port: number, host: string): void;
  address(): { port: number };
}

interface HttpModule {
  HTTPServer: new (handler: { handle: Handle }) => HttpServer;
}

/** Starts serving; returns the URL it listens on. A trap while handling a request goes to `onTrap`. */
export async function serveHttp(handle: Handle, port: number, onTrap: (error: unknown) => void): Promise<string> {
  const { HTTPServer } = (await import('@bytecodealliance/preview2-shim/http')) as unknown as HttpModule;
  const server = new HTTPServer({
    handle(request, responseOut) {
      try {
        handle(request, responseOut);
      } catch (e) {
        onTrap(e);
      }
    },
  });
  server.listen(port, '127.0.0.1');
  return `http://127.0.0.1:${server.address().port}/`;
}
