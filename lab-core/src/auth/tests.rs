//! Stories of the auth store, checked against what etcd 3.4.23 answered (see
//! `tests/data/auth-reference.md`).

use proptest::prelude::*;

use super::*;

fn ask(
    store: &mut AuthStore,
    caller: Option<&str>,
    request: AuthRequest,
) -> Result<AuthResponse, AuthError> {
    let now = crate::time::SimTime::from_millis(0);
    store.apply(
        &AuthProposal {
            id: 1,
            caller: caller.map(str::to_owned),
            request,
        },
        now,
    )
}

fn admin(store: &mut AuthStore, request: AuthRequest) -> Result<AuthResponse, AuthError> {
    ask(store, Some(ROOT), request)
}

fn user_add(name: &str, password: &str) -> AuthRequest {
    AuthRequest::UserAdd {
        name: name.into(),
        password_hash: Some(hash_password(password)),
    }
}

fn grant(role: &str, perm_type: PermType, key: &str, range_end: &[u8]) -> AuthRequest {
    AuthRequest::RoleGrantPermission {
        name: role.into(),
        perm: Permission {
            perm_type,
            key: key.as_bytes().to_vec(),
            range_end: range_end.to_vec(),
        },
    }
}

/// root with the root role, alice reading `/app/` by prefix, bob writing `[a, z)`, auth on.
fn seed_001_store() -> AuthStore {
    let mut s = AuthStore::new();
    let steps = [
        user_add("root", "rootpw"),
        AuthRequest::RoleAdd {
            name: "root".into(),
        },
        AuthRequest::UserGrantRole {
            user: "root".into(),
            role: "root".into(),
        },
        user_add("alice", "alicepw"),
        user_add("bob", "bobpw"),
        AuthRequest::RoleAdd {
            name: "readers".into(),
        },
        AuthRequest::RoleAdd {
            name: "writers".into(),
        },
        grant(
            "readers",
            PermType::Read,
            "/app/",
            &prefix_range_end(b"/app/"),
        ),
        grant("writers", PermType::Write, "a", b"z"),
        grant("writers", PermType::ReadWrite, "foo", b""),
        AuthRequest::UserGrantRole {
            user: "alice".into(),
            role: "readers".into(),
        },
        AuthRequest::UserGrantRole {
            user: "bob".into(),
            role: "writers".into(),
        },
        AuthRequest::AuthEnable,
    ];
    for step in steps {
        assert!(admin(&mut s, step).is_ok());
    }
    s
}

#[test]
fn auth_enable_needs_a_root_user_holding_the_root_role() {
    let mut s = AuthStore::new();
    assert_eq!(
        admin(&mut s, AuthRequest::AuthEnable),
        Err(AuthError::RootUserNotExist)
    );
    admin(&mut s, user_add("root", "pw")).ok();
    assert_eq!(
        admin(&mut s, AuthRequest::AuthEnable),
        Err(AuthError::RootRoleNotExist)
    );
    // The root role may be granted before it exists (etcdctl's auth enable does so).
    let grant_root = AuthRequest::UserGrantRole {
        user: "root".into(),
        role: "root".into(),
    };
    assert_eq!(admin(&mut s, grant_root), Ok(AuthResponse::Done));
    assert_eq!(
        admin(&mut s, AuthRequest::AuthEnable),
        Ok(AuthResponse::Done)
    );
    assert!(s.is_enabled());
}

#[test]
fn once_enabled_only_root_manages_auth_and_anonymous_callers_have_no_name() {
    let mut s = seed_001_store();
    assert_eq!(
        ask(&mut s, None, AuthRequest::UserList),
        Err(AuthError::UserEmpty)
    );
    assert_eq!(
        ask(&mut s, Some("alice"), AuthRequest::UserList),
        Err(AuthError::PermissionDenied)
    );
    assert_eq!(
        ask(&mut s, Some("alice"), AuthRequest::AuthDisable),
        Err(AuthError::PermissionDenied)
    );
    // A user reads itself.
    let own = AuthRequest::UserGet {
        name: "alice".into(),
    };
    assert_eq!(
        ask(&mut s, Some("alice"), own),
        Ok(AuthResponse::User(vec!["readers".into()]))
    );
    let users = admin(&mut s, AuthRequest::UserList);
    assert_eq!(
        users,
        Ok(AuthResponse::Users(vec![
            "alice".into(),
            "bob".into(),
            "root".into()
        ]))
    );
}

#[test]
fn root_cannot_be_taken_apart_while_auth_is_on() {
    let mut s = seed_001_store();
    let revoke = AuthRequest::UserRevokeRole {
        name: "root".into(),
        role: "root".into(),
    };
    assert_eq!(admin(&mut s, revoke), Err(AuthError::InvalidAuthMgmt));
    assert_eq!(
        admin(
            &mut s,
            AuthRequest::RoleDelete {
                role: "root".into()
            }
        ),
        Err(AuthError::InvalidAuthMgmt)
    );
    assert_eq!(
        admin(
            &mut s,
            AuthRequest::UserDelete {
                name: "root".into()
            }
        ),
        Err(AuthError::InvalidAuthMgmt)
    );
    admin(&mut s, AuthRequest::AuthDisable).ok();
    assert_eq!(
        ask(
            &mut s,
            None,
            AuthRequest::UserDelete {
                name: "root".into()
            }
        ),
        Ok(AuthResponse::Done)
    );
}

#[test]
fn readers_read_their_prefix_and_nothing_else() {
    let s = seed_001_store();
    let alice = Some("alice");
    assert_eq!(s.check_key(alice, Operation::Read, b"/app/x", b""), Ok(()));
    assert_eq!(
        s.check_key(alice, Operation::Read, b"/app/", b"/app0"),
        Ok(())
    );
    assert_eq!(
        s.check_key(alice, Operation::Read, b"/", b"0"),
        Err(AuthError::PermissionDenied)
    );
    assert_eq!(
        s.check_key(alice, Operation::Read, b"/other", b""),
        Err(AuthError::PermissionDenied)
    );
    assert_eq!(
        s.check_key(alice, Operation::Write, b"/app/x", b""),
        Err(AuthError::PermissionDenied)
    );
    assert_eq!(
        s.check_key(None, Operation::Read, b"/app/x", b""),
        Err(AuthError::UserEmpty)
    );
    assert_eq!(
        s.check_key(Some("root"), Operation::Write, b"any", b""),
        Ok(())
    );
}

#[test]
fn writers_write_their_range_but_read_only_what_readwrite_grants() {
    let s = seed_001_store();
    let bob = Some("bob");
    assert_eq!(s.check_key(bob, Operation::Write, b"b", b""), Ok(()));
    assert_eq!(
        s.check_key(bob, Operation::Read, b"b", b""),
        Err(AuthError::PermissionDenied)
    );
    assert_eq!(s.check_key(bob, Operation::Read, b"foo", b""), Ok(()));
    assert_eq!(
        s.check_key(bob, Operation::Write, b"zz", b""),
        Err(AuthError::PermissionDenied)
    );
}

#[test]
fn passwords_and_tokens() {
    let mut s = seed_001_store();
    assert_eq!(s.check_password("alice", "alicepw"), Ok(()));
    assert_eq!(
        s.check_password("alice", "wrong"),
        Err(AuthError::AuthFailed)
    );
    assert_eq!(s.check_password("nosuch", "x"), Err(AuthError::AuthFailed));
    let login = AuthRequest::Authenticate {
        name: "alice".into(),
        simple_token: "tok.7".into(),
    };
    assert_eq!(
        ask(&mut s, None, login),
        Ok(AuthResponse::Token("tok.7".into()))
    );
    assert_eq!(
        s.user_of_token(Some("tok.7"), crate::time::SimTime::from_millis(0)),
        Ok(Some("alice".into()))
    );
    assert_eq!(
        s.user_of_token(Some("forged"), crate::time::SimTime::from_millis(0)),
        Err(AuthError::InvalidAuthToken)
    );
    // A new password ends the user's sessions.
    let passwd = AuthRequest::UserChangePassword {
        name: "alice".into(),
        password_hash: hash_password("new"),
    };
    admin(&mut s, passwd).ok();
    assert_eq!(
        s.user_of_token(Some("tok.7"), crate::time::SimTime::from_millis(0)),
        Err(AuthError::InvalidAuthToken)
    );
    assert_eq!(s.check_password("alice", "new"), Ok(()));
}

#[test]
fn no_password_users_cannot_authenticate_and_auth_off_knows_no_logins() {
    let with_carol = |mut s: AuthStore| {
        let carol = AuthRequest::UserAdd {
            name: "carol".into(),
            password_hash: None,
        };
        admin(&mut s, carol).ok();
        s.check_password("carol", "x")
    };
    assert_eq!(with_carol(AuthStore::new()), Err(AuthError::AuthNotEnabled));
    assert_eq!(with_carol(seed_001_store()), Err(AuthError::NoPasswordUser));
}

#[test]
fn granting_a_range_after_the_same_key_alone_keeps_etcds_order_and_duplicates() {
    let mut s = AuthStore::new();
    admin(
        &mut s,
        AuthRequest::RoleAdd {
            name: "readers".into(),
        },
    )
    .ok();
    let end = prefix_range_end(b"/app/");
    for req in [
        grant("readers", PermType::Read, "/app/", b""),
        grant("readers", PermType::Read, "/app/", &end),
        grant("readers", PermType::Read, "/app/", &end),
    ] {
        admin(&mut s, req).ok();
    }
    let Ok(AuthResponse::Role(perms)) = admin(
        &mut s,
        AuthRequest::RoleGet {
            role: "readers".into(),
        },
    ) else {
        panic!("readers exists");
    };
    let ends: Vec<&[u8]> = perms.iter().map(|p| p.range_end.as_slice()).collect();
    assert_eq!(ends, vec![&b""[..], b"/app0", b"/app0"]);
    let revoke = AuthRequest::RoleRevokePermission {
        role: "readers".into(),
        key: b"/app/".to_vec(),
        range_end: b"".to_vec(),
    };
    assert_eq!(admin(&mut s, revoke.clone()), Ok(AuthResponse::Done));
    assert_eq!(admin(&mut s, revoke), Err(AuthError::PermissionNotGranted));
}

#[test]
fn errors_name_what_is_missing_or_already_there() {
    let mut s = AuthStore::new();
    assert_eq!(admin(&mut s, user_add("", "x")), Err(AuthError::UserEmpty));
    assert_eq!(
        admin(
            &mut s,
            AuthRequest::RoleAdd {
                name: String::new()
            }
        ),
        Err(AuthError::RoleEmpty)
    );
    admin(&mut s, user_add("bob", "x")).ok();
    assert_eq!(
        admin(&mut s, user_add("bob", "x")),
        Err(AuthError::UserAlreadyExist)
    );
    let to_nosuch = AuthRequest::UserGrantRole {
        user: "bob".into(),
        role: "nosuch".into(),
    };
    assert_eq!(admin(&mut s, to_nosuch), Err(AuthError::RoleNotFound));
    let revoke = AuthRequest::UserRevokeRole {
        name: "bob".into(),
        role: "x".into(),
    };
    assert_eq!(admin(&mut s, revoke), Err(AuthError::RoleNotGranted));
    assert_eq!(
        admin(
            &mut s,
            AuthRequest::UserGet {
                name: "nosuch".into()
            }
        ),
        Err(AuthError::UserNotFound)
    );
}

#[test]
fn proposals_survive_their_entry_payload_and_are_nothing_else() {
    let p = AuthProposal {
        id: 9,
        caller: Some("root".into()),
        request: user_add("a", "b"),
    };
    assert_eq!(AuthProposal::decode(&p.encode()), Some(p));
    assert_eq!(AuthProposal::decode(b"{\"id\":1}"), None);
}

#[test]
fn the_store_round_trips_through_its_backend_form_without_tokens() {
    let mut s = seed_001_store();
    ask(
        &mut s,
        None,
        AuthRequest::Authenticate {
            name: "bob".into(),
            simple_token: "t.1".into(),
        },
    )
    .ok();
    let Ok(bytes) = serde_json::to_vec(&s) else {
        panic!("encodes")
    };
    let Ok(mut back) = serde_json::from_slice::<AuthStore>(&bytes) else {
        panic!("decodes")
    };
    assert!(back.is_enabled());
    assert_eq!(back.revision(), s.revision());
    assert_eq!(
        back.user_of_token(Some("t.1"), crate::time::SimTime::from_millis(0)),
        Err(AuthError::InvalidAuthToken)
    );
}

proptest! {
    /// A key inside a granted range is readable; one outside every grant is not.
    #[test]
    fn coverage_matches_membership(start in "[a-m]{1,3}", end in "[n-z]{1,3}", key in "[a-z]{1,4}") {
        let mut s = AuthStore::new();
        for req in [user_add("root", "r"), AuthRequest::UserGrantRole { user: "root".into(), role: "root".into() },
                    user_add("u", "p"), AuthRequest::RoleAdd { name: "r".into() },
                    grant("r", PermType::Read, &start, end.as_bytes()),
                    AuthRequest::UserGrantRole { user: "u".into(), role: "r".into() }, AuthRequest::AuthEnable] {
            prop_assert!(admin(&mut s, req).is_ok());
        }
        let inside = key.as_bytes() >= start.as_bytes() && key.as_bytes() < end.as_bytes();
        prop_assert_eq!(s.check_key(Some("u"), Operation::Read, key.as_bytes(), b"").is_ok(), inside);
    }

    /// Tokens never outgrow their bound.
    #[test]
    fn tokens_stay_bounded(n in 0usize..3000) {
        let mut t = super::tokens::Tokens::default();
        for i in 0..n { t.assign(&format!("t{i}"), "u", crate::time::SimTime::from_millis(0)); }
        prop_assert!(t.users.len() <= MAX_TOKENS);
    }
}

#[test]
fn the_auth_revision_counts_changes_as_etcd_commits_them() {
    // Real etcd 3.4.23's backend `authRevision` (1 at creation) after: user add root,
    // grant-role root root, role add root, the same grant again (ignored), role add r2,
    // grant-permission r2 readwrite a b → 6; auth enable → still 6; auth disable → 7.
    let mut s = AuthStore::new();
    let grant_root = || AuthRequest::UserGrantRole {
        user: "root".into(),
        role: "root".into(),
    };
    admin(&mut s, user_add("root", "pw")).ok();
    admin(&mut s, grant_root()).ok();
    admin(
        &mut s,
        AuthRequest::RoleAdd {
            name: "root".into(),
        },
    )
    .ok();
    assert_eq!(admin(&mut s, grant_root()), Ok(AuthResponse::Done));
    admin(&mut s, AuthRequest::RoleAdd { name: "r2".into() }).ok();
    admin(&mut s, grant("r2", PermType::ReadWrite, "a", b"b")).ok();
    assert_eq!(s.revision() + 1, 6);
    assert_eq!(
        s.enabled_flag(),
        None,
        "no flag row before the first enable"
    );
    admin(&mut s, AuthRequest::AuthEnable).expect("enabled");
    assert_eq!((s.revision() + 1, s.enabled_flag()), (6, Some(true)));
    admin(&mut s, AuthRequest::AuthDisable).expect("disabled");
    assert_eq!((s.revision() + 1, s.enabled_flag()), (7, Some(false)));
    admin(&mut s, AuthRequest::AuthDisable).expect("disabled");
    assert_eq!(
        s.revision() + 1,
        7,
        "disabling a disabled store commits nothing"
    );
}
