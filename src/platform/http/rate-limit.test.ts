import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addressKey, WindowCounter } from "./rate-limit.ts";

describe("addressKey", () => {
  it("keeps an IPv4 address as it is", () => {
    assert.equal(addressKey("203.0.113.7"), "203.0.113.7");
  });

  it("counts an IPv6 address by its /64 network, however it is written", () => {
    const key = "2001:db8:0:1::/64";
    assert.equal(addressKey("2001:db8:0:1::1"), key);
    assert.equal(addressKey("2001:0DB8:0000:0001:ffff:ffff:ffff:ffff"), key);
    assert.equal(addressKey("2001:db8:0:1:1:2:3:4%eth0"), key);
    assert.notEqual(addressKey("2001:db8:0:2::1"), key);
    assert.equal(addressKey("::1"), "0:0:0:0::/64");
    assert.equal(addressKey("2001:db8::"), "2001:db8:0:0::/64");
    assert.equal(addressKey("::2001:db8:1:2:3:4"), "0:0:2001:db8::/64");
  });

  it("counts an IPv4-mapped IPv6 address as the IPv4 address", () => {
    assert.equal(addressKey("::ffff:203.0.113.7"), "203.0.113.7");
    assert.equal(addressKey("::FFFF:203.0.113.7"), "203.0.113.7");
  });
});

describe("WindowCounter", () => {
  const limit = { max: 3, timeWindow: 60_000 };

  it("counts each address in its own window from its first request", () => {
    const counter = new WindowCounter(limit);
    assert.deepEqual({ ...counter.hit("a", 1_000) }, { count: 1, resetAt: 61_000 });
    assert.deepEqual({ ...counter.hit("a", 30_000) }, { count: 2, resetAt: 61_000 });
    assert.deepEqual({ ...counter.hit("b", 30_000) }, { count: 1, resetAt: 90_000 });
    assert.equal(counter.hit("a", 60_999).count, 3);
    assert.deepEqual({ ...counter.hit("a", 61_000) }, { count: 1, resetAt: 121_000 });
    assert.equal(counter.hit("b", 89_999).count, 2);
    assert.equal(counter.hit("b", 90_000).count, 1);
  });

  it("keeps a window that outlives a swap of its maps until it ends", () => {
    const counter = new WindowCounter(limit);
    counter.hit("early", 0); // the maps swap at 60,000
    counter.hit("late", 59_000);
    counter.hit("other", 60_000); // swap: "late" is now in the previous map
    assert.equal(counter.hit("late", 100_000).count, 2);
    assert.equal(counter.hit("late", 118_999).count, 3);
    assert.equal(counter.hit("late", 119_000).count, 1);
  });

  it("forgets everything after a quiet spell longer than a window", () => {
    const counter = new WindowCounter(limit);
    counter.hit("a", 0);
    counter.hit("a", 1);
    assert.equal(counter.hit("a", 500_000).count, 1);
  });

  it("lets new addresses through uncounted once it holds as many as it may", () => {
    const counter = new WindowCounter(limit, 2);
    counter.hit("a", 0);
    counter.hit("b", 0);
    assert.equal(counter.hit("c", 0).count, 0);
    assert.equal(counter.hit("a", 0).count, 2);
    // A new window period makes room again.
    assert.equal(counter.hit("c", 60_000).count, 1);
  });
});
