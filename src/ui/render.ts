import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";
import type { FastifyReply } from "fastify";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";

const BROTLI = { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_LGWIN]: 16 } };

/** The encoding this request's browser accepts, best first. */
function acceptedEncoding(reply: FastifyReply): "br" | "gzip" | undefined {
  const accepts = String(reply.request.headers["accept-encoding"] ?? "").toLowerCase();
  if (/\bbr\b/.test(accepts)) return "br";
  if (/\bgzip\b/.test(accepts)) return "gzip";
  return undefined;
}

function htmlReply(reply: FastifyReply, status: number): FastifyReply {
  return reply.status(status).type("text/html; charset=utf-8").header("vary", "accept-encoding");
}

/**
 * Sends HTML, compressed in one synchronous call when the browser accepts it. Streaming
 * compression (the generic plugin) costs several times more per page than the page takes to render.
 */
export function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  htmlReply(reply, status);
  const encoding = html.length < 1024 ? undefined : acceptedEncoding(reply);
  if (encoding === "br") return reply.header("content-encoding", "br").send(brotliCompressSync(html, BROTLI));
  if (encoding === "gzip") return reply.header("content-encoding", "gzip").send(gzipSync(html, { level: 6 }));
  return reply.send(html);
}

/** A page kept between requests, compressed once (and harder than per-request pages can afford). */
export interface PrecompressedPage {
  html: string;
  brotli: Buffer;
  gzip: Buffer;
}

export function precompress(html: string): PrecompressedPage {
  return {
    html,
    brotli: brotliCompressSync(html, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } }),
    gzip: gzipSync(html, { level: 9 }),
  };
}

export function sendPrecompressed(reply: FastifyReply, page: PrecompressedPage, status = 200): FastifyReply {
  htmlReply(reply, status);
  const encoding = acceptedEncoding(reply);
  if (encoding === "br") return reply.header("content-encoding", "br").send(page.brotli);
  if (encoding === "gzip") return reply.header("content-encoding", "gzip").send(page.gzip);
  return reply.send(page.html);
}

/** Renders a page to HTML (escaped by default) and sends it. */
export function sendPage<P>(reply: FastifyReply, page: VNode<P>, status = 200): FastifyReply {
  return sendHtml(reply, `<!DOCTYPE html>${renderToString(page)}`, status);
}

/** Renders a page to an HTML string, for pages cached between requests. */
export function renderToHtml<P>(page: VNode<P>): string {
  return renderToString(page);
}
