// Test harness: starts `lab serve` on a free loopback port and Debian's Chromium under Playwright,
// fails on any console error, and saves a screenshot when a test fails.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
export const artifacts = join(here, "artifacts");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

async function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Starts `lab serve` and resolves once it answers HTTP. */
export async function startLab() {
  const bin = process.env.LAB_BIN ?? join(root, "target/debug/lab");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ["serve", "--addr", `127.0.0.1:${port}`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`lab exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(url + "/");
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`lab did not answer on ${url} within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok();
        child.once("exit", ok);
        child.kill("SIGINT");
      }),
  };
}

/** Launches Chromium with a fresh profile; collects console errors and page errors. */
export async function openBrowser() {
  const profile = mkdtempSync(join(tmpdir(), "cluster-lab-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1200, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
  return {
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `body(page, lab)` against a fresh server and browser. On failure (including any console
 * error) it saves a screenshot to tests/browser/artifacts/<name>.png and rethrows.
 */
export async function withLab(name, body) {
  const lab = await startLab();
  let browser;
  try {
    browser = await openBrowser();
    await body(browser.page, lab);
    if (browser.errors.length) throw new Error(`errors in the page:\n${browser.errors.join("\n")}`);
  } catch (err) {
    if (browser) {
      mkdirSync(artifacts, { recursive: true });
      const file = join(artifacts, `${name}.png`);
      await browser.page.screenshot({ path: file, fullPage: true }).catch(() => {});
      err.message += `\n(screenshot: ${file})`;
    }
    throw err;
  } finally {
    await browser?.close();
    await lab.stop();
  }
}
