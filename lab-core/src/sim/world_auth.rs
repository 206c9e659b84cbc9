//! Auth calls through Raft: a member proposes an [`AuthProposal`] tagged with a world-unique
//! id, every member applies it to its auth store, and the proposing member keeps the answer
//! in its `AuthResults` until the caller takes it.

use super::{Command, World};
use crate::auth::{AuthError, AuthProposal, AuthRequest, AuthResponse};
use crate::error::LabError;

impl World {
    /// Proposes `request`, asked by `caller`, through member `idx`; returns the id its
    /// answer will carry.
    pub fn propose_auth(
        &mut self,
        idx: usize,
        caller: Option<String>,
        request: AuthRequest,
    ) -> Result<u64, LabError> {
        self.propose_with_id(idx, |id| {
            AuthProposal {
                id,
                caller,
                request,
            }
            .encode()
        })
    }

    /// Proposes the payload `encode` makes from a new world-unique request id through
    /// member `idx`; returns the id.
    pub(crate) fn propose_with_id(
        &mut self,
        idx: usize,
        encode: impl FnOnce(u64) -> Vec<u8>,
    ) -> Result<u64, LabError> {
        let name = self
            .members
            .get(idx)
            .map(|m| m.name().to_owned())
            .ok_or_else(|| LabError::UnknownMember(idx.to_string()))?;
        self.next_request_id = self.next_request_id.saturating_add(1);
        let id = self.next_request_id;
        self.apply(Command::Propose {
            member: name,
            data: encode(id),
        })?;
        Ok(id)
    }

    /// The answer to auth call `id` if member `idx` has applied it.
    pub fn auth_result(&self, idx: usize, id: u64) -> Option<Result<AuthResponse, AuthError>> {
        self.members.get(idx)?.server.auth_results.get(id).cloned()
    }

    /// Forgets the answer to auth call `id` once its caller has it.
    pub fn take_auth_result(&mut self, idx: usize, id: u64) {
        if let Some(m) = self.members.get_mut(idx) {
            m.server.auth_results.take(id);
        }
    }
}
