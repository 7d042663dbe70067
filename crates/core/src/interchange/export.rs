//! Exporting contacts as CSV or vCard: permission-gated and recorded.

use std::io::Write;

use rusqlite::OptionalExtension;

use super::vcard;
use crate::audit::{Event, Target};
use crate::auth::{Permission, Session};
use crate::csv_cell::protect;
use crate::{Error, Result};

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// CSV with a header row, in the vault's language
    /// ([`crate::locale::documents::contacts_csv_header`]), whose names
    /// Steward's own import recognises:
    /// commas, UTF-8 without a byte-order mark (RFC 4180's quoting).
    Csv,
    /// The same CSV as Excel opens it with the regional settings of most of
    /// Europe (Romania included): `;` between cells, a UTF-8 byte-order
    /// mark (without it Excel reads the file in the local code page) and
    /// CRLF line ends.
    ExcelCsv,
    /// vCard 4.0.
    Vcard,
}

impl ExportFormat {
    /// The stable name (`csv`, `vcard`), as the audit log records it.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::ExcelCsv => "excel-csv",
            ExportFormat::Vcard => "vcard",
        }
    }
}

/// Writes the rows of an export (the contacts with these ids) to `out`.
pub(crate) type WriteRows<'a> = dyn FnMut(&[i64], &mut dyn Write) -> Result<()> + 'a;

impl Session {
    /// Writes the live contacts with the given ids (all of them when `ids` is
    /// `None`) to `out`, and records the export with its count.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.export`;
    /// [`Error::NotFound`] for an unknown id; I/O errors.
    pub fn export_contacts(
        &self,
        format: ExportFormat,
        ids: Option<&[i64]>,
        out: &mut dyn Write,
    ) -> Result<usize> {
        self.authorize(Permission::ContactsExport, "contact.export", None)?;
        // A restricted person (a data-subject request) is never exported.
        let ids: Vec<i64> = match ids {
            Some(ids) => {
                let mut restricted = self.conn.prepare_cached(
                    "SELECT restricted_at IS NOT NULL FROM contacts WHERE id = ?1",
                )?;
                let mut kept = Vec::with_capacity(ids.len());
                for id in ids {
                    let r: Option<bool> = restricted.query_row([id], |r| r.get(0)).optional()?;
                    if r != Some(true) {
                        kept.push(*id);
                    }
                }
                kept
            }
            None => {
                let mut stmt = self.conn.prepare(
                    "SELECT id FROM contacts WHERE deleted_at IS NULL AND restricted_at IS NULL
                     ORDER BY sort_key, id",
                )?;
                stmt.query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?
            }
        };
        self.export_checked(format.as_str(), &ids, None, out, &mut |ids, out| {
            self.write_contacts(format, ids, out)
        })?;
        Ok(ids.len())
    }

    /// The export pipeline every way of taking contacts out goes through:
    /// the policy's limits (above the hard one the export is refused and an
    /// alert raised; above the soft one the password must have been
    /// confirmed in the last few minutes), then `write`, then the
    /// `contact.export` entry naming `kind` (`csv`, `vcard`,
    /// `mailing-list`), the count and the purpose (`null` with
    /// `purpose_checked: false` for a full copy), the contacts it held, and
    /// the monitoring rules on export volume.
    pub(crate) fn export_checked(
        &self,
        kind: &'static str,
        ids: &[i64],
        purpose: Option<&str>,
        out: &mut dyn Write,
        write: &mut WriteRows<'_>,
    ) -> Result<()> {
        let policy = crate::monitor::policy::load(&self.conn)?;
        let n = ids.len();
        if n > usize::try_from(policy.export_hard_limit).unwrap_or(usize::MAX) {
            let head = self.record(
                &Event {
                    outcome: crate::audit::Outcome::Denied,
                    ..Event::allowed("contact.export", None)
                }
                .with("contacts", n)
                .with("reason", "above the hard limit"),
            )?;
            crate::monitor::alerts::raise(
                &self.conn,
                crate::monitor::Rule::BulkExport,
                Some(self.user.id),
                &crate::monitor::alerts::Summary::new(
                    "bulk-export-refused",
                    format!(
                        "an export of {n} contacts was refused (hard limit {})",
                        policy.export_hard_limit
                    ),
                )
                .with("contacts", n)
                .with("limit", policy.export_hard_limit),
                &[head.seq],
            )?;
            return Err(Error::PolicyRefused(format!(
                "an export of {n} contacts is above the limit of {}",
                policy.export_hard_limit
            )));
        }
        let above_soft = n > usize::try_from(policy.export_soft_limit).unwrap_or(usize::MAX);
        if above_soft && !self.recently_reauthenticated() {
            return Err(Error::ReauthRequired {
                contacts: n,
                limit: policy.export_soft_limit,
            });
        }
        write(ids, out)?;
        // The entry and which contacts it held, together: a person's
        // access history lists the exports of their data.
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let mut event = Event::allowed(
            "contact.export",
            Some(Target {
                kind: "export",
                id: kind.into(),
            }),
        )
        .with("format", kind)
        .with("contacts", ids.len())
        .with("purpose", purpose)
        .with("purpose_checked", purpose.is_some());
        // A contacts CSV is headed in the vault's language; a vCard or a
        // mailing list (`name,email`, for mailing tools) has no wording.
        if matches!(kind, "csv" | "excel-csv") {
            event = event.with("language", self.vault_language()?.as_str());
        }
        let head = crate::audit::append(&tx, &self.keys.audit_mac, Some(self.user.id), &event)?;
        for id in ids {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO export_log (contact_id, audit_seq) VALUES (?1, ?2)",
            )?
            .execute(rusqlite::params![id, head.seq])?;
        }
        if above_soft {
            crate::monitor::alerts::raise(
                &tx,
                crate::monitor::Rule::BulkExport,
                Some(self.user.id),
                &crate::monitor::alerts::Summary::new(
                    "bulk-export-confirmed",
                    format!(
                        "an export of {n} contacts (above the soft limit of {}, password confirmed)",
                        policy.export_soft_limit
                    ),
                )
                .with("contacts", n)
                .with("limit", policy.export_soft_limit),
                &[head.seq],
            )?;
        }
        tx.commit()?;
        self.count_rule(
            crate::monitor::Rule::ManyExports,
            "contact.export",
            60,
            policy.exports_per_hour,
            "many-exports",
            "exports",
        )?;
        Ok(())
    }

    /// Writes the contacts `ids` to `out` in `format`.
    pub(crate) fn write_contacts(
        &self,
        format: ExportFormat,
        ids: &[i64],
        out: &mut dyn Write,
    ) -> Result<()> {
        let io = |e: std::io::Error| Error::Io {
            action: "write the export".into(),
            source: e,
        };
        match format {
            ExportFormat::Csv | ExportFormat::ExcelCsv => {
                let excel = format == ExportFormat::ExcelCsv;
                if excel {
                    out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
                }
                let mut w = csv::WriterBuilder::new()
                    .delimiter(if excel { b';' } else { b',' })
                    .terminator(if excel {
                        csv::Terminator::CRLF
                    } else {
                        csv::Terminator::Any(b'\n')
                    })
                    .from_writer(&mut *out);
                let csv_err = |e: csv::Error| Error::Io {
                    action: "write the export".into(),
                    source: std::io::Error::other(e.to_string()),
                };
                let defs = crate::records::custom_fields::definitions(&self.conn)?;
                let header = crate::locale::documents::contacts_csv_header(self.vault_language()?);
                // Labels are user data like values: protected the same way.
                w.write_record(
                    header
                        .iter()
                        .map(|h| (*h).to_owned())
                        .chain(defs.iter().map(|d| protect(&d.label).into_owned())),
                )
                .map_err(csv_err)?;
                for id in ids {
                    let c = self.load_contact(*id)?;
                    let nth = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
                    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
                    let extra_emails = c.emails.len() > 3;
                    let extra_phones = c.phones.len() > 3;
                    let record = [
                        c.name.clone(),
                        nth(&c.emails, 0),
                        nth(&c.emails, 1),
                        if extra_emails {
                            c.emails[2..].join("; ")
                        } else {
                            nth(&c.emails, 2)
                        },
                        nth(&c.phones, 0),
                        nth(&c.phones, 1),
                        if extra_phones {
                            c.phones[2..].join(" ::: ")
                        } else {
                            nth(&c.phones, 2)
                        },
                        opt(&c.company),
                        opt(&c.title),
                        opt(&c.address.street),
                        opt(&c.address.city),
                        opt(&c.address.postal_code),
                        opt(&c.address.region),
                        opt(&c.address.country),
                        c.tags.join(", "),
                        opt(&c.notes),
                        opt(&c.source),
                        c.id.to_string(),
                    ];
                    let custom = defs
                        .iter()
                        .map(|d| c.custom.get(&d.key).cloned().unwrap_or_default());
                    w.write_record(
                        record
                            .into_iter()
                            .chain(custom)
                            .map(|cell| protect(&cell).into_owned()),
                    )
                    .map_err(csv_err)?;
                }
                w.flush().map_err(io)?;
            }
            ExportFormat::Vcard => {
                let mut text = String::new();
                for id in ids {
                    vcard::write_card(&mut text, &self.load_contact(*id)?);
                    if text.len() > 1 << 20 {
                        out.write_all(text.as_bytes()).map_err(io)?;
                        text.clear();
                    }
                }
                out.write_all(text.as_bytes()).map_err(io)?;
                out.flush().map_err(io)?;
            }
        }
        Ok(())
    }

    /// Writes the live contacts matching `query` (a saved view, or the
    /// contacts table's filters) to `out`, in its order; as
    /// [`Session::export_contacts`].
    ///
    /// # Errors
    /// As [`Session::export_contacts`].
    pub fn export_contacts_where(
        &self,
        format: ExportFormat,
        query: &crate::records::contacts::ContactQuery,
        out: &mut dyn Write,
    ) -> Result<usize> {
        self.authorize(Permission::ContactsExport, "contact.export", None)?;
        let ids = self.contact_ids_where(query)?;
        self.export_contacts(format, Some(&ids), out)
    }

    /// Imports the cards of a vCard file (3.0 or 4.0).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the first bad card; nothing is imported then.
    pub fn import_vcard(
        &mut self,
        bytes: &[u8],
        options: &super::ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<super::ImportReport> {
        self.authorize(Permission::ContactsCreate, "import.vcard", None)?;
        // Without skip_rejected a card without a name refuses the file, as
        // it always has, with its own message.
        let tolerant = options.skip_rejected || options.dry_run;
        let cards = vcard::parse_noting(bytes, !tolerant)?;
        self.import_contacts("vcard", cards, options, progress)
    }
}
