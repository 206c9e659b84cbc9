//! Scenario 7 (disaster recovery): leased puts, and growing a cluster forced down to one
//! member back with `member add`.

use super::super::Request;
use super::fake::Fake;
use super::model::Model;
use super::{expect_same, reference};

#[test]
fn put_attaches_the_hexadecimal_lease() {
    let fake = Fake::new(Model::scenario1());
    expect_same(&fake, &reference("07", 1));
    let calls = fake.calls.borrow();
    let Some((_, Request::Put(put))) = calls.last() else {
        panic!("a put was sent");
    };
    assert_eq!(put.lease, 0x2855a202e1921b04);
}

#[test]
fn a_single_member_cluster_grows_again() {
    let mut model = Model::new(
        0x4b25a0ad7c6fa2c7,
        &[(0x746dc55f7fb91bf3, "etcd1", 21)],
        0x746dc55f7fb91bf3,
    );
    model.next_member_id = 0xf734fe25fe2013a2;
    let fake = Fake::new(model);
    expect_same(&fake, &reference("07", 31));
    expect_same(&fake, &reference("07", 36));
}
