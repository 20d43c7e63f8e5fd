// A wasi:http handler for componentize-js: `handle` gets the request and the out-parameter
// to send the response through (see jco's "WASI HTTP" docs). It answers
// `hello from WIT Studio` on GET /, and 404 / 405 otherwise.
import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.12';

const encoder = new TextEncoder();

function respond(responseOut, status, text) {
  const headers = Fields.fromList([
    ['content-type', encoder.encode('text/plain; charset=utf-8')],
    ['server', encoder.encode('wit-studio-http-hello')],
  ]);
  const response = new OutgoingResponse(headers);
  response.setStatusCode(status);
  const body = response.body();
  ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  const stream = body.write();
  stream.blockingWriteAndFlush(encoder.encode(text));
  stream[Symbol.dispose]();
  OutgoingBody.finish(body, undefined);
}

export const incomingHandler = {
  handle(request, responseOut) {
    const method = request.method();
    const path = request.pathWithQuery() ?? '/';
    if (method.tag !== 'get') return respond(responseOut, 405, `method ${method.tag} not allowed\n`);
    if (path !== '/') return respond(responseOut, 404, `not found: ${path}\n`);
    respond(responseOut, 200, 'hello from WIT Studio\n');
  },
};
