import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';

/**
 * Runs one request so that nothing it does can take the server down: a cancelled request is
 * answered as cancelled, an exception is logged to the output channel and answered with the
 * request's empty result.
 */
export function runSafe<T>(connection: Connection, name: string, token: CancellationToken, empty: T, work: () => T): T | ResponseError<void> {
  if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  try {
    return work();
  } catch (e) {
    connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return empty;
  }
}
