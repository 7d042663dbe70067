//! Users, roles and the [`Session`] every operation on data goes through.

mod roles;
pub(crate) mod session;
mod users;

pub use roles::{Permission, Role};
pub use session::{Session, User};
pub use users::user_name_key;
pub(crate) use users::{resolve_user_name, user_id_by_name};

pub mod password;
