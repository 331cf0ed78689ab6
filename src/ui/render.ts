import type { FastifyReply } from "fastify";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";

/** Renders a page to HTML (escaped by default) and sends it. */
export function sendPage<P>(reply: FastifyReply, page: VNode<P>, status = 200): FastifyReply {
  return reply
    .status(status)
    .type("text/html; charset=utf-8")
    .send(`<!DOCTYPE html>${renderToString(page)}`);
}

/** Renders a page to an HTML string, for pages cached between requests. */
export function renderToHtml<P>(page: VNode<P>): string {
  return renderToString(page);
}
