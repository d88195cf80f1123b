import { describe, expect, it } from "vitest";
import { bech32ChecksumOk, burnInvoiceProblem, checkInvoice, networkForChain } from "./invoice.ts";

// Real signed invoices (made with the `invoices` package; BOLT-11's own test vector for mainnet).
const regtest20k =
  "lnbcrt200u1pj48ugqpp5v2sjjj59ean2l42x2r68hak65lt27ycl7ahfjdm93ryf6tecwguqxqrrssdqz0qnp4qgsmldzkdu2cj8su2pe6nx0xgt7n8reeje72rwjysnhw8g9x22326zfuje4mcgsdtggy6amdjt954d6j3jw85r8qu9wf3sx7anmxd6rjpv53h2jac2udj8nhfyynmg5jz794ue6h07v90hdkpru28zzfx60qq9wnj6w";
const regtestMsat =
  "lnbcrt200005n1pj48ugqpp5p39g66qatuy3gt6drvc7vku0yhla4wsfgg0pdgxejz583uxj92vsxqrrssdqz0qnp4qgsmldzkdu2cj8su2pe6nx0xgt7n8reeje72rwjysnhw8g9x223263xw8688f5gc0l2larsetvxxtqu6smzlj0rmzlgufekfzhf2uv2r95pnst8fd0064nuavvhpkjcxsxg4zwxmumwh9red2ehfwvvpjekqp5ywxxr";
const testnet1k =
  "lntb10u1pj48ugqpp5q8t2n4qqm0ufk32qk07tf3p4gwhzrmuvxqhwtqrfn3aqg00udp2qxqrrssdqz0qnp4qgsmldzkdu2cj8su2pe6nx0xgt7n8reeje72rwjysnhw8g9x223268zc4gl5rdenuap6fekrm7h0txsxrx23xkugver4mgqfsa79hp8zxzlc7gherghh30p0egc8j29gpg8h2ymfw4szhq4ry6zrk0ge2ypqqxh3ne0";
const mainnetNoAmount =
  "lnbc1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq8rkx3yf5tcsyz3d73gafnh3cax9rn449d9p5uxz9ezhhypd0elx87sjle52x86fux2ypatgddc6k63n7erqz25le42c4u4ecky03ylcqca784w";
const mainnet2500u =
  "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpuaztrnwngzn3kdzw5hydlzf03qdgm2hdq27cqv3agm2awhz5se903vruatfhq77w3ls4evs3ch9zw97j25emudupq63nyw24cg27h2rspfj9srp";

describe("checkInvoice", () => {
  it("reads the network and amount of real invoices", () => {
    expect(checkInvoice(regtest20k)).toMatchObject({
      ok: true,
      network: "regtest",
      msat: 20_000_000n,
      sats: 20_000n,
    });
    expect(checkInvoice(testnet1k)).toMatchObject({ ok: true, network: "testnet", sats: 1000n });
    expect(checkInvoice(mainnet2500u)).toMatchObject({
      ok: true,
      network: "mainnet",
      sats: 250_000n,
    });
    expect(checkInvoice(mainnetNoAmount)).toMatchObject({
      ok: true,
      msat: undefined,
      sats: undefined,
    });
    expect(checkInvoice(regtestMsat)).toMatchObject({
      ok: true,
      msat: 20_000_500n,
      sats: undefined,
    });
  });

  it("accepts what people paste: spaces, line breaks, a lightning: URI, upper case", () => {
    const wrapped = `  lightning:${regtest20k.slice(0, 80)}\n${regtest20k.slice(80)}  `;
    expect(checkInvoice(wrapped)).toMatchObject({ ok: true, invoice: regtest20k });
    expect(checkInvoice(`LIGHTNING:${regtest20k.toUpperCase()}`)).toMatchObject({
      ok: true,
      invoice: regtest20k,
    });
  });

  it("refuses another network than the bridge's", () => {
    const result = checkInvoice(mainnet2500u, "regtest");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/mainnet.*regtest.*lnbcrt/);
    expect(checkInvoice(regtest20k, "regtest").ok).toBe(true);
  });

  it("refuses garbage with a reason", () => {
    const cases: [string, RegExp][] = [
      ["", /Paste/],
      ["   ", /Paste/],
      ["hello world", /start with lnbc/],
      ["bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", /start with lnbc/],
      ["0x1234", /start with lnbc/],
      ["lnbcrt1garbage", /too short/],
      [regtest20k.slice(0, 150), /checksum/],
      [`${regtest20k.slice(0, 200)}b${regtest20k.slice(201)}`, /checksum|contains/],
      [`${regtest20k.slice(0, 150)}${regtest20k.slice(150).toUpperCase()}`, /mixes/],
      [regtest20k.replace("pj48", "pi48"), /contains "i"/],
      [regtest20k.replace("lnbcrt200u", "lnbcrt0200u"), /amount/],
      [regtest20k.replace("lnbcrt200u", "lnbcrt200x"), /amount/],
      ["ln".padEnd(5000, "q"), /too long/],
      ["<script>alert(1)</script>".repeat(10), /start with lnbc/],
    ];
    for (const [text, reason] of cases) {
      const result = checkInvoice(text);
      expect(result.ok, text.slice(0, 40)).toBe(false);
      expect(!result.ok && result.reason, text.slice(0, 40)).toMatch(reason);
    }
  });

  it("needs an amount in whole sats for a burn", () => {
    expect(burnInvoiceProblem(checkInvoice(regtest20k))).toBeUndefined();
    expect(burnInvoiceProblem(checkInvoice(mainnetNoAmount))).toMatch(/no amount/);
    expect(burnInvoiceProblem(checkInvoice(regtestMsat))).toMatch(/fraction/);
    expect(burnInvoiceProblem(checkInvoice("nope"))).toMatch(/not a Lightning invoice/);
  });

  it("verifies bech32 checksums", () => {
    // BIP-173 test vector.
    const valid = "a12uel5l";
    const words = [..."2uel5l"].map((c) => "qpzry9x8gf2tvdw0s3jn54khce6mua7l".indexOf(c));
    expect(bech32ChecksumOk(valid.slice(0, 1), words)).toBe(true);
    expect(bech32ChecksumOk("b", words)).toBe(false);
  });

  it("knows the local chain's network", () => {
    expect(networkForChain(31337)).toBe("regtest");
    expect(networkForChain(424242)).toBeUndefined();
  });
});
