// Takes the README's screenshot: the lab a few seconds after start, with a leader elected.
// Usage: node tests/browser/screenshot.mjs [out.png]   (needs a built target/debug/lab)
import { join } from "node:path";
import { openBrowser, startLab } from "./harness.mjs";

const out = process.argv[2] ?? join(import.meta.dirname, "../../static/readme/screenshot.png");
const lab = await startLab();
const browser = await openBrowser();
try {
  await browser.page.goto(`${lab.url}/?seed=42`);
  await browser.page.locator('.member[data-role="leader"]').waitFor({ timeout: 15_000 });
  await browser.page.waitForTimeout(1500);
  await browser.page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await lab.stop();
}
