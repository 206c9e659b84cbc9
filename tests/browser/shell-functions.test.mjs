// A learner defines a shell function in a host's terminal, uses it on the live cluster, lists
// background jobs with their PIDs, and mistypes a flag: bash's answers, no panic.
import assert from "node:assert/strict";
import { test } from "node:test";
import { withLab } from "./harness.mjs";

test("a shell function and jobs in a host's terminal", async () => {
  await withLab("shell-functions", async (page, lab) => {
    await page.goto(`${lab.url}/?seed=5`);
    const terminal = page.getByRole("region", { name: "terminal" });
    const screen = terminal.locator("pre.screen");
    const command = terminal.getByRole("textbox", { name: "command" });
    const enter = async (text) => {
      await command.fill(text);
      await command.press("Enter");
    };
    await page.locator('.member[data-role="leader"]').waitFor({ timeout: 15_000 });
    await enter(`member-id-of() { etcdctl member list | grep ", $1," | cut -d, -f1; }`);
    await enter("member-id-of etcd-2 | wc -c");
    await screen.filter({ hasText: "# member-id-of etcd-2 | wc -c\n17\n" }).waitFor({ timeout: 15_000 });
    await enter("type member-id-of | head -1");
    await screen.filter({ hasText: "member-id-of is a function\n" }).waitFor();

    // The page's terminal already runs this host's etcd as job 1.
    await enter("sleep 300 &");
    await enter("jobs -l");
    await screen.filter({ hasText: /\[1\]- \d+ Running {17}etcd --name etcd-1 / }).waitFor();
    await screen.filter({ hasText: /\[2\]\+ \d+ Running {17}sleep 300 &\n/ }).waitFor();
    await enter("jobs -q");
    await screen.filter({ hasText: "bash: jobs: -q: invalid option\njobs: usage: jobs [-lnprs]" }).waitFor();
    await enter("return 3");
    await screen.filter({ hasText: "bash: return: can only `return' from a function or sourced script" }).waitFor();
    await enter("kill $(jobs -p %+); sleep 1; jobs");
    await screen.filter({ hasText: /\[2\]\+  Terminated {14}sleep 300\n/ }).waitFor({ timeout: 15_000 });
    assert.match(await screen.textContent(), /\[1\]-  Running {17}etcd --name etcd-1 /, "etcd still runs");
    await terminal.locator(".prompt", { hasText: "]#" }).waitFor();
  });
});
