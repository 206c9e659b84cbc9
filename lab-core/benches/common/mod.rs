//! Shared by the benches: a five-member cluster at etcd's default timings, started together.

use std::net::Ipv4Addr;

use lab_core::sim::{Command, MemberSpec};
use lab_core::{SimDuration, World};

pub const MEMBERS: [&str; 5] = ["m1", "m2", "m3", "m4", "m5"];

/// Five members on their own hosts, with a leader elected (three virtual seconds run).
pub fn five_members(seed: u64) -> World {
    let mut world = World::new(seed);
    for (i, name) in MEMBERS.iter().enumerate() {
        let cmds = [
            Command::AddHost {
                name: (*name).into(),
                ip: Ipv4Addr::new(10, 0, 0, 11 + i as u8),
            },
            Command::AddMember(MemberSpec::new(name, name, &MEMBERS)),
            Command::StartMember((*name).into()),
        ];
        for cmd in cmds {
            world.apply(cmd).expect("valid setup");
        }
    }
    world.advance(SimDuration::from_secs(3));
    world
}
