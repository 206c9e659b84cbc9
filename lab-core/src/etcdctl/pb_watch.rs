//! The watch stream's messages: [`WatchCreateRequest`] (what clientv3 sends to open a
//! watcher), [`WatchResponse`] (clientv3's `WatchResponse`, whose Go JSON `-w json` prints:
//! `Header`, `Events`, `CompactRevision`, `Canceled`, `Created`) and [`Event`]
//! (`mvccpb.Event`: `type` omitted for PUT, `1` for DELETE).

use serde::{Serialize, Serializer};

use super::pb::{KeyValue, ResponseHeader};

/// `WatchCreateRequest`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WatchCreateRequest {
    /// The key, or the start of the range.
    pub key: Vec<u8>,
    /// The end of the range, exclusive: empty for the key alone, `[0]` for every key from
    /// `key` on.
    pub range_end: Vec<u8>,
    /// The first revision to report; 0 for changes after the current revision.
    pub start_revision: i64,
    /// Send each event's previous key-value too.
    pub prev_kv: bool,
}

/// `mvccpb.Event_EventType`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EventType {
    /// A key was created or changed (0 on the wire).
    #[default]
    Put,
    /// A key was deleted (1).
    Delete,
}

impl EventType {
    /// The name Go's `String()` gives it.
    pub fn name(self) -> &'static str {
        match self {
            EventType::Put => "PUT",
            EventType::Delete => "DELETE",
        }
    }

    fn is_put(&self) -> bool {
        *self == EventType::Put
    }
}

impl Serialize for EventType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(match self {
            EventType::Put => 0,
            EventType::Delete => 1,
        })
    }
}

/// `mvccpb.Event`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Event {
    /// PUT or DELETE.
    #[serde(rename = "type", skip_serializing_if = "EventType::is_put")]
    pub kind: EventType,
    /// The key after the change (for a delete: the key and the deleting revision).
    pub kv: KeyValue,
    /// The key before the change, when the watcher asked for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev_kv: Option<KeyValue>,
}

/// clientv3's `WatchResponse`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WatchResponse {
    /// The serving member's header.
    pub header: ResponseHeader,
    /// The events of one revision.
    pub events: Vec<Event>,
    /// Set when the start revision was compacted away (the watcher is cancelled).
    pub compact_revision: i64,
    /// The watcher is gone.
    pub canceled: bool,
    /// The answer to the create request.
    pub created: bool,
    /// Why the client closed the stream (unexported in Go: not in the JSON).
    #[serde(skip)]
    pub close_err: Option<String>,
}

impl WatchResponse {
    /// clientv3's `WatchResponse.Err()`: the close error, compaction, or a future revision.
    pub fn err(&self) -> Option<String> {
        if let Some(e) = &self.close_err {
            return Some(e.clone());
        }
        if self.compact_revision != 0 {
            return Some("etcdserver: mvcc: required revision has been compacted".to_owned());
        }
        self.canceled
            .then(|| "etcdserver: mvcc: required revision is a future revision".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delete_event_shows_its_type_and_a_put_does_not_as_go_json_does() {
        let kv = KeyValue {
            key: b"wk".to_vec(),
            mod_revision: 5,
            ..KeyValue::default()
        };
        let r = WatchResponse {
            events: vec![Event {
                kind: EventType::Delete,
                kv,
                prev_kv: None,
            }],
            ..WatchResponse::default()
        };
        assert_eq!(
            serde_json::to_string(&r).ok().as_deref(),
            Some(
                r#"{"Header":{},"Events":[{"type":1,"kv":{"key":"d2s=","mod_revision":5}}],"CompactRevision":0,"Canceled":false,"Created":false}"#
            )
        );
        let compacted = WatchResponse {
            compact_revision: 10,
            canceled: true,
            ..WatchResponse::default()
        };
        assert_eq!(
            compacted.err().as_deref(),
            Some("etcdserver: mvcc: required revision has been compacted")
        );
    }
}
