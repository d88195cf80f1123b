import assert from "node:assert/strict";
import { beforeEach, describe, it } from "vitest";
import { sessionStore } from "./sessionStore.ts";

const alice = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const bob = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

describe("session store", () => {
  beforeEach(() => {
    sessionStorage.clear();
    sessionStore.setAddress(undefined);
  });

  it("keeps a token per address for the tab, and follows account switches", () => {
    sessionStore.setAddress(alice);
    assert.equal(sessionStore.get().status, "signedOut");
    sessionStore.signedIn(alice, "token-a", { status: "active" });
    assert.equal(sessionStore.get().token, "token-a");
    sessionStore.setAddress(bob);
    assert.equal(sessionStore.get().status, "signedOut", "bob never signed in");
    sessionStore.setAddress(alice);
    assert.deepEqual([sessionStore.get().status, sessionStore.get().token], ["active", "token-a"]);
  });

  it("follows what the API says: challenge, blocked, expired (token forgotten)", () => {
    sessionStore.setAddress(alice);
    sessionStore.signedIn(alice, "token-a", { status: "active" });
    sessionStore.onApiError("auth.challenge_required");
    assert.equal(sessionStore.get().status, "challenge");
    sessionStore.onApiError("auth.session_blocked");
    assert.equal(sessionStore.get().status, "blocked");
    sessionStore.onApiError("auth.session_expired");
    assert.equal(sessionStore.get().status, "expired");
    assert.equal(sessionStore.get().token, undefined);
    assert.equal(sessionStorage.length, 0);
  });

  it("ignores API errors while signed out, and unrelated codes", () => {
    sessionStore.setAddress(alice);
    sessionStore.onApiError("auth.session_expired");
    assert.equal(sessionStore.get().status, "signedOut");
    sessionStore.signedIn(alice, "t", { status: "challenge_required" });
    assert.equal(sessionStore.get().status, "challenge");
    sessionStore.onApiError("compliance.denied");
    assert.equal(sessionStore.get().status, "challenge");
  });

  it("notifies subscribers on every change", () => {
    let calls = 0;
    const off = sessionStore.subscribe(() => calls++);
    sessionStore.setAddress(alice);
    sessionStore.signedIn(alice, "t", { status: "active" });
    sessionStore.signOut();
    off();
    sessionStore.setAddress(bob);
    assert.equal(calls, 3);
  });
});
