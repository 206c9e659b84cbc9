//! The fake cluster's membership changes: add, remove, update, promote.

use super::super::{
    Member, MemberAddResponse, MemberListResponse, Request, Response, ResponseHeader, RpcError,
    ServerError,
};
use super::model::Model;

impl Model {
    pub(super) fn change_members(
        &mut self,
        request: &Request,
        list_header: ResponseHeader,
    ) -> Result<Response, RpcError> {
        Ok(match request {
            Request::MemberAdd {
                peer_urls,
                is_learner,
            } => {
                let member = Member {
                    id: self.next_member_id,
                    peer_urls: peer_urls.clone(),
                    is_learner: *is_learner,
                    ..Member::default()
                };
                self.members.push(member.clone());
                self.members.sort_by_key(|m| m.id);
                Response::MemberAdd(MemberAddResponse {
                    header: list_header,
                    member,
                    members: self.members.clone(),
                })
            }
            Request::MemberRemove { id }
            | Request::MemberPromote { id }
            | Request::MemberUpdate { id, .. } => {
                let Some(at) = self.members.iter().position(|m| m.id == *id) else {
                    return Err(RpcError::Server(ServerError::member_not_found()));
                };
                match request {
                    Request::MemberRemove { .. } => {
                        self.members.remove(at);
                    }
                    Request::MemberUpdate { peer_urls, .. } => {
                        if let Some(m) = self.members.get_mut(at) {
                            m.peer_urls = peer_urls.clone();
                        }
                    }
                    _ => {
                        if let Some(m) = self.members.get_mut(at) {
                            m.is_learner = false;
                        }
                    }
                }
                let response = MemberListResponse {
                    header: list_header,
                    members: self.members.clone(),
                };
                match request {
                    Request::MemberRemove { .. } => Response::MemberRemove(response),
                    Request::MemberUpdate { .. } => Response::MemberUpdate(response),
                    _ => Response::MemberPromote(response),
                }
            }
            _ => return Err(RpcError::Server(ServerError::member_not_found())),
        })
    }
}
