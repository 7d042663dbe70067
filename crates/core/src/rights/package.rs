//! The access and portability package: one JSON document with everything
//! held on a person — their record with every field (sensitive ones
//! included, since it is their data), company, deals, activities, tasks,
//! consent history with its evidence files, the earlier states imports saved
//! when they merged into the record, requests — and the access history of
//! their data: who viewed, changed, revealed or exported it, and when. Its
//! schema is in `docs/access-package.md`.

use std::io::Write;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value, json};

use crate::Result;
use crate::audit::{Event, Target};
use crate::auth::{Permission, Session};
use crate::locale::documents::Text;
use crate::records::attachments::{OF_PERSON, stream_chunks};

/// The `format` value of a package.
pub const PACKAGE_FORMAT: &str = "steward-access-package";
/// Its version: 2 added the evidence files and the saved states of merges;
/// 3 the cover text for the person and the language it is in.
pub const PACKAGE_VERSION: u32 = 4;

/// Every row of `sql` (one parameter: the contact id) as JSON objects keyed
/// by column name.
fn rows(conn: &Connection, sql: &str, id: i64) -> Result<Vec<Value>> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let mut out = Vec::new();
    let mut q = stmt.query(params![id])?;
    while let Some(r) = q.next()? {
        let mut obj = Map::new();
        for (i, name) in names.iter().enumerate() {
            let v = match r.get_ref(i)? {
                rusqlite::types::ValueRef::Null => Value::Null,
                rusqlite::types::ValueRef::Integer(n) => json!(n),
                rusqlite::types::ValueRef::Real(f) => json!(f),
                rusqlite::types::ValueRef::Text(t) => json!(String::from_utf8_lossy(t)),
                rusqlite::types::ValueRef::Blob(b) => {
                    json!(data_encoding::BASE64.encode(b))
                }
            };
            obj.insert(name.clone(), v);
        }
        out.push(Value::Object(obj));
    }
    Ok(out)
}

/// The consent history, each event with its evidence file (`null`, or its
/// name, size in bytes and content as base64).
fn consents(conn: &Connection, id: i64) -> Result<Vec<Value>> {
    let mut events = rows(
        conn,
        "SELECT k.id, p.key AS purpose, k.state, k.at, u.name AS captured_by, k.method, k.form_id,
                k.evidence, k.evidence_file_name, k.expires_at,
                length(k.evidence_file) AS file_size, k.evidence_file AS file_content
         FROM consents k JOIN purposes p ON p.id = k.purpose_id JOIN users u ON u.id = k.captured_by
         WHERE k.contact_id = ?1 ORDER BY k.id",
        id,
    )?;
    for event in &mut events {
        let Some(o) = event.as_object_mut() else {
            continue;
        };
        let size = o.remove("file_size").unwrap_or(Value::Null);
        let content = o.remove("file_content").unwrap_or(Value::Null);
        let file = if content.is_null() {
            Value::Null
        } else {
            json!({
                "name": o.get("evidence_file_name").cloned().unwrap_or(Value::Null),
                "size": size,
                "content_base64": content,
            })
        };
        o.insert("evidence_file".into(), file);
    }
    Ok(events)
}

/// The earlier states of the record that imports saved when they merged
/// into it (what the merge replaced), oldest import first.
fn import_merges(conn: &Connection, id: i64) -> Result<Vec<Value>> {
    let mut merges = rows(
        conn,
        "SELECT m.import_id, i.format, i.started_at, m.before
         FROM import_merges m JOIN imports i ON i.id = m.import_id
         WHERE m.contact_id = ?1 ORDER BY m.import_id",
        id,
    )?;
    for merge in &mut merges {
        if let Some(o) = merge.as_object_mut() {
            let before = o
                .remove("before")
                .and_then(|b| b.as_str().and_then(|t| serde_json::from_str(t).ok()))
                .unwrap_or(Value::Null);
            o.insert("before".into(), before);
        }
    }
    Ok(merges)
}

/// The contacts merged into this one whose merge was not undone: the same
/// person, kept whole in the recycle bin until the merge can no longer be
/// undone, with what the merge saved of this contact before it.
fn merged_contacts(conn: &Connection, id: i64) -> Result<Vec<Value>> {
    let mut merges = rows(
        conn,
        "SELECT id, merged_id, at, moved FROM contact_merges
         WHERE kept_id = ?1 AND undone_at IS NULL ORDER BY id",
        id,
    )?;
    for merge in &mut merges {
        let Some(o) = merge.as_object_mut() else {
            continue;
        };
        let merged = o.get("merged_id").and_then(Value::as_i64).unwrap_or(0);
        let before = o
            .remove("moved")
            .and_then(|b| b.as_str().and_then(|t| serde_json::from_str(t).ok()))
            .unwrap_or(Value::Null);
        o.insert("kept_contact_before".into(), before);
        let first = |sql: &str| -> Result<Value> {
            Ok(rows(conn, sql, merged)?
                .into_iter()
                .next()
                .unwrap_or(Value::Null))
        };
        o.insert(
            "merged_contact".into(),
            first(
                "SELECT id, name, company, title, source, street, city, postal_code, region, country,
                        notes, created_at, updated_at, deleted_at FROM contacts WHERE id = ?1",
            )?,
        );
        o.insert(
            "emails".into(),
            Value::Array(rows(
                conn,
                "SELECT email FROM contact_emails WHERE contact_id = ?1 ORDER BY position",
                merged,
            )?),
        );
        o.insert(
            "phones".into(),
            Value::Array(rows(
                conn,
                "SELECT phone FROM contact_phones WHERE contact_id = ?1 ORDER BY position",
                merged,
            )?),
        );
        o.insert(
            "sensitive".into(),
            first("SELECT date_of_birth, national_id, special_notes FROM contact_sensitive WHERE contact_id = ?1")?,
        );
    }
    Ok(merges)
}

impl Session {
    /// Builds the access package of contact `id` as JSON text. Building it
    /// reveals the sensitive fields to the handler, and is recorded.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `rights.manage`;
    /// [`crate::Error::NotFound`].
    pub fn access_package(&self, id: i64) -> Result<String> {
        self.authorize(
            Permission::RightsManage,
            "dsr.access_package",
            Some(Target::contact(id)),
        )?;
        self.require_rules_acknowledged(
            Permission::RightsManage,
            "dsr.access_package",
            Some(Target::contact(id)),
        )?;
        self.contact_exists_for_rights(id)?;
        let lang = self.vault_language()?;
        let c = &self.conn;
        let person = rows(
            c,
            "SELECT id, name, company, title, source, street, city, postal_code, region, country,
                    notes, created_at, updated_at, deleted_at, restricted_at, objected_at
             FROM contacts WHERE id = ?1",
            id,
        )?
        .into_iter()
        .next()
        .unwrap_or(Value::Null);
        let list = |sql: &str| -> Result<Vec<Value>> {
            Ok(rows(c, sql, id)?
                .into_iter()
                .filter_map(|v| v.as_object().and_then(|o| o.values().next().cloned()))
                .collect())
        };
        let custom: Map<String, Value> = rows(
            c,
            "SELECT f.label, v.value FROM contact_custom_values v JOIN custom_fields f ON f.id = v.field_id
             WHERE v.contact_id = ?1 ORDER BY f.label",
            id,
        )?
        .into_iter()
        .filter_map(|v| {
            let o = v.as_object()?;
            Some((o.get("label")?.as_str()?.to_owned(), o.get("value")?.clone()))
        })
        .collect();
        let package = json!({
            "format": PACKAGE_FORMAT,
            "version": PACKAGE_VERSION,
            "language": lang.as_str(),
            "cover": Text::PackageCover.get(lang),
            "generated_at": crate::clock::now_rfc3339(),
            "generated_by": self.user.name,
            "vault_id": self.keyslots.vault_id(),
            "person": person,
            "emails": list("SELECT email FROM contact_emails WHERE contact_id = ?1 ORDER BY position")?,
            "phones": list("SELECT phone FROM contact_phones WHERE contact_id = ?1 ORDER BY position")?,
            "tags": list("SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = ?1 ORDER BY t.name")?,
            "custom_fields": custom,
            "sensitive": rows(c, "SELECT date_of_birth, national_id, special_notes FROM contact_sensitive WHERE contact_id = ?1", id)?
                .into_iter().next().unwrap_or(Value::Null),
            "company": rows(c, "SELECT co.id, co.name, co.domain, co.city, co.country FROM contacts p JOIN companies co ON co.id = p.company_id WHERE p.id = ?1", id)?
                .into_iter().next().unwrap_or(Value::Null),
            "deals": rows(c, "SELECT d.id, d.title, s.name AS stage, d.amount_minor, d.currency, d.expected_close, d.created_at, d.closed_at, d.deleted_at FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.contact_id = ?1 ORDER BY d.id", id)?,
            // On the person, and on the deals they are the contact of (an
            // erasure removes both).
            "activities": rows(c, "SELECT id, deal_id, kind, subject, body, occurred_at, created_at, deleted_at FROM activities WHERE contact_id = ?1 OR deal_id IN (SELECT id FROM deals WHERE contact_id = ?1) ORDER BY occurred_at", id)?,
            "tasks": rows(c, "SELECT id, deal_id, title, due_date, done_at, created_at, deleted_at FROM tasks WHERE contact_id = ?1 OR deal_id IN (SELECT id FROM deals WHERE contact_id = ?1) ORDER BY id", id)?,
            "consents": consents(c, id)?,
            "imports": rows(c, "SELECT i.id, i.format, i.started_at FROM contacts p JOIN imports i ON i.id = p.import_id WHERE p.id = ?1", id)?,
            "import_merges": import_merges(c, id)?,
            "merged_contacts": merged_contacts(c, id)?,
            "requests": rows(c, "SELECT id, kind, received_on, due_on, extended_reason, status, completed_at, outcome FROM dsr_requests WHERE contact_id = ?1 ORDER BY id", id)?,
            // The files on them: names and hashes here, each file's content
            // through `access_package_file`, so no file is held in memory.
            "attachments": rows(c, &format!("SELECT f.id, f.contact_id, f.deal_id, f.activity_id, f.name, f.size, f.sha256, f.created_at, f.deleted_at FROM attachments f WHERE {OF_PERSON} ORDER BY f.id"), id)?,
            "access_history": rows(c, "SELECT a.seq, a.at, u.name AS user, a.action, a.outcome, a.details FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE (a.target_type = 'contact' AND a.target_id = CAST(?1 AS TEXT)) OR (a.target_type = 'attachment' AND json_extract(a.details, '$.on') = 'contact' AND json_extract(a.details, '$.on_id') = ?1) ORDER BY a.seq", id)?,
            "exports": rows(c, "SELECT a.seq, a.at, u.name AS user, a.details FROM export_log e JOIN audit_log a ON a.seq = e.audit_seq LEFT JOIN users u ON u.id = a.actor_id WHERE e.contact_id = ?1 ORDER BY a.seq", id)?,
        });
        self.record(
            &Event::allowed("dsr.access_package", Some(Target::contact(id)))
                .with("sensitive_included", true)
                .with("language", lang.as_str()),
        )?;
        serde_json::to_string_pretty(&package)
            .map_err(|_| crate::Error::Database("serializing the access package".into()))
    }

    /// Writes the content of attachment `file`, one of the person's (as
    /// listed in their access package's `attachments`), to `out`, and
    /// records `dsr.access_package_file` against the contact with the
    /// file's id, size and hash. Files in the recycle bin are included, as
    /// in the package.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `rights.manage`;
    /// [`Error::NotFound`] when the contact does not exist or the file is
    /// not one of theirs; [`Error::Io`] when `out` fails.
    pub fn access_package_file(&self, id: i64, file: i64, out: &mut dyn Write) -> Result<()> {
        self.authorize(
            Permission::RightsManage,
            "dsr.access_package",
            Some(Target::contact(id)),
        )?;
        self.require_rules_acknowledged(
            Permission::RightsManage,
            "dsr.access_package",
            Some(Target::contact(id)),
        )?;
        self.contact_exists_for_rights(id)?;
        let (size, sha256): (i64, String) = self
            .conn
            .query_row(
                &format!(
                    "SELECT f.size, f.sha256 FROM attachments f WHERE f.id = ?2 AND {OF_PERSON}"
                ),
                params![id, file],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| crate::records::attachments::not_found(file))?;
        stream_chunks(&self.conn, file, out)?;
        self.record(
            &Event::allowed("dsr.access_package_file", Some(Target::contact(id)))
                .with("attachment", file)
                .with("size", size)
                .with("sha256", sha256),
        )?;
        Ok(())
    }
}
