// A learner types into a host's terminal — a pipeline, a command that needs the cluster — and
// then pastes a lab script that checks the cluster and reads its transcript.
import assert from "node:assert/strict";
import { test } from "node:test";
import { withLab } from "./harness.mjs";

test("a host's terminal runs what is typed, in virtual time", async () => {
  await withLab("terminal", async (page, lab) => {
    await page.goto(`${lab.url}/?seed=5`);
    const terminal = page.getByRole("region", { name: "terminal" });
    await terminal.getByRole("tab", { name: "etcd-2" }).click();
    const screen = terminal.locator("pre.screen");
    assert.equal(await screen.getAttribute("data-host"), "etcd-2");
    await assert.doesNotReject(
      terminal.locator(".prompt", { hasText: "[root@etcd-2 ~]#" }).waitFor(),
      "the prompt names the host",
    );

    const command = terminal.getByRole("textbox", { name: "command" });
    await command.fill(`ip addr show eth0 | grep "inet\\b" | awk '{print $2}' | cut -d/ -f1`);
    await command.press("Enter");
    await screen.filter({ hasText: /\n10\.0\.0\.12\n/ }).waitFor();

    // etcdctl reaches the cluster through the simulated network once a leader exists.
    await page.locator('.member[data-role="leader"]').waitFor({ timeout: 15_000 });
    await command.fill("etcdctl put greeting hello && etcdctl get greeting");
    await command.press("Enter");
    await screen.filter({ hasText: "OK\ngreeting\nhello" }).waitFor({ timeout: 15_000 });

    // A command that does not end hides the prompt until Ctrl-C.
    await command.fill("sleep 600");
    await command.press("Enter");
    await terminal.locator('input[placeholder*="Ctrl-C"]').waitFor();
    await terminal.getByRole("button", { name: "Ctrl-C" }).click();
    await terminal.locator(".prompt", { hasText: "[root@etcd-2 ~]#" }).waitFor();
  });
});

test("a program reads what is typed in its terminal until Ctrl-D", async () => {
  await withLab("terminal-stdin", async (page, lab) => {
    await page.goto(`${lab.url}/?seed=5`);
    const terminal = page.getByRole("region", { name: "terminal" });
    const screen = terminal.locator("pre.screen");
    // By its label: while echo is off it is a password field, which is no textbox.
    const command = terminal.getByLabel("command", { exact: true });
    const enter = async (text) => {
      await command.fill(text);
      await command.press("Enter");
    };
    await enter("cat > /tmp/notes");
    await terminal.locator('input[placeholder*="reads the terminal"]').waitFor();
    await enter("typed while cat runs");
    await screen.filter({ hasText: "# cat > /tmp/notes\ntyped while cat runs\n" }).waitFor();
    await terminal.getByRole("button", { name: "Ctrl-D" }).click();
    await terminal.locator(".prompt", { hasText: "]#" }).waitFor();
    await enter("cat /tmp/notes");
    await screen.filter({ hasText: "# cat /tmp/notes\ntyped while cat runs\n" }).waitFor();

    // `read -s` turns echo off: the input box becomes a password field.
    await enter("read -s secret; echo ${#secret} characters");
    await terminal.locator('input[type="password"]').waitFor();
    await enter("hunter2");
    await screen.filter({ hasText: "7 characters" }).waitFor();
    assert.doesNotMatch(await screen.textContent(), /hunter2/, "a password is not echoed");
  });
});

test("a lab script runs against the live lab and shows its transcript", async () => {
  await withLab("lab-script", async (page, lab) => {
    await page.goto(`${lab.url}/?seed=6`);
    const panel = page.getByRole("region", { name: "lab script" });
    await panel
      .getByRole("textbox", { name: "lab script text" })
      .fill("sleep 3s\nexpect leader\netcd-1$ etcdctl member list | wc -l\n");
    await panel.getByRole("button", { name: "Run script" }).click();
    const transcript = panel.locator("pre.transcript");
    await transcript.filter({ hasText: "# expect leader\netcd-1$ etcdctl member list | wc -l\n3" }).waitFor();
    assert.doesNotMatch(await transcript.textContent(), /# line \d+:/, "every expect held");
  });
});
