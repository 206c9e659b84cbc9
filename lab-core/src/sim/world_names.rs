//! One rule for member records that share an etcd `--name`.
//!
//! etcd names need not be unique across clusters, nor over time: a member removed and added
//! again, a data-dir restored from a snapshot under a new token, or another cluster on the
//! same hosts can all bring a second member called `etcd-1`. The world keys members by name,
//! so every path that makes a record for a started member with a *new id* (bootstrapping
//! with `new`, joining with `existing`, starting on a data-dir no record wrote) takes its key
//! here:
//!
//! - no record holds the name: the new record takes it;
//! - a *stopped* record holds it: that record keeps its history (log, data-dir, trace) under
//!   `name#<its id in hex>`, and the new record takes `name`, so commands about `etcd-1` reach
//!   the process now running as `etcd-1`;
//! - a *running* record holds it: the new record is `name#2` (`#3`, ... if taken).
//!
//! A start whose id a record already has is that member again (a restart, a moved data-dir)
//! and reuses its record; that is decided before this rule applies.

use super::{MAX_MEMBERS, World};

impl World {
    /// The world key for a new record of a started member called `name` (see the module
    /// rule); renames the stopped record that held it.
    pub(crate) fn claim_world_name(&mut self, name: &str) -> String {
        let Some(idx) = self.members.iter().position(|m| m.name() == name) else {
            return name.to_owned();
        };
        if self.members[idx].is_running() {
            // At most MAX_MEMBERS records exist, so one of MAX_MEMBERS + 1 suffixes is free.
            for n in 2..=MAX_MEMBERS + 2 {
                let candidate = format!("{name}#{n}");
                if !self.members.iter().any(|m| m.name() == candidate) {
                    return candidate;
                }
            }
            return format!("{name}#{}", self.members.len() + 2);
        }
        let old = &mut self.members[idx];
        old.spec.name = format!("{name}#{:x}", old.id);
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::{Command, MemberSpec, World};

    fn world_with(names: &[&str]) -> World {
        let mut world = World::new(1);
        world
            .apply(Command::AddHost {
                name: "h".into(),
                ip: std::net::Ipv4Addr::new(10, 0, 0, 1),
            })
            .expect("host");
        for name in names {
            world
                .apply(Command::AddMember(MemberSpec::new(name, "h", names)))
                .expect("member");
        }
        world
    }

    #[test]
    fn a_stopped_namesake_keeps_its_history_under_its_id_and_the_new_member_takes_the_name() {
        let mut world = world_with(&["etcd-1"]);
        let old_id = world.member("etcd-1").map(|m| m.id).unwrap_or_default();
        assert_eq!(world.claim_world_name("etcd-1"), "etcd-1");
        let renamed = format!("etcd-1#{old_id:x}");
        assert_eq!(world.member(&renamed).map(|m| m.id), Some(old_id));
        assert!(
            world.member("etcd-1").is_none(),
            "the name is free for the new record"
        );
        assert_eq!(
            world.claim_world_name("etcd-2"),
            "etcd-2",
            "an unused name is taken as is"
        );
    }

    #[test]
    fn a_running_namesake_keeps_its_name_and_the_new_member_gets_a_number() {
        let mut world = world_with(&["etcd-1"]);
        world
            .apply(Command::StartMember("etcd-1".into()))
            .expect("starts");
        assert_eq!(world.claim_world_name("etcd-1"), "etcd-1#2");
        assert!(world.member("etcd-1").is_some_and(|m| m.running));
    }
}
