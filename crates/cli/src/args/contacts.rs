//! Command-line syntax of contacts, their saved views and custom fields.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a contact and print its id.
    Add(ContactFields),
    /// List contacts (sorted by name unless --sort or --view say otherwise).
    List(ListArgs),
    /// Show one contact.
    Show {
        /// The contact's id.
        id: i64,
    },
    /// Change a contact; only the fields given change (repeating --email
    /// replaces the whole list; an empty value clears a field).
    Edit {
        /// The contact's id.
        id: i64,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Search contacts, companies, deals and notes, best first.
    Search {
        /// What to look for.
        query: String,
        /// At most this many hits.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// List the recycle bin: deleted contacts you may restore.
    Deleted,
    /// Bring a contact back from the recycle bin.
    Restore {
        /// The contact's id.
        id: i64,
    },
    /// Move a contact to the recycle bin (restorable for 30 days).
    Delete {
        /// The contact's id.
        id: i64,
    },
    /// Change many contacts at once: chosen by id, saved view or tag; one
    /// change, one audit entry. Contacts you may not change are listed with
    /// the reason and the others are changed.
    Bulk(BulkArgs),
    /// List possible duplicates: groups of contacts sharing an e-mail, a
    /// phone number or a name (accents, case and word order aside), with the
    /// reasons. A group of more than 100 contacts lists its first 100 and
    /// its size; `--group FIRST --offset N` lists the others.
    Duplicates {
        /// List only the group whose first contact is this one, from `--offset`.
        #[arg(long, value_name = "FIRST")]
        group: Option<i64>,
        /// With `--group`: how many of the group's contacts (in id order) to skip.
        #[arg(long, default_value_t = 0, requires = "group")]
        offset: usize,
        /// With `--group`: how many of its contacts to list.
        #[arg(long, default_value_t = 100, requires = "group")]
        limit: usize,
    },
    /// Merge contact OTHER into contact KEEP and print the result: KEEP's
    /// fields unless taken from OTHER, every e-mail, phone, tag, activity,
    /// task, deal and consent of both. OTHER goes to the recycle bin;
    /// `steward bin restore contact OTHER` undoes the merge within 30 days.
    Merge {
        /// The contact kept.
        keep: i64,
        /// The contact merged into it.
        other: i64,
        /// Take this field from OTHER (repeat): name, company, title,
        /// source, street, city, postal-code, region, country, notes, owner
        /// or custom.KEY; `FIELD=keep` is the default.
        #[arg(long = "take", value_name = "FIELD=other")]
        take: Vec<String>,
    },
    /// Print one sensitive field's value; the reveal and its reason are audited.
    Reveal {
        /// The contact's id.
        id: i64,
        /// date-of-birth, national-id or special-notes.
        field: String,
        /// Why you need it (kept in the audit log; leave personal data out).
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Args)]
pub struct ContactFields {
    /// Full name.
    #[arg(long)]
    pub name: Option<String>,
    /// E-mail address (repeat for several; the first is primary).
    #[arg(long = "email", value_name = "EMAIL")]
    pub emails: Vec<String>,
    /// Phone number (repeat for several; the first is primary).
    #[arg(long = "phone", value_name = "PHONE")]
    pub phones: Vec<String>,
    /// Company name.
    #[arg(long)]
    pub company: Option<String>,
    /// Job title.
    #[arg(long)]
    pub title: Option<String>,
    /// Where the contact came from.
    #[arg(long)]
    pub source: Option<String>,
    /// Street and number.
    #[arg(long)]
    pub street: Option<String>,
    /// City.
    #[arg(long)]
    pub city: Option<String>,
    /// Postal code.
    #[arg(long)]
    pub postal_code: Option<String>,
    /// Region or state.
    #[arg(long)]
    pub region: Option<String>,
    /// Country.
    #[arg(long)]
    pub country: Option<String>,
    /// Tag (repeat for several; on edit, replaces the set).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Notes.
    #[arg(long)]
    pub notes: Option<String>,
    /// Date of birth, YYYY-MM-DD, or --MM-DD when the year is not known
    /// (sensitive). A value typed here can be read
    /// by other local accounts while the command runs: give - to type it at a
    /// hidden prompt or pipe it in, or use --date-of-birth-env.
    #[arg(long, value_name = "YYYY-MM-DD", allow_hyphen_values = true)]
    pub date_of_birth: Option<String>,
    /// Take the date of birth from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "date_of_birth")]
    pub date_of_birth_env: Option<String>,
    /// National identity number (sensitive). A value typed here can be read
    /// by other local accounts while the command runs: give - to type it at a
    /// hidden prompt or pipe it in, or use --national-id-env.
    #[arg(long, value_name = "ID")]
    pub national_id: Option<String>,
    /// Take the national identity number from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "national_id")]
    pub national_id_env: Option<String>,
    /// Special-category notes such as health (sensitive). A value typed here
    /// can be read by other local accounts while the command runs: give - to
    /// type it at a hidden prompt or pipe it in, or use --special-notes-env.
    #[arg(long, value_name = "TEXT")]
    pub special_notes: Option<String>,
    /// Take the special-category notes from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "special_notes")]
    pub special_notes_env: Option<String>,
    /// Give the contact to another user (edit only).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Set a custom field (repeat for several; an empty value clears it).
    #[arg(long = "field", value_name = "KEY=VALUE")]
    pub custom: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Start after the last row of an earlier page: the cursor that page
    /// handed out (`next`, with `--limit`).
    #[arg(long, value_name = "CURSOR")]
    pub after: Option<String>,
    /// Show at most this many, and the cursor of the rows after them
    /// (`--json`: `{"contacts": [...], "next": CURSOR or null}`) [default: all].
    #[arg(long)]
    pub limit: Option<u64>,
    #[command(flatten)]
    pub filter: ContactFilterArgs,
    /// Apply a saved view (its name or id); filters given as well narrow it.
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
}

/// Filters and order of a contacts list.
#[derive(Debug, Args, Default)]
pub struct ContactFilterArgs {
    /// Only contacts with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only contacts owned by this user (login name).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Only contacts linked to this company (id).
    #[arg(long, value_name = "ID")]
    pub company: Option<i64>,
    /// The order.
    #[arg(long, value_name = "name|name-desc|newest|oldest")]
    pub sort: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ViewCommand {
    /// List your saved views.
    List,
    /// Save a view (replacing one of the same name).
    Save {
        /// The view's name.
        name: String,
        #[command(flatten)]
        filter: ContactFilterArgs,
    },
    /// Delete one of your views (by name or id).
    Delete {
        /// The view's name or id.
        view: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show the vault's settings (every signed-in user).
    Show,
    /// Change one (owners and admins): `phone-country RO` reads phone
    /// numbers written nationally as Romanian ones; `phone-country none`
    /// leaves them as written, flagged. Every stored number is read again.
    Set {
        /// The setting: phone-country.
        key: String,
        /// A two-letter country code, or none.
        value: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum FieldCommand {
    /// List the custom contact fields.
    List,
    /// Define a custom contact field.
    Add {
        /// Its key, used by `--field KEY=VALUE` and `--map COLUMN=custom:KEY`:
        /// lower-case letters, digits and '-'.
        key: String,
        /// What people see [default: the key].
        #[arg(long)]
        label: Option<String>,
        /// What it holds.
        #[arg(long, default_value = "text", value_name = "text|number|date|boolean")]
        kind: String,
    },
    /// Remove a custom field and every contact's value of it.
    Delete {
        /// Its key.
        key: String,
    },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["ids", "view", "tag"])))]
#[command(group(clap::ArgGroup::new("change").required(true).args(["add_tag", "remove_tag", "owner", "delete", "withdraw", "object"])))]
pub struct BulkArgs {
    /// A contact's id (repeat for several).
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<i64>,
    /// Every contact one of your saved views shows (its name or id).
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// Every contact with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Add this tag.
    #[arg(long, value_name = "T")]
    pub add_tag: Option<String>,
    /// Remove this tag.
    #[arg(long, value_name = "T")]
    pub remove_tag: Option<String>,
    /// Give the contacts to this user (login name).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Move the contacts to the recycle bin (restorable for 30 days).
    #[arg(long)]
    pub delete: bool,
    /// Withdraw the given consent for this purpose (its key).
    #[arg(long, value_name = "PURPOSE")]
    pub withdraw: Option<String>,
    /// With --withdraw: how the withdrawal arrived (verbal, email, paper-form or web-form).
    #[arg(long, default_value = "verbal", requires = "withdraw")]
    pub method: String,
    /// Record an objection to direct marketing.
    #[arg(long)]
    pub object: bool,
}
