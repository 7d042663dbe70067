//! JSON shapes of users for `--json`; see [`super`].

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct UserJson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub role: &'static str,
    pub disabled: bool,
    pub must_change_password: bool,
}

impl<'a> From<&'a steward_core::User> for UserJson<'a> {
    fn from(u: &'a steward_core::User) -> Self {
        Self {
            id: u.id,
            name: &u.name,
            role: u.role.as_str(),
            disabled: u.disabled,
            must_change_password: u.must_change_password,
        }
    }
}
