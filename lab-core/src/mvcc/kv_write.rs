//! `WriteTxn`: the writes of one request, all at the store's next revision (etcd's
//! `storeTxnWrite`): the first change takes `sub` 0, the next 1, and so on; the store's
//! revision moves only when the request is done and only if something changed. Reads made
//! through it see its own writes, as etcd's txn reads do.

use super::{
    DeleteRangeRequest, DeleteRangeResponse, KeyRange, KeyValue, KvStore, MvccError, PutRequest,
    PutResponse, RangeRequest, RangeResponse, Revision, range,
};

/// One request's writes in progress.
pub(super) struct WriteTxn<'a> {
    store: &'a mut KvStore,
    begin: u64,
    changes: u64,
}

impl<'a> WriteTxn<'a> {
    pub(super) fn new(store: &'a mut KvStore) -> WriteTxn<'a> {
        let begin = store.revision;
        WriteTxn {
            store,
            begin,
            changes: 0,
        }
    }

    /// The revision reads see: the new one once something changed.
    pub(super) fn rev(&self) -> u64 {
        if self.changes > 0 {
            self.begin.saturating_add(1)
        } else {
            self.begin
        }
    }

    /// A range inside the request: at its revision when `req.revision` is 0, else as a
    /// plain range would be (refused if compacted or in the future).
    pub(super) fn range(&self, req: &RangeRequest) -> Result<RangeResponse, MvccError> {
        if req.revision != 0 {
            let mut response = self.store.range_keys(req)?;
            response.revision = self.rev();
            return Ok(response);
        }
        let rev = self.rev();
        Ok(range::shape(req, self.store.keys_at(&req.range, rev), rev))
    }

    /// etcd's `Put`, with `ignore_value`/`ignore_lease` taking the current key's. That the
    /// key exists is checked before the request starts (etcd's `checkRequestPut`); should an
    /// earlier write of the same txn have deleted it, the request's own value and lease go.
    pub(super) fn put(&mut self, req: &PutRequest) -> PutResponse {
        let prev = self.store.range(&req.key).cloned();
        let main = self.begin.saturating_add(1);
        let (create_revision, version) = prev.as_ref().map_or((main, 1), |kv| {
            (kv.create_revision, kv.version.saturating_add(1))
        });
        let kv = KeyValue {
            key: req.key.clone(),
            create_revision,
            mod_revision: main,
            version,
            value: match (&prev, req.ignore_value) {
                (Some(p), true) => p.value.clone(),
                _ => req.value.clone(),
            },
            lease: match (&prev, req.ignore_lease) {
                (Some(p), true) => p.lease,
                _ => req.lease,
            },
        };
        self.write(&req.key, Some(kv));
        PutResponse {
            revision: main,
            prev_kv: prev.filter(|_| req.prev_kv),
        }
    }

    /// etcd's `DeleteRange`: a tombstone for every live key in the range.
    pub(super) fn delete_range(&mut self, req: &DeleteRangeRequest) -> DeleteRangeResponse {
        let doomed = self.store.keys_at(&req.range, self.rev());
        for kv in &doomed {
            self.write(&kv.key, None);
        }
        DeleteRangeResponse {
            revision: self.rev(),
            deleted: doomed.len() as u64,
            prev_kvs: if req.prev_kv { doomed } else { Vec::new() },
        }
    }

    /// Deletes one key; whether it existed.
    pub(super) fn delete(&mut self, key: &str) -> bool {
        let req = DeleteRangeRequest {
            range: KeyRange::key(key),
            prev_kv: false,
        };
        self.delete_range(&req).deleted > 0
    }

    fn write(&mut self, key: &str, kv: Option<KeyValue>) {
        let revision = Revision {
            main: self.begin.saturating_add(1),
            sub: self.changes,
        };
        self.store.written.record(revision.main, key);
        let history = self.store.keys.entry(key.to_owned()).or_default();
        history.push(revision, kv);
        if let Some(row) = history.revisions().last() {
            self.store.bytes = self.store.bytes.saturating_add(row.bytes(key));
        }
        self.changes = self.changes.saturating_add(1);
    }

    /// Ends the request: the store moves to the new revision if anything changed.
    pub(super) fn end(self) -> u64 {
        let rev = self.rev();
        self.store.revision = rev;
        self.store.high_water_bytes = self.store.high_water_bytes.max(self.store.bytes);
        rev
    }
}
