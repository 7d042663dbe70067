//! Users, roles and the [`Session`] every operation on data goes through.

mod roles;
pub mod rules;
pub(crate) mod session;
mod slots;
mod users;

pub use crate::vault::names::user_name_key;
pub use roles::{Permission, Role};
pub use rules::{RulesState, RulesVersion, UserRulesStatus};
pub use session::{Session, User};
pub(crate) use users::{
    USER_COLUMNS, enabled_user_id, first_owner, load_user, to_user, user_from_row, user_id_by_name,
};

pub mod password;
