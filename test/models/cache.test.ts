import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cacheKey, cacheModelCalls, costOf, DEFAULT_DISK_CACHE_BYTES, diskCache, InvalidOptionError, meterUsage, memoryCache, ModelRegistry, PRICES, SimulatedModel, UniformEnsemble, type Model } from "xcs-jit";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { aiSdkModel } from "../../runtime/models/ai-sdk.js";
import { startProvider } from "./openai-server.js";
import { scriptedModel } from "./support.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "xcs-cache-"));
  dirs.push(dir);
  return dir;
};

describe("caching model calls", () => {
  it("a registry entry's cache answers a repeated temperature-0 request without calling the model; meterUsage shows hits and savings", async () => {
    const inner = scriptedModel("openai:gpt-4o", (request) => `answer to ${request.prompt}`);
    const registry = new ModelRegistry();
    registry.register(inner, { cache: { store: memoryCache() } });
    const model = registry.resolve("openai:gpt-4o");
    const { result, usage } = await meterUsage(async () => [await model.generate({ prompt: "a" }), await model.generate({ prompt: "a" }), await model.generate({ prompt: "b" })]);
    expect(result.map((r) => r.text)).toEqual(["answer to a", "answer to a", "answer to b"]);
    expect(inner.calls.map((c) => c.prompt)).toEqual(["a", "b"]);
    const paid = costOf(PRICES["gpt-4o"]!, { inputTokens: 10, outputTokens: 5 });
    expect(usage.byModel["openai:gpt-4o"]).toEqual({ requests: 2, failures: 0, retries: 0, inputTokens: 20, outputTokens: 10, costUsd: 2 * paid, cacheHits: 1, savedUsd: paid });
  });

  it("the key is the whole request: another temperature, seed, system or model misses", () => {
    const base = { prompt: "p", temperature: 0 };
    const keys = [
      cacheKey("openai:gpt-4o", base),
      cacheKey("openai:gpt-4o-mini", base),
      cacheKey("openai:gpt-4o", { ...base, seed: 1 }),
      cacheKey("openai:gpt-4o", { ...base, system: "s" }),
      cacheKey("openai:gpt-4o", { ...base, messages: [{ role: "user", content: "earlier" }] }),
      cacheKey("openai:gpt-4o", { ...base, maxOutputTokens: 10 }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(cacheKey("openai:gpt-4o", { prompt: "p" })).toBe(keys[0]); // temperature 0 is the default
  });

  it("sampled calls (temperature > 0) are not cached unless the cache says anyTemperature", async () => {
    const run = async (anyTemperature: boolean) => {
      const inner = scriptedModel("openai:gpt-4o", () => "x");
      const registry = new ModelRegistry();
      registry.register(inner, { cache: { store: memoryCache(), anyTemperature } });
      for (let i = 0; i < 3; i++) await registry.resolve("openai:gpt-4o").generate({ prompt: "p", temperature: 0.7 });
      return inner.calls.length;
    };
    expect(await run(false)).toBe(3);
    expect(await run(true)).toBe(1);
  });

  it("cacheModelCalls caches every registry call made inside it, however deep", async () => {
    const inner = scriptedModel("openai:gpt-4o", () => "same");
    const registry = new ModelRegistry();
    registry.register(inner);
    const ensemble = new UniformEnsemble({ numUnits: 3, model: "openai:gpt-4o", registry });
    const store = memoryCache();
    await cacheModelCalls({ store }, () => ensemble.invoke({ query: "q" }));
    const { usage } = await meterUsage(() => cacheModelCalls({ store }, () => ensemble.invoke({ query: "q" })));
    expect(inner.calls).toHaveLength(3); // the seeds differ, so the first run's three calls are three keys
    expect(usage.total).toMatchObject({ requests: 0, cacheHits: 3 });
    await ensemble.invoke({ query: "q" }); // outside the scope: no cache
    expect(inner.calls).toHaveLength(6);
  });

  it("on disk: a second registry (another process, as far as the cache knows) hits; writes leave no temporary files; a torn entry is a miss", async () => {
    const dir = scratch();
    const first = scriptedModel("openai:gpt-4o", () => "stored");
    const a = new ModelRegistry();
    a.register(first, { cache: { store: diskCache(dir) } });
    await a.resolve("openai:gpt-4o").generate({ prompt: "p" });
    const second = scriptedModel("openai:gpt-4o", () => "fresh");
    const b = new ModelRegistry();
    b.register(second, { cache: { store: diskCache(dir) } });
    expect((await b.resolve("openai:gpt-4o").generate({ prompt: "p" })).text).toBe("stored");
    expect(second.calls).toHaveLength(0);
    expect(readdirSync(dir)).toEqual([`${cacheKey("openai:gpt-4o", { prompt: "p" })}.json`]);

    writeFileSync(join(dir, `${cacheKey("openai:gpt-4o", { prompt: "q" })}.json`), '{"text": "tor');
    expect((await b.resolve("openai:gpt-4o").generate({ prompt: "q" })).text).toBe("fresh");
    expect(JSON.parse(readFileSync(join(dir, `${cacheKey("openai:gpt-4o", { prompt: "q" })}.json`), "utf8")).text).toBe("fresh");
  });

  it("several processes writing one directory at once leave only whole entries", () => {
    const dir = scratch();
    const writer = `
      import { diskCache } from ${JSON.stringify(join(import.meta.dirname, "../../runtime/models/cache.ts"))};
      const store = diskCache(process.argv[2]);
      const writes = [];
      for (let i = 0; i < 200; i++) writes.push(store.set("key" + (i % 20), { text: "x".repeat(10000), usage: { inputTokens: 1, outputTokens: 1 }, model: "m" }));
      await Promise.all(writes);`;
    const script = join(dir, "writer.mts");
    writeFileSync(script, writer);
    const cacheDir = join(dir, "cache");
    // Three processes started together; the shell fails if any of them does.
    const start = (n: number) => `${process.execPath} --import tsx ${script} ${cacheDir} & p${n}=$!`;
    execFileSync("sh", ["-c", `${[1, 2, 3].map(start).join("; ")}; wait $p1 && wait $p2 && wait $p3`], { stdio: "pipe" });
    const files = readdirSync(cacheDir);
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(files).toHaveLength(20);
    for (const file of files) expect(JSON.parse(readFileSync(join(cacheDir, file), "utf8")).text).toHaveLength(10000);
  });

  it("diskCache keeps its entries under maxBytes, evicting the least recently used (written or hit); hits still work", async () => {
    const dir = scratch();
    const entry = (i: number) => ({ text: `${i}`.padEnd(1000, "x"), usage: { inputTokens: 1, outputTokens: 1 }, model: "m" });
    const bytes = JSON.stringify(entry(0)).length;
    const maxBytes = 5 * bytes; // five entries; an eviction leaves at most 90%: four
    const store = diskCache(dir, { maxBytes });
    const total = () => readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    for (let i = 0; i < 20; i++) {
      await store.set(`k${i}`, entry(i));
      expect(total()).toBeLessThanOrEqual(maxBytes); // the bound holds after every write
      expect(await store.get("k0")).toEqual(entry(0)); // read after every write: the most recently used, never evicted
    }
    expect(await store.get("k19")).toEqual(entry(19)); // the latest write hits
    expect(await store.get("k1")).toBeUndefined(); // written early, never read since: evicted first
    const kept = readdirSync(dir).map((name) => name.replace(".json", "")).sort();
    expect(kept).toContain("k0");
    expect(kept.length).toBeLessThanOrEqual(5);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  for (const through of ["the simulated model", "the AI SDK adapter over HTTP"] as const) {
    it(`a bounded diskCache in a registry entry, through ${through}: recent requests hit, evicted ones are asked again`, async () => {
      const dir = scratch();
      const provider = through === "the AI SDK adapter over HTTP" ? await startProvider(20, (n) => ({ answer: `answer ${n} `.padEnd(400, "z") })) : undefined;
      try {
        const asked: string[] = [];
        const model: Model = provider
          ? aiSdkModel(createOpenAICompatible({ name: "local", baseURL: provider.baseURL, apiKey: "k" }).chatModel("m"))
          : new SimulatedModel({ id: "local:m", latency: { fixedMs: 0 } });
        const counted: Model = { id: model.id, generate: (request, options) => (asked.push(request.prompt), model.generate(request, options)) };
        const registry = new ModelRegistry();
        const maxBytes = provider ? 1500 : 400; // about three entries of each model's answers
        registry.register(counted, { cache: { store: diskCache(dir, { maxBytes }) } });
        const generate = (prompt: string) => registry.resolve("local:m").generate({ prompt: prompt.padEnd(300, ".") });
        const first = await generate("p0");
        for (const prompt of ["p1", "p2", "p3", "p4", "p5"]) await generate(prompt);
        const entries = readdirSync(dir);
        expect(entries.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)).toBeLessThanOrEqual(maxBytes);
        expect(entries.length).toBeLessThan(6); // something was evicted
        asked.length = 0;
        expect((await generate("p5")).text).toBeDefined(); // the latest: a hit
        expect(asked).toEqual([]);
        const again = await generate("p0"); // the oldest: evicted, so asked again
        expect(asked.map((p) => p.slice(0, 2))).toEqual(["p0"]);
        if (!provider) expect(again).toEqual(first); // the simulated model answers the same again
      } finally {
        await provider?.close();
      }
    });
  }

  it("diskCache's bound is checked like every option, naming the field; the default is 256 MiB", () => {
    const dir = scratch();
    expect(DEFAULT_DISK_CACHE_BYTES).toBe(256 * 1024 * 1024);
    for (const bad of [0, -1, "1000", Number.NaN]) {
      expect(() => diskCache(dir, { maxBytes: bad as number })).toThrow(InvalidOptionError);
      expect(() => diskCache(dir, { maxBytes: bad as number })).toThrow(/diskCache: invalid option "maxBytes"/);
    }
    expect(() => diskCache(dir, { maxByte: 10 } as never)).toThrow(/diskCache: invalid option "maxByte".*unknown option/);
  });

  it("several processes writing and reading one bounded directory: none fails on an entry another evicted, and the bound holds once they are done", () => {
    const dir = scratch();
    const worker = `
      import { diskCache } from ${JSON.stringify(join(import.meta.dirname, "../../runtime/models/cache.ts"))};
      const store = diskCache(process.argv[2], { maxBytes: 20000 });
      for (let i = 0; i < 60; i++) {
        await store.set("key" + (i % 30) + "-" + process.argv[3], { text: "x".repeat(1000), usage: { inputTokens: 1, outputTokens: 1 }, model: "m" });
        for (let j = 0; j < 3; j++) {
          const hit = await store.get("key" + ((i + j) % 30) + "-" + ((Number(process.argv[3]) % 3) + 1));
          if (hit !== undefined && hit.text.length !== 1000) throw new Error("a torn entry was read");
        }
      }`;
    const script = join(dir, "worker.mts");
    writeFileSync(script, worker);
    const cacheDir = join(dir, "cache");
    const start = (n: number) => `${process.execPath} --import tsx ${script} ${cacheDir} ${n} & p${n}=$!`;
    execFileSync("sh", ["-c", `${[1, 2, 3].map(start).join("; ")}; wait $p1 && wait $p2 && wait $p3`], { stdio: "pipe" });
    const files = readdirSync(cacheDir);
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const sizes = files.map((file) => statSync(join(cacheDir, file)).size);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20000);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(JSON.parse(readFileSync(join(cacheDir, file), "utf8")).text).toHaveLength(1000);
  });

  it("over HTTP, a cached call sends no request; a streamed run's node event counts the hit and still shows the text", async () => {
    const provider = await startProvider(5, () => ({ answer: "42" }));
    try {
      const local = createOpenAICompatible({ name: "local", baseURL: provider.baseURL, apiKey: "k" });
      const registry = new ModelRegistry();
      registry.register(aiSdkModel(local.chatModel("m")), { cache: { store: memoryCache() } });
      const ensemble = new UniformEnsemble({ numUnits: 1, model: "local:m", registry });
      await ensemble.invoke({ query: "q" });
      const stream = ensemble.stream({ query: "q" });
      const events = [];
      for await (const event of stream) events.push(event);
      expect(provider.received).toHaveLength(1);
      expect(events.find((e) => e.type === "node-finished")).toMatchObject({ usage: { requests: 0, cacheHits: 1 } });
      expect(events.filter((e) => e.type === "text-delta").map((e) => e.type === "text-delta" && e.delta)).toEqual(["42"]);
      expect(events.at(-1)).toMatchObject({ type: "output", usage: { total: { cacheHits: 1, requests: 0 } } });
    } finally {
      await provider.close();
    }
  });
});
