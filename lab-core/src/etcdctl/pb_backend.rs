//! The protobuf records etcd 3.4 keeps in its backend's buckets besides the key rows:
//! `leasepb.Lease`, `authpb.User`, `authpb.Role` and `etcdserverpb.AlarmMember`, marshalled
//! as gogoproto does (fields in number order, zero values left out).

use super::pb_wire::{bytes_field, int_field, length_delimited, uint_field};
use crate::auth::{PermType, Permission, User};
use crate::mvcc::{Alarm, AlarmKind};

/// `leasepb.Lease{ID, TTL}`: a lease row of the `lease` bucket (`RemainingTTL` is written
/// only with lease checkpointing, which etcd 3.4 leaves off).
pub fn marshal_lease(id: i64, ttl: i64) -> Vec<u8> {
    let mut out = Vec::new();
    int_field(&mut out, 1, id);
    int_field(&mut out, 2, ttl);
    out
}

/// `authpb.User`: name, password hash, roles, and the `UserAddOptions` etcdctl 3.4 always
/// sends (an empty message while `--no-password` is off).
pub fn marshal_user(name: &str, user: &User) -> Vec<u8> {
    let mut out = Vec::new();
    bytes_field(&mut out, 1, name.as_bytes());
    if let Some(hash) = &user.password_hash {
        bytes_field(&mut out, 2, hash.as_bytes());
    }
    for role in &user.roles {
        length_delimited(&mut out, 3, role.as_bytes());
    }
    let mut options = Vec::new();
    uint_field(&mut options, 1, u64::from(user.password_hash.is_none()));
    length_delimited(&mut out, 4, &options);
    out
}

/// `authpb.Role`: name and key permissions.
pub fn marshal_role(name: &str, permissions: &[Permission]) -> Vec<u8> {
    let mut out = Vec::new();
    bytes_field(&mut out, 1, name.as_bytes());
    for perm in permissions {
        let mut p = Vec::new();
        let perm_type = match perm.perm_type {
            PermType::Read => 0,
            PermType::Write => 1,
            PermType::ReadWrite => 2,
        };
        uint_field(&mut p, 1, perm_type);
        bytes_field(&mut p, 2, &perm.key);
        bytes_field(&mut p, 3, &perm.range_end);
        length_delimited(&mut out, 2, &p);
    }
    out
}

/// `etcdserverpb.AlarmMember`: the key of an `alarm` row (its value is empty).
pub fn marshal_alarm_member(alarm: &Alarm) -> Vec<u8> {
    let mut out = Vec::new();
    uint_field(&mut out, 1, alarm.member_id);
    let kind = match alarm.alarm {
        AlarmKind::Nospace => 1,
        AlarmKind::Corrupt => 2,
    };
    uint_field(&mut out, 2, kind);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_row_is_its_id_and_granted_ttl() {
        // Read from a real etcd 3.4.23 backend: lease 1c1ba206dd724a09 granted for 600 s.
        assert_eq!(
            marshal_lease(0x1c1b_a206_dd72_4a09, 600),
            b"\x08\x89\x94\xc9\xeb\xed\xc0\xe8\x8d\x1c\x10\xd8\x04"
        );
    }

    #[test]
    fn a_user_row_lists_roles_and_the_add_options() {
        let user = User {
            password_hash: Some("h".to_owned()),
            roles: vec!["root".to_owned()],
        };
        assert_eq!(
            marshal_user("root", &user),
            b"\x0a\x04root\x12\x01h\x1a\x04root\x22\x00"
        );
        let no_password = User::default();
        assert_eq!(
            marshal_user("u", &no_password),
            b"\x0a\x01u\x22\x02\x08\x01"
        );
    }

    #[test]
    fn a_role_row_holds_each_permission_as_a_message() {
        let perm = Permission {
            perm_type: PermType::ReadWrite,
            key: b"a".to_vec(),
            range_end: b"b".to_vec(),
        };
        assert_eq!(
            marshal_role("r", &[perm]),
            b"\x0a\x01r\x12\x08\x08\x02\x12\x01a\x1a\x01b"
        );
    }

    #[test]
    fn an_alarm_row_key_names_the_member_and_the_alarm() {
        let alarm = Alarm {
            member_id: 5,
            alarm: AlarmKind::Nospace,
        };
        assert_eq!(marshal_alarm_member(&alarm), b"\x08\x05\x10\x01");
    }
}
