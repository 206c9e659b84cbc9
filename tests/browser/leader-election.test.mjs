// A person opens the lab, waits for the cluster to elect a leader, stops the leader, and sees
// another member take over in a higher term; then starts the old leader again, which rejoins as
// a follower.
import assert from "node:assert/strict";
import { test } from "node:test";
import { withLab } from "./harness.mjs";

const member = (page, name) => page.locator(`.member[data-member="${name}"]`);
const leaderCard = (page) => page.locator('.member[data-role="leader"]');

async function readCard(card) {
  return {
    name: await card.getAttribute("data-member"),
    term: Number(await card.locator(".term").textContent()),
  };
}

test("stopping the leader makes another member leader", async () => {
  await withLab("leader-election", async (page, lab) => {
    await page.goto(`${lab.url}/?seed=42`);
    await assert.doesNotReject(page.locator(".member").first().waitFor(), "member cards render");
    assert.equal(await page.locator(".member").count(), 3);
    assert.deepEqual(
      await page.locator(".member h2.host").allTextContents(),
      ["etcd-1", "etcd-2", "etcd-3"],
    );

    await leaderCard(page).waitFor({ timeout: 15_000 });
    const first = await readCard(leaderCard(page));
    assert.ok(first.term >= 1, `a leader has a term, got ${first.term}`);

    await member(page, first.name).getByRole("button", { name: "Stop" }).click();
    await page.locator(`.member[data-member="${first.name}"][data-role="stopped"]`).waitFor();
    const events = page.locator(".events li");
    await events.filter({ hasText: `${first.name} stopped` }).first().waitFor();

    const next = page.locator(`.member[data-role="leader"]:not([data-member="${first.name}"])`);
    await next.waitFor({ timeout: 15_000 });
    const second = await readCard(next);
    assert.notEqual(second.name, first.name);
    assert.ok(second.term > first.term, `new term ${second.term} > old term ${first.term}`);

    await events
      .filter({ hasText: `${second.name} became leader at term ${second.term}` })
      .first()
      .waitFor();

    await member(page, first.name).getByRole("button", { name: "Start" }).click();
    await page
      .locator(`.member[data-member="${first.name}"][data-role="follower"]`)
      .waitFor({ timeout: 15_000 });
  });
});

test("the server sends the page as HTML and the module as application/wasm, compressed", async () => {
  await withLab("server", async (page, lab) => {
    const html = await fetch(`${lab.url}/`);
    assert.match(html.headers.get("content-type"), /^text\/html/);
    const wasm = await fetch(`${lab.url}/pkg/lab_web_bg.wasm`, {
      headers: { "accept-encoding": "gzip" },
    });
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    assert.equal(wasm.headers.get("content-encoding"), "gzip");
    const bytes = new Uint8Array(await wasm.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d], "a wasm module");
    await page.goto(lab.url);
  });
});
