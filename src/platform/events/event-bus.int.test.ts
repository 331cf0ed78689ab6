import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, it } from "node:test";
import { databaseTargets, freshDatabase } from "../../../test/support/databases.ts";
import { createLogger } from "../log.ts";
import { type DomainEvent, EventBus } from "./event-bus.ts";

const log = createLogger("silent");

for (const target of databaseTargets()) {
  describe(`event bus on ${target.name}`, () => {
    it("delivers an event to listeners in the same process once", async () => {
      const fresh = await freshDatabase(target);
      const bus = new EventBus(fresh.database, log);
      await bus.start();
      const received: DomainEvent[] = [];
      bus.on("case.status-changed", (event) => {
        received.push(event);
      });
      await bus.emit("case.status-changed", { receiptNumber: "EAC2612350001" });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await bus.stop();
      await fresh.database.close();
      await fresh.cleanup();
      assert.equal(received.length, 1);
      assert.deepEqual(received[0]?.payload, { receiptNumber: "EAC2612350001" });
    });

    it("refuses an event too large for NOTIFY", async () => {
      const fresh = await freshDatabase(target);
      const bus = new EventBus(fresh.database, log);
      await assert.rejects(bus.emit("big", { text: "x".repeat(8000) }), /too large/);
      await fresh.database.close();
      await fresh.cleanup();
    });
  });
}

interface Peer {
  child: ChildProcessWithoutNullStreams;
  lines: AsyncIterator<string>;
}

function startPeer(databaseUrl: string, schema: string): Peer {
  const fixture = path.resolve(import.meta.dirname, "../../../test/fixtures/event-peer.ts");
  const child = spawn(process.execPath, ["--import", "tsx", fixture, databaseUrl, schema], { stdio: "pipe" });
  return { child, lines: createInterface({ input: child.stdout })[Symbol.asyncIterator]() };
}

async function nextMessage(peer: Peer, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error("no message from the peer process")), timeoutMs),
  );
  const line = await Promise.race([peer.lines.next(), timeout]);
  if (line.done) throw new Error("the peer process ended");
  return JSON.parse(line.value) as Record<string, unknown>;
}

const postgres = databaseTargets().find((t) => t.name === "postgres");
describe("event bus across processes", { skip: !postgres && "TEST_DATABASE_URL unset" }, () => {
  it("delivers an event raised in one process to a listener in another", async () => {
    if (!postgres?.config.databaseUrl) return;
    const fresh = await freshDatabase(postgres);
    await fresh.database.close();
    const a = startPeer(postgres.config.databaseUrl, fresh.schema as string);
    const b = startPeer(postgres.config.databaseUrl, fresh.schema as string);
    try {
      const [readyA, readyB] = await Promise.all([nextMessage(a), nextMessage(b)]);
      assert.ok(readyA.ready && readyB.ready);
      a.child.stdin.write('emit inquiry.created {"inquiryId":42}\n');
      const inA = await nextMessage(a);
      const inB = await nextMessage(b);
      assert.deepEqual(inA, { received: "inquiry.created", payload: { inquiryId: 42 }, from: readyA.ready });
      assert.deepEqual(inB, { received: "inquiry.created", payload: { inquiryId: 42 }, from: readyA.ready });
    } finally {
      for (const peer of [a, b]) peer.child.stdin.end("quit\n");
      await Promise.all([a, b].map((peer) => new Promise((resolve) => peer.child.once("exit", resolve))));
      await fresh.cleanup();
    }
  });
});
