//! The controller's identity for the processing register (GDPR Art.
//! 30(1)(a)): the organisation's name and contact details, and its data
//! protection officer's where there is one. Kept as vault settings
//! (`controller.name`, `.address`, `.email`, `.phone`, `.dpo`); an owner
//! sets them (`policy.manage`), every signed-in user may read them.

use rusqlite::TransactionBehavior;

use crate::Result;
use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::error::Invalid;
use crate::records::contacts::fields::check_text;

/// Who is responsible for the processing. An empty field is not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Controller {
    /// The organisation's (or the person's) name.
    pub name: String,
    /// Its postal address, on one line.
    pub address: String,
    /// Its e-mail address.
    pub email: String,
    /// Its phone number.
    pub phone: String,
    /// The data protection officer's name and contact details, when one is
    /// designated.
    pub dpo: String,
}

impl Controller {
    /// Whether the register can name the controller: a name and at least
    /// one way to reach it.
    pub fn is_set(&self) -> bool {
        let reachable = [&self.address, &self.email, &self.phone]
            .iter()
            .any(|field| !field.is_empty());
        !self.name.is_empty() && reachable
    }
}

/// What to change in [`Controller`]; `None` leaves a field as it is, an
/// empty string clears it.
#[derive(Debug, Clone, Default)]
pub struct ControllerPatch {
    /// The name.
    pub name: Option<String>,
    /// The postal address.
    pub address: Option<String>,
    /// The e-mail address.
    pub email: Option<String>,
    /// The phone number.
    pub phone: Option<String>,
    /// The data protection officer.
    pub dpo: Option<String>,
}

/// Each field: its setting key, the name its errors give it, its limit.
const FIELDS: [(&str, &str, usize); 5] = [
    ("controller.name", "controller name", 200),
    ("controller.address", "controller address", 500),
    ("controller.email", "controller e-mail", 254),
    ("controller.phone", "controller phone", 50),
    ("controller.dpo", "data protection officer", 500),
];

fn clean(label: &'static str, value: &str, limit: usize) -> Result<String> {
    let value = value.trim();
    if value.contains('\n') {
        return Err(
            Invalid::new("multiline", format!("the {label} must be on one line"))
                .with("field", label)
                .into(),
        );
    }
    check_text(label, value, limit)?;
    Ok(value.to_owned())
}

pub(crate) fn read(conn: &rusqlite::Connection) -> Result<Controller> {
    let [name, address, email, phone, dpo] =
        FIELDS.map(|(key, _, _)| crate::db::setting(conn, key).map(Option::unwrap_or_default));
    Ok(Controller {
        name: name?,
        address: address?,
        email: email?,
        phone: phone?,
        dpo: dpo?,
    })
}

impl Session {
    /// The controller's identity as the register prints it. Every signed-in
    /// user may read it: it is the organisation's, not a customer's.
    ///
    /// # Errors
    /// Database errors.
    pub fn controller(&self) -> Result<Controller> {
        read(&self.conn)
    }

    /// Changes the controller's identity (owners, `policy.manage`);
    /// recorded as `controller.update` with the fields that changed.
    /// Changing nothing records nothing.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `policy.manage`;
    /// [`crate::Error::InvalidInput`] for a field on more than one line, too
    /// long, or with control characters.
    pub fn set_controller(&mut self, patch: &ControllerPatch) -> Result<Controller> {
        self.authorize(Permission::PolicyManage, "controller.update", None)?;
        let old = read(&self.conn)?;
        let given = [
            &patch.name,
            &patch.address,
            &patch.email,
            &patch.phone,
            &patch.dpo,
        ];
        let current = [&old.name, &old.address, &old.email, &old.phone, &old.dpo];
        let mut changes = Vec::new();
        for (i, (key, label, limit)) in FIELDS.into_iter().enumerate() {
            if let Some(value) = given[i] {
                let value = clean(label, value, limit)?;
                if value != *current[i] {
                    changes.push((key, value));
                }
            }
        }
        if changes.is_empty() {
            return Ok(old);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (key, value) in &changes {
            crate::db::put_setting(&tx, key, value)?;
        }
        let fields: Vec<&str> = changes
            .iter()
            .map(|(key, _)| key.trim_start_matches("controller."))
            .collect();
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("controller.update", None).with("fields", fields),
        )?;
        tx.commit()?;
        read(&self.conn)
    }
}

impl Session {
    /// The built-in rules for customer data (`auth::rules`) in the vault's
    /// language, for an owner to start from: whom to tell about an incident
    /// is the data protection officer when one is named, else the
    /// controller with its e-mail and phone, else a placeholder the owner
    /// replaces. Every signed-in user may read it; nothing is recorded.
    ///
    /// # Errors
    /// Database errors.
    pub fn rules_template(&self) -> Result<String> {
        use crate::locale::documents::{Text, fill};
        let lang = self.vault_language()?;
        let c = read(&self.conn)?;
        let reach: Vec<&str> = [c.email.as_str(), c.phone.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        let contact = if !c.dpo.is_empty() {
            c.dpo
        } else if !c.name.is_empty() && !reach.is_empty() {
            format!("{} ({})", c.name, reach.join(", "))
        } else {
            Text::RulesContactPlaceholder.get(lang).to_owned()
        };
        Ok(fill(
            Text::RulesTemplate.get(lang),
            &[("contact", &contact)],
        ))
    }
}
