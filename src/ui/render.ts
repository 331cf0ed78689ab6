import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";
import type { FastifyReply } from "fastify";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";

const BROTLI = { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_LGWIN]: 16 } };

/**
 * Sends HTML, compressed in one synchronous call when the browser accepts it. Streaming
 * compression (the generic plugin) costs several times more per page than the page takes to render.
 */
export function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  reply.status(status).type("text/html; charset=utf-8").header("vary", "accept-encoding");
  const accepts = String(reply.request.headers["accept-encoding"] ?? "");
  if (html.length < 1024) return reply.send(html);
  if (/\bbr\b/.test(accepts))
    return reply.header("content-encoding", "br").send(brotliCompressSync(html, BROTLI));
  if (/\bgzip\b/.test(accepts))
    return reply.header("content-encoding", "gzip").send(gzipSync(html, { level: 6 }));
  return reply.send(html);
}

/** Renders a page to HTML (escaped by default) and sends it. */
export function sendPage<P>(reply: FastifyReply, page: VNode<P>, status = 200): FastifyReply {
  return sendHtml(reply, `<!DOCTYPE html>${renderToString(page)}`, status);
}

/** Renders a page to an HTML string, for pages cached between requests. */
export function renderToHtml<P>(page: VNode<P>): string {
  return renderToString(page);
}
