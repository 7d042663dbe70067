//! Users, roles and the [`Session`] every operation on data goes through.

mod roles;
pub(crate) mod session;
mod users;

pub use roles::{Permission, Role};
pub use session::{Session, User};

pub mod password;
