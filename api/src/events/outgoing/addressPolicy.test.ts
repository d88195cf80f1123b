import assert from "node:assert/strict";
import { describe, test } from "vitest";
import { ApiError } from "../../errors.ts";
import { checkEndpointUrl, isPrivateAddress, publicOnlyLookup } from "./addressPolicy.ts";

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return error.code;
  }
};

describe("isPrivateAddress", () => {
  test("private, loopback, link-local, CGNAT, multicast and reserved addresses, v4 and v6", () => {
    for (const address of [
      "127.0.0.1",
      "127.255.0.9",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.10",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fd00::1",
      "fe80::1",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:a00:1",
    ]) {
      assert.equal(isPrivateAddress(address), true, address);
    }
  });

  test("public addresses", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111"]) {
      assert.equal(isPrivateAddress(address), false, address);
    }
  });
});

describe("checkEndpointUrl", () => {
  test("http(s) URLs on public hosts pass, normalised", () => {
    assert.equal(
      checkEndpointUrl("https://Hooks.Example.com/in?x=1", false),
      "https://hooks.example.com/in?x=1",
    );
    assert.equal(checkEndpointUrl("http://8.8.8.8:8080/", false), "http://8.8.8.8:8080/");
  });

  test("anything but http(s), credentials, fragments and garbage: 400 webhook_endpoint.invalid_url", () => {
    for (const url of [
      "ftp://example.com/x",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "example.com/hook",
      "https://user:pass@example.com/",
      "https://example.com/#frag",
      `https://example.com/${"a".repeat(2000)}`,
    ]) {
      assert.equal(
        codeOf(() => checkEndpointUrl(url, true)),
        "webhook_endpoint.invalid_url",
        url,
      );
    }
  });

  test("private and local hosts, however spelled: 400 webhook_endpoint.private_url unless allowed", () => {
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://localhost/hook",
      "http://api.localhost/hook",
      "http://LOCALHOST./hook",
      "http://[::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://0x7f.1/hook",
      "http://2130706433/hook",
      "http://10.0.0.5/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://printer.local/hook",
      "http://metadata.google.internal/",
      "http://intranet/hook",
    ]) {
      assert.equal(
        codeOf(() => checkEndpointUrl(url, false)),
        "webhook_endpoint.private_url",
        url,
      );
      assert.equal(
        codeOf(() => checkEndpointUrl(url, true)),
        null,
        `${url} with allowPrivate`,
      );
    }
  });
});

describe("publicOnlyLookup", () => {
  const lookup = (hostname: string, all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; result: unknown }>((resolve) =>
      publicOnlyLookup(hostname, { all }, (error, address) => resolve({ error, result: address })),
    );

  test("a name that resolves to a private address is refused, whatever the lookup asks for", async () => {
    for (const all of [false, true]) {
      const { error } = await lookup("localhost", all);
      assert.equal(error?.code, "EPRIVATEADDRESS");
      assert.match(error?.message ?? "", /localhost resolves to .*, a private address/);
    }
  });
});
