//! The users table as auth reads it: a user by id, the first owner, a
//! user's id by login name. Managing users is [`crate::users`].

use rusqlite::OptionalExtension;

use super::User;
use crate::vault::names::resolve_user_name;
use crate::{Error, Result};

/// The id of the user called `name` (under [`crate::auth::user_name_key`]); with
/// `enabled_only`, disabled users are not found.
///
/// # Errors
/// [`Error::InvalidInput`] for an ambiguous name; database errors.
pub(crate) fn user_id_by_name(
    conn: &rusqlite::Connection,
    name: &str,
    enabled_only: bool,
) -> Result<Option<i64>> {
    let mut stmt = conn.prepare_cached("SELECT id, name, disabled FROM users")?;
    let users = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    resolve_user_name(
        name,
        users
            .iter()
            .filter(|(_, _, disabled)| !(enabled_only && *disabled))
            .map(|(id, name, _)| (*id, name.as_str())),
    )
}

/// The id of the enabled user called `name`, for giving them something to
/// hold (a contact, a task).
///
/// # Errors
/// [`Error::NotFound`] when no enabled user has that name;
/// [`Error::InvalidInput`] for an ambiguous name; database errors.
pub(crate) fn enabled_user_id(conn: &rusqlite::Connection, name: &str) -> Result<i64> {
    user_id_by_name(conn, name, true)?.ok_or_else(|| Error::NotFound {
        entity: "user",
        id: name.trim().to_owned(),
    })
}

type UserRow = (i64, String, String, bool, bool);

pub(crate) fn user_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
    ))
}

pub(crate) fn to_user((id, name, role, disabled, must_change_password): UserRow) -> Result<User> {
    Ok(User {
        id,
        name,
        role: role
            .parse()
            .map_err(|_| Error::Integrity("a user has an unknown role".into()))?,
        disabled,
        must_change_password,
    })
}

/// The columns [`user_from_row`] reads, in order.
pub(crate) const USER_COLUMNS: &str = "id, name, role, disabled, must_change_password";

pub(crate) fn load_user(conn: &rusqlite::Connection, id: i64) -> Result<User> {
    let row = conn
        .query_row(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
            [id],
            user_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::Integrity("a keyslot names a user the vault does not hold".into()))?;
    to_user(row)
}

pub(crate) fn first_owner(conn: &rusqlite::Connection) -> Result<User> {
    let row = conn
        .query_row(
            &format!(
                "SELECT {USER_COLUMNS} FROM users
                 WHERE role = 'owner' AND disabled = 0 ORDER BY id LIMIT 1"
            ),
            [],
            user_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::Integrity("the vault has no owner".into()))?;
    to_user(row)
}
