/**
 * A local HTTP server that answers like a Twilio-compatible SMS carrier, for tests only: it
 * records each Messages API request and answers 201 with a message sid, or with the status a
 * test asks for. The carrier itself is the one boundary Beacon's tests cannot reach.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface CarrierRequest {
  path: string;
  authorization: string | undefined;
  form: Record<string, string>;
}

export interface TestCarrier {
  url: string;
  requests: CarrierRequest[];
  /** The answer to the next message requests, in order; afterwards 201 again. */
  failNext(...answers: Array<{ status: number; code?: number; message?: string }>): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startTestCarrier(): Promise<TestCarrier> {
  const requests: CarrierRequest[] = [];
  const failures: Array<{ status: number; code?: number; message?: string }> = [];
  let serial = 0;
  const server = createServer(async (request, response) => {
    const form = Object.fromEntries(new URLSearchParams(await readBody(request)));
    requests.push({ path: request.url ?? "", authorization: request.headers.authorization, form });
    response.setHeader("content-type", "application/json");
    const failure = failures.shift();
    if (failure) {
      response.statusCode = failure.status;
      response.end(
        JSON.stringify({
          code: failure.code ?? 0,
          message: failure.message ?? "error",
          status: failure.status,
        }),
      );
      return;
    }
    serial++;
    response.statusCode = 201;
    response.end(
      JSON.stringify({
        sid: `SM${String(serial).padStart(32, "0")}`,
        status: "queued",
        to: form.To,
        body: form.Body,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (...answers) => failures.push(...answers),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
