//! Seed tutorials' lines, checked against what bash does.

use super::fake::{host, sh};
use crate::shell::FileKind;

#[test]
fn seed_004_variables_from_pipelines_build_the_exact_etcd_argv() {
    let (shell, os) = host();
    let script = r#"ETCD_PEER=$(ip addr show eth0 | grep "inet\b" | awk '{print $2}' | cut -d/ -f1)
ETCD_NAME=$(hostname -s)

ETCD_TOKEN=k8s-dev-etcd
ETCD_1=etcd-1
ETCD_IP_1=192.168.122.5
ETCD_DATA_DIR="/var/lib/etcd"

etcd --name ${ETCD_NAME} --initial-advertise-peer-urls http://${ETCD_PEER}:2380 \
  --initial-cluster ${ETCD_1}=http://${ETCD_IP_1}:2380 \
  --data-dir ${ETCD_DATA_DIR} \
  --initial-cluster-state new
"#;
    let (shell, out, err) = sh(shell, &os, script);
    assert_eq!(shell.var("ETCD_PEER"), Some("192.168.122.5"));
    assert_eq!(shell.var("ETCD_NAME"), Some("etcd-1"));
    assert_eq!(
        os.last_exec().argv,
        [
            "etcd",
            "--name",
            "etcd-1",
            "--initial-advertise-peer-urls",
            "http://192.168.122.5:2380",
            "--initial-cluster",
            "etcd-1=http://192.168.122.5:2380",
            "--data-dir",
            "/var/lib/etcd",
            "--initial-cluster-state",
            "new",
        ]
    );
    assert_eq!(
        (out.as_str(), err.as_str()),
        ("etcd started\n", "etcd log line\n")
    );
    assert_eq!(shell.last_status(), 0);
}

#[test]
fn seed_004_sudo_uses_secure_path_so_etcd_in_usr_local_is_not_found() {
    let (shell, os) = host();
    let (shell, _, err) = sh(shell, &os, "sudo -u etcd \\\netcd --name x\n");
    assert_eq!(err, "sudo: etcd: command not found\n");
    assert_eq!(shell.last_status(), 1);
    let req = os.last_exec();
    assert_eq!(req.user, "etcd");
    assert!(
        req.env
            .contains(&("PATH".into(), "/sbin:/bin:/usr/sbin:/usr/bin".into()))
    );
}

#[test]
fn seed_004_heredoc_expands_variables_and_halves_double_backslashes() {
    let (shell, os) = host();
    let script = "ETCD_NAME=etcd-1\ncat << EOF > /lib/systemd/system/etcd.service\n[Service]\nExecStart=/usr/local/sbin/etcd \\\\\n --name ${ETCD_NAME} \\\\\n --initial-cluster-state new\nEOF\n";
    let (_, _, err) = sh(shell, &os, script);
    assert_eq!(err, "");
    assert_eq!(
        os.file("/lib/systemd/system/etcd.service").as_deref(),
        Some(
            "[Service]\nExecStart=/usr/local/sbin/etcd \\\n --name etcd-1 \\\n --initial-cluster-state new\n"
        )
    );
}

#[test]
fn quoted_heredoc_delimiter_turns_expansion_off_and_dash_strips_tabs() {
    let (shell, os) = host();
    let (shell, out, _) = sh(shell, &os, "X=1\ncat <<'EOF'\n$X \\\\\nEOF\n");
    assert_eq!(out, "$X \\\\\n");
    let (_, out, _) = sh(shell, &os, "cat <<-EOF\n\t$X\n\tEOF\n");
    assert_eq!(out, "1\n");
}

#[test]
fn seed_000_cd_and_rm_glob_empties_the_data_dir() {
    let (shell, os) = host();
    os.add("/var/lib/etcd/member", "", FileKind::Dir);
    os.add("/var/lib/etcd/member/wal", "x", FileKind::File);
    os.add("/var/lib/etcd/.hidden", "x", FileKind::File);
    let (shell, _, err) = sh(shell, &os, "cd /var/lib/etcd && rm -rf *\n");
    assert_eq!(err, "");
    assert_eq!(shell.cwd(), "/var/lib/etcd");
    assert_eq!(os.last_exec().argv, ["rm", "-rf", "member"]);
    assert_eq!(shell.prompt(), "[root@etcd-1 etcd]# ");
}

#[test]
fn seed_003_background_job_appends_both_streams_to_the_log() {
    let (shell, os) = host();
    os.add("/niub/etcd_log/etcd.log", "old\n", FileKind::File);
    let (shell, out, err) = sh(
        shell,
        &os,
        "/usr/local/bin/etcd -name niub1 \\\n-initial-cluster-state new  >> /niub/etcd_log/etcd.log 2>&1 &\n",
    );
    assert_eq!(out, "");
    assert_eq!(err, "[1] 4001\n");
    assert_eq!(
        os.file("/niub/etcd_log/etcd.log").as_deref(),
        Some("old\netcd started\netcd log line\n")
    );
    assert_eq!(shell.jobs().len(), 1);
    let (_, out, _) = sh(shell, &os, "true\n");
    assert_eq!(
        out,
        "[1]+  Done                    /usr/local/bin/etcd -name niub1 -initial-cluster-state new >> /niub/etcd_log/etcd.log 2>&1\n"
    );
}

#[test]
fn status_and_short_circuits_follow_bash() {
    let (shell, os) = host();
    let (shell, out, err) = sh(
        shell,
        &os,
        "fail; echo $?\nfail || echo recovered\nfail && echo never\nnosuch\necho $?\n",
    );
    assert_eq!(out, "1\nrecovered\n127\n");
    assert_eq!(err, "bash: nosuch: command not found\n");
    let (shell, _, err) = sh(shell, &os, "/x/y\n");
    assert_eq!(
        (err.as_str(), shell.last_status()),
        ("bash: /x/y: No such file or directory\n", 127)
    );
    let (shell, _, err) = sh(shell, &os, "/etc\n");
    assert_eq!(
        (err.as_str(), shell.last_status()),
        ("bash: /etc: Is a directory\n", 126)
    );
    os.add("/root/x", "", FileKind::File);
    let (shell, _, err) = sh(shell, &os, "./x\n");
    assert_eq!(
        (err.as_str(), shell.last_status()),
        ("bash: ./x: Permission denied\n", 126)
    );
}

#[test]
fn quoting_splitting_and_parameters() {
    let (shell, os) = host();
    let script = r#"A="a  b"; E=
echo-args $A "$A" '$A' \$A ${E:-dflt} "$E" $E ${U:-"x y"} ~ "~" ${#A}
"#;
    let (_, out, _) = sh(shell, &os, script);
    assert_eq!(out, "<a><b><a  b><$A><$A><dflt><><x><y></root><~><4>\n");
}

#[test]
fn prefix_assignment_is_only_for_that_command_and_export_reaches_programs() {
    let (shell, os) = host();
    let (shell, _, _) = sh(shell, &os, "X=1 echo-args\nexport A=b\nB=c\n");
    assert!(os.last_exec().env.contains(&("X".into(), "1".into())));
    assert_eq!(shell.var("X"), None);
    let (_, _, _) = sh(shell, &os, "echo-args\n");
    let env = os.last_exec().env;
    assert!(env.contains(&("A".into(), "b".into())));
    assert!(!env.iter().any(|(k, _)| k == "B"));
}

#[test]
fn cd_variants_and_errors() {
    let (shell, os) = host();
    let (shell, out, err) = sh(shell, &os, "cd /nope\ncd /etc; cd -; cd; pwd\n");
    assert_eq!(err, "bash: cd: /nope: No such file or directory\n");
    assert_eq!(out, "/root\n/root\n");
    assert_eq!(shell.prompt(), "[root@etcd-1 ~]# ");
}

#[test]
fn compound_commands_subshells_and_loops() {
    let (shell, os) = host();
    let script = "for i in 1 2 3; do if [ $i -eq 2 ]; then continue; fi; echo $i; done\n(X=inner; cd /tmp); echo ${X:-unset} $PWD\nn=0; while [ $n != 3 ]; do n=${n}1; [ $n = 011 ] && break; done; echo $n\ncase etcd.service in *.service) echo unit;; *) echo other;; esac\n{ echo a; echo b; } > /tmp/ab\n";
    let (_, out, err) = sh(shell, &os, script);
    assert_eq!(err, "");
    assert_eq!(out, "1\n3\nunset /root\n011\nunit\n");
    assert_eq!(os.file("/tmp/ab").as_deref(), Some("a\nb\n"));
}

#[test]
fn slow_program_streams_to_the_terminal_while_it_runs() {
    let (shell, os) = host();
    let (_, out, _) = sh(shell, &os, "slow | cat; slow\n");
    assert_eq!(out, "tick\ntick\ntick\ntick\ntick\ntick\n");
}

#[test]
fn endless_loop_hits_the_iteration_limit() {
    let (shell, os) = host();
    let (shell, _, err) = sh(shell, &os, "while true; do :; done\n");
    assert_eq!(err, "bash: loop: more than 10000 iterations\n");
    assert_eq!(shell.last_status(), 1);
}

#[test]
fn scripts_run_in_a_child_shell_with_positional_parameters() {
    let (shell, os) = host();
    os.add(
        "/root/start.sh",
        "#!/bin/bash\necho $0 $# $1 \"$@\"\nexit 3\n",
        FileKind::Executable,
    );
    let (shell, out, _) = sh(
        shell,
        &os,
        "./start.sh a b; echo $?\nbash -c 'echo $1' x y\n",
    );
    assert_eq!(out, "./start.sh 2 a a b\n3\ny\n");
    assert_eq!(shell.exited(), None);
}

#[test]
fn kill_job_spec_becomes_the_pid() {
    let (shell, os) = host();
    let (_, _, _) = sh(shell, &os, "sleep 100 & kill %1\n");
    assert_eq!(os.last_exec().argv, ["kill", "4001"]);
}

#[test]
fn nohup_sends_terminal_output_to_nohup_out() {
    let (shell, os) = host();
    let (_, out, err) = sh(shell, &os, "nohup etcd\n");
    assert_eq!(out, "");
    assert_eq!(
        err,
        "nohup: ignoring input and appending output to 'nohup.out'\n"
    );
    assert_eq!(
        os.file("/root/nohup.out").as_deref(),
        Some("etcd started\netcd log line\n")
    );
}

#[test]
fn jobs_lists_pids_and_marks_current_and_previous_like_bash() {
    let (shell, os) = host();
    let line = "true & true & true & jobs; jobs -l %2; echo $(jobs -p)\n";
    let (shell, out, _) = sh(shell, &os, line);
    assert_eq!(
        out,
        "[1]   Done                    true\n\
         [2]-  Done                    true\n\
         [3]+  Done                    true\n\
         [2]- 4002 Done                    true\n\
         4001 4002 4003\n"
    );
    let (_, _, err) = sh(shell, &os, "jobs %9; jobs -z\n");
    assert_eq!(
        err,
        "bash: jobs: %9: no such job\n\
         bash: jobs: -z: invalid option\n\
         jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n"
    );
}

#[test]
fn jobs_prints_grouped_commands_on_one_line_as_bash_does() {
    let (shell, os) = host();
    let line = "(true; true) >/dev/null 2>&1 & { true; } 2>/dev/null & ! true | true & jobs\n";
    let (_, out, _) = sh(shell, &os, line);
    assert_eq!(
        out,
        "[1]   Done                    ( true; true ) > /dev/null 2>&1\n\
         [2]-  Done                    { true; } 2> /dev/null\n\
         [3]+  Exit 1                  ! true | true\n"
    );
}

#[test]
fn jobs_prints_loops_and_redirections_with_bashs_printer() {
    let (shell, os) = host();
    let (_, out, _) = sh(shell, &os, "true >&2 & while false; do :; done & jobs\n");
    assert_eq!(
        out,
        "[1]-  Done                    true 1>&2\n\
         [2]+  Done                    while false; do\n    :;\ndone\n"
    );
}
