//! `steward bench`: builds a synthetic vault and measures what users feel —
//! unlock, import, search as you type, list pages — then runs the same
//! workload on a plain (unencrypted) SQLite database to report what the
//! encryption costs. Only numbers leave this module; the plain database is
//! synthetic and deleted at the end.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::crypto::KdfParams;
use crate::interchange::mapping::Field;
use crate::interchange::{ImportOptions, OnDuplicate};
use crate::secret::{DataKey, Password};
use crate::vault::{self, CreateOptions, Credentials};
use crate::{Error, Result, Session};

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Synthetic contacts to create.
    pub contacts: usize,
    /// Use the calibrated Argon2id parameters (as a real vault does).
    pub calibrated_kdf: bool,
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Percentiles {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Slowest.
    pub max: f64,
    /// Samples.
    pub samples: usize,
}

fn percentiles(mut ms: Vec<f64>) -> Percentiles {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "an index into a short vector"
        )]
        let i = ((ms.len() as f64 - 1.0) * q).round() as usize;
        ms.get(i).copied().unwrap_or(0.0)
    };
    Percentiles {
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
        max: ms.last().copied().unwrap_or(0.0),
        samples: ms.len(),
    }
}

/// One run of the workload.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkloadReport {
    /// Contacts imported per second (CSV, including indexing).
    pub import_per_second: f64,
    /// Search latency over the whole query mix.
    pub search_ms: Percentiles,
    /// Search latency by query kind: full names, e-mails, 1-3 letter prefixes, common words.
    pub search_by_kind_ms: Vec<(String, Percentiles)>,
    /// Latency of one 50-row page of the contacts list.
    pub list_page_ms: Percentiles,
    /// Wall time of the whole workload.
    pub total_seconds: f64,
    /// Finding the possible duplicates among all the contacts, median of
    /// 3, ms; measured after `total_seconds`, which leaves it out so the
    /// encryption overhead stays comparable with earlier runs.
    pub duplicates_ms: f64,
    /// How many groups of possible duplicates it found (the synthetic
    /// names repeat, and a few phone numbers do).
    pub duplicate_groups: usize,
    /// The second page of the largest group of possible duplicates, read
    /// right after the search (as the app's "Show more"), median of 3, ms;
    /// `None` when no group is larger than a page.
    pub duplicate_page_ms: Option<f64>,
}

/// Everything `steward bench` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchReport {
    /// Contacts in the vault.
    pub contacts: usize,
    /// Unlock as the app does it (Argon2id + open + audit; the page check
    /// left to another thread, ADR 0019), median of 3, ms.
    pub unlock_ms: f64,
    /// Unlock as the command line does it, every page checked before it
    /// returns (ADR 0003), median of 3, ms.
    pub unlock_full_check_ms: f64,
    /// The page check the app runs after its unlock, on its own connection,
    /// median of 3, ms.
    pub page_check_ms: f64,
    /// The encrypted vault.
    pub encrypted: WorkloadReport,
    /// The same on plain SQLite.
    pub plain: WorkloadReport,
    /// encrypted.total_seconds / plain.total_seconds.
    pub encryption_overhead: f64,
    /// Size of vault.db in bytes.
    pub vault_bytes: u64,
    /// Backups of the encrypted vault.
    pub backup: BackupBench,
    /// Contacts imported per second from the Windows-1250 file of the same
    /// contacts ([`synthetic_csv_1250_bytes`]) into a new encrypted vault,
    /// its encoding detected as the import screen does: the UTF-8 rate's
    /// twin, with the decoding a Romanian spreadsheet needs.
    pub import_1250_per_second: f64,
    /// One month of the calendar (every user's tasks, as
    /// [`Session::calendar`] reads them) in the encrypted vault holding
    /// [`CALENDAR_TASKS`] tasks spread over a year, some about contacts.
    pub calendar_month_ms: Percentiles,
    /// A file of [`ATTACHMENT_BENCH_BYTES`] added to a contact and read
    /// back, against a plain copy of the same file in the same run.
    pub attachment: AttachmentBench,
    /// A 50-row page of each list in each of its orders, at its first,
    /// middle and last position, in the encrypted vault (ADR 0023).
    pub list_pages: ListPagesBench,
    /// The team vault's sync figures, when a change log was given
    /// ([`run_with_team`]).
    pub sync: Option<SyncBench>,
}

/// Pages of every list at any position, and the count the lists show once.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPagesBench {
    /// One entry per list and order (`contacts.name`, `contacts.newest`,
    /// `companies.name`, `audit.newest`, …).
    pub orders: Vec<ListOrderBench>,
    /// Counting the live contacts (the "of N" a list shows when it opens),
    /// median of 3, ms.
    pub contacts_count_ms: f64,
}

/// One list in one order: a 50-row page at three positions, each asked
/// [`LIST_PAGE_SAMPLES`] times.
#[derive(Debug, Clone, PartialEq)]
pub struct ListOrderBench {
    /// The list and its order, as its cursors name it.
    pub list: String,
    /// Rows in the list.
    pub rows: u64,
    /// The first page.
    pub first_ms: Percentiles,
    /// The page starting at the middle row.
    pub middle_ms: Percentiles,
    /// The last full page.
    pub last_ms: Percentiles,
}

/// How many times each position of each list is asked for.
pub const LIST_PAGE_SAMPLES: usize = 10;

/// The size of the file the attachment benchmark adds: 200 MB.
pub const ATTACHMENT_BENCH_BYTES: u64 = 200_000_000;

/// One large attachment added and read back, in MB (10^6 bytes) per second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttachmentBench {
    /// The file's size in bytes.
    pub bytes: u64,
    /// Adding it (streamed into chunks, hashed, one transaction, committed).
    pub add_mb_per_second: f64,
    /// Reading it back whole (to nowhere).
    pub read_mb_per_second: f64,
    /// Copying the same file and syncing the copy (`cp` and `sync`).
    pub copy_mb_per_second: f64,
}

/// Tasks the benchmark adds for the calendar's month: a busy office's year.
pub const CALENDAR_TASKS: usize = 10_000;

/// Deals the bench adds per contact, as a divisor: one deal for every
/// [`CONTACTS_PER_DEAL`] contacts (50 000 at 1 000 000), spread over the
/// pipeline's stages, so that the deals list is paged at a size in
/// proportion to the contacts (a sales team's open and closed deals).
pub const CONTACTS_PER_DEAL: usize = 20;

/// Backup and restore of the encrypted vault against a plain file copy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BackupBench {
    /// Copying vault.db to a new file and syncing it to disk, median of 3, ms
    /// (what `cp` followed by `sync` costs).
    pub copy_ms: f64,
    /// A backup: snapshot, write, fsync and the checks made before it counts
    /// (ADR 0012), median of 3, ms.
    pub backup_ms: f64,
    /// backup_ms / copy_ms.
    pub backup_over_copy: f64,
    /// Verifying that backup later as `steward backup verify` does (MAC,
    /// hash, every page, the whole file's quick check, the counts), median
    /// of 3, ms.
    pub verify_ms: f64,
    /// Restoring the backup into a new folder (checks included) and
    /// unlocking it, median of 3, ms.
    pub restore_ms: f64,
    /// Size of the backup file in bytes.
    pub backup_bytes: u64,
}

/// Edits the sync figures push from one replica and pull into another.
pub const SYNC_EDITS: usize = 10_000;

/// A team vault's sync through a real change log (ADR 0020), measured on
/// the benchmark's encrypted vault.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyncBench {
    /// Contacts edited on replica A (one field each, one transaction each):
    /// [`SYNC_EDITS`], or every contact of a smaller vault.
    pub edits: usize,
    /// A's sync that pushes them (the diff against its shadow, sealing,
    /// the append), seconds.
    pub push_seconds: f64,
    /// B's sync that pulls and applies them, seconds.
    pub pull_seconds: f64,
    /// edits / (push + pull).
    pub changes_per_second: f64,
    /// A new laptop's `team join` of the published vault: the keyslots file
    /// and the snapshot fetched, the unlock, the shadow made and the first
    /// sync, seconds.
    pub join_seconds: f64,
}

/// A deterministic generator, so every run builds the same vault.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "modulo a short slice's length"
        )]
        let i = (self.next() % items.len() as u64) as usize;
        items[i]
    }
}

const FIRST: &[&str] = &[
    "Ada", "Alan", "Amara", "Anna", "Arjun", "Beatriz", "Ben", "Bruno", "Carla", "Chen", "Chloe",
    "Daniel", "Dolores", "Eero", "Elena", "Emma", "Fatima", "Felix", "Grace", "Hannah", "Hiroshi",
    "Ines", "Isaac", "Jana", "Jonas", "Karin", "Kofi", "Lars", "Leila", "Liam", "Lucia", "Marta",
    "Mateo", "Mei", "Mila", "Nadia", "Noah", "Olga", "Omar", "Paula", "Pedro", "Priya", "Quentin",
    "Rosa", "Sami", "Sara", "Sofia", "Tariq", "Teresa", "Tomas", "Uma", "Viktor", "Wanda",
    "Xavier", "Yara", "Yusuf", "Zoe", "Zofia",
];
const LAST: &[&str] = &[
    "Abbott",
    "Akhtar",
    "Alvarez",
    "Bauer",
    "Becker",
    "Bianchi",
    "Brown",
    "Castro",
    "Chowdhury",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Fontaine",
    "Garcia",
    "Gruber",
    "Haddad",
    "Hansen",
    "Hoffmann",
    "Ivanova",
    "Jansen",
    "Kaya",
    "Kowalski",
    "Kumar",
    "Larsen",
    "Lehmann",
    "Lopez",
    "Mancini",
    "Martin",
    "Meyer",
    "Moreau",
    "Murphy",
    "Nakamura",
    "Nielsen",
    "Novak",
    "Okafor",
    "Olsen",
    "Papadopoulos",
    "Petrov",
    "Popescu",
    "Quinn",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Smith",
    "Tanaka",
    "Torres",
    "Virtanen",
    "Wagner",
    "Weber",
    "Wong",
    "Yilmaz",
    "Zhang",
    "Zimmermann",
];
const COMPANY_A: &[&str] = &[
    "Blue", "North", "Silver", "Green", "Bright", "Red", "Golden", "Swift", "Iron", "Clear",
    "Harbor", "Summit",
];
const COMPANY_B: &[&str] = &[
    "Logistics",
    "Bakery",
    "Consulting",
    "Systems",
    "Foods",
    "Design",
    "Legal",
    "Imports",
    "Health",
    "Energy",
    "Media",
];
const WORDS: &[&str] = &[
    "meeting",
    "proposal",
    "renewal",
    "contract",
    "invoice",
    "follow",
    "call",
    "demo",
    "pricing",
    "discount",
    "quarter",
    "budget",
    "order",
    "delivery",
    "support",
    "training",
    "visit",
    "trade",
    "fair",
    "website",
    "referral",
    "upgrade",
    "feedback",
    "quote",
    "shipment",
    "partner",
    "newsletter",
    "event",
    "lunch",
    "email",
];
/// The synthetic file and the query mix drawn from it.
struct Corpus {
    csv: Vec<u8>,
    /// Full names and e-mails of 50 contacts spread over the file.
    names: Vec<String>,
    emails: Vec<String>,
    /// Distinct 2- and 3-letter starts of those contacts' first names, last
    /// names and companies (what a user types first), up to 30 each.
    two: Vec<String>,
    three: Vec<String>,
    /// The 10 words that occur most often in the notes, counted.
    common_words: Vec<String>,
}

/// The CSV file the benchmark imports: `n` made-up contacts (first and last
/// name, e-mail, phone, company, city, notes), the same for the same `n`.
pub fn synthetic_csv_bytes(n: usize) -> Vec<u8> {
    synthetic_csv(n).csv
}

/// The same contacts as [`synthetic_csv_bytes`] as Excel with Romanian
/// regional settings saves them: Windows-1250, each contact's city and a
/// few words of its notes written with Romanian diacritics (`Timişoara`,
/// `ţară`, in the cedilla forms that code page has), so reading the file
/// decodes real text rather than ASCII.
pub fn synthetic_csv_1250_bytes(n: usize) -> Vec<u8> {
    let utf8 = synthetic_csv(n).csv;
    let text = String::from_utf8(utf8).expect("the synthetic file is UTF-8");
    // Line by line into the encoded file, so that at 1 000 000 contacts no
    // third copy of the whole file is held at once.
    let mut out = Vec::with_capacity(text.len() + n * 40);
    let mut line_text = String::new();
    for (i, line) in text.lines().enumerate() {
        line_text.clear();
        if i == 0 {
            line_text.push_str(line);
        } else {
            line_text.push_str(&line.replacen(",Berlin,", ",Timişoara,", 1));
            line_text.push_str(" şi ţară în câmpul Bârlad");
        }
        line_text.push_str("\r\n");
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1250.encode(&line_text);
        debug_assert!(!unmappable, "every letter is in Windows-1250");
        out.extend_from_slice(&bytes);
    }
    out
}

/// How the benchmark imports [`synthetic_csv_bytes`]: each column to its
/// field, and every record created (the file has no duplicates to find).
pub fn synthetic_csv_import_options() -> ImportOptions {
    ImportOptions {
        mapping: vec![
            Some(Field::FirstName),
            Some(Field::LastName),
            Some(Field::Email),
            Some(Field::Phone),
            Some(Field::Company),
            Some(Field::City),
            Some(Field::Notes),
        ],
        on_duplicate: OnDuplicate::Create,
        ..ImportOptions::default()
    }
}

/// Writes `n` synthetic contacts as CSV bytes and draws the query mix from
/// them.
fn synthetic_csv(n: usize) -> Corpus {
    let mut rng = Rng(0x5EED_CAFE_F00D_BEEF);
    let mut out = String::with_capacity(n * 160);
    out.push_str("First Name,Last Name,Email,Phone,Company,City,Notes\n");
    let (mut names, mut emails) = (Vec::new(), Vec::new());
    let (mut two, mut three) = (Vec::new(), Vec::new());
    let mut word_counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for i in 0..n {
        let first = rng.pick(FIRST);
        let last = rng.pick(LAST);
        let company = format!("{} {}", rng.pick(COMPANY_A), rng.pick(COMPANY_B));
        let email = format!(
            "{}.{}{}@{}.example",
            first.to_lowercase(),
            last.to_lowercase(),
            i,
            company.split(' ').next().unwrap_or("x").to_lowercase()
        );
        let phone = format!("+49 30 {:07}", rng.next() % 10_000_000);
        let notes: Vec<&str> = (0..8).map(|_| rng.pick(WORDS)).collect();
        for word in &notes {
            *word_counts.entry(word).or_default() += 1;
        }
        if i % (n / 50).max(1) == 0 {
            names.push(format!("{first} {last}"));
            emails.push(email.clone());
            for word in [first, last, company.as_str()] {
                let lower = word.to_lowercase();
                for (len, starts) in [(2, &mut two), (3, &mut three)] {
                    let start: String = lower.chars().take(len).collect();
                    if start.chars().count() == len && starts.len() < 30 && !starts.contains(&start)
                    {
                        starts.push(start);
                    }
                }
            }
        }
        out.push_str(&format!(
            "{first},{last},{email},{phone},{company},Berlin,{}\n",
            notes.join(" ")
        ));
    }
    let mut counted: Vec<(&str, usize)> = word_counts.into_iter().collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    Corpus {
        csv: out.into_bytes(),
        names,
        emails,
        two,
        three,
        common_words: counted
            .into_iter()
            .take(10)
            .map(|(w, _)| w.to_owned())
            .collect(),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn run_workload(session: &mut Session, corpus: &Corpus) -> Result<WorkloadReport> {
    let total_start = Instant::now();
    let options = synthetic_csv_import_options();
    let start = Instant::now();
    let report = session.import_csv(&corpus.csv, &options, &mut |_, _| {})?;
    #[allow(clippy::cast_precision_loss, reason = "a count of contacts")]
    let import_per_second = report.created as f64 / start.elapsed().as_secs_f64();

    let letters: Vec<String> = ('a'..='z').map(String::from).collect();
    let mix: Vec<(&str, &[String])> = vec![
        ("full names", &corpus.names),
        ("e-mails", &corpus.emails),
        ("1-letter prefixes", &letters),
        ("2-letter prefixes", &corpus.two),
        ("3-letter prefixes", &corpus.three),
        ("common words", &corpus.common_words),
    ];
    // Warm up once, as a user's first keystroke would.
    let _ = session.search("a", 20)?;
    let mut all = Vec::new();
    let mut by_kind = Vec::new();
    for (kind, queries) in mix {
        let mut times = Vec::new();
        for q in queries {
            let start = Instant::now();
            let hits = session.search(q, 20)?;
            times.push(ms(start.elapsed()));
            // Every query but a single letter is drawn from the file.
            debug_assert!(
                !hits.is_empty() || kind == "1-letter prefixes",
                "{kind}: {q:?} found nothing"
            );
        }
        all.extend(times.iter().copied());
        by_kind.push((kind.to_owned(), percentiles(times)));
    }

    let list_times = bench_contact_pages(session)?;
    let total_seconds = total_start.elapsed().as_secs_f64();
    let mut duplicate_times = Vec::new();
    let mut duplicate_groups = 0;
    let mut largest = None;
    for _ in 0..3 {
        let start = Instant::now();
        let groups = session.possible_duplicates()?;
        duplicate_times.push(ms(start.elapsed()));
        duplicate_groups = groups.len();
        largest = groups
            .iter()
            .filter(|g| g.size > crate::merge::GROUP_PAGE)
            .max_by_key(|g| g.size)
            .and_then(|g| g.contacts.first())
            .map(|c| c.id);
    }
    let mut page_times = Vec::new();
    if let Some(first) = largest {
        for _ in 0..3 {
            let start = Instant::now();
            session.duplicate_group_page(
                first,
                crate::merge::GROUP_PAGE,
                crate::merge::GROUP_PAGE,
            )?;
            page_times.push(ms(start.elapsed()));
        }
    }
    Ok(WorkloadReport {
        import_per_second,
        search_ms: percentiles(all),
        search_by_kind_ms: by_kind,
        list_page_ms: percentiles(list_times),
        total_seconds,
        duplicates_ms: percentiles(duplicate_times).p50,
        duplicate_groups,
        duplicate_page_ms: (!page_times.is_empty()).then(|| percentiles(page_times).p50),
    })
}

/// Runs the benchmark in `scratch` (a folder it creates; it must not exist)
/// and removes that folder afterwards.
///
/// # Errors
/// Any error of the operations measured.
pub fn run(scratch: &Path, options: &BenchOptions) -> Result<BenchReport> {
    run_on(scratch, options, None)
}

/// [`run`], and the team vault's sync figures ([`SyncBench`]) through
/// `log`: the benchmark's vault is published on it as a new team vault.
///
/// # Errors
/// Any error of the operations measured; [`Error::SyncServer`] when the
/// server refuses.
pub fn run_with_team(
    scratch: &Path,
    options: &BenchOptions,
    log: &mut dyn crate::sync::ChangeLog,
) -> Result<BenchReport> {
    run_on(scratch, options, Some(log))
}

fn run_on(
    scratch: &Path,
    options: &BenchOptions,
    log: Option<&mut dyn crate::sync::ChangeLog>,
) -> Result<BenchReport> {
    if scratch.exists() {
        return Err(crate::Error::from(
            crate::Invalid::new(
                "bench-folder-exists",
                format!(
                    "{} already exists; the benchmark builds its vaults in a new folder",
                    scratch.display()
                ),
            )
            .with("folder", scratch.display()),
        ));
    }
    let result = run_in(scratch, options, log);
    let _ = std::fs::remove_dir_all(scratch);
    result
}

fn run_in(
    scratch: &Path,
    options: &BenchOptions,
    log: Option<&mut dyn crate::sync::ChangeLog>,
) -> Result<BenchReport> {
    let corpus = synthetic_csv(options.contacts);
    let password = Password::new("bench velvet cactus orbit 1987");
    let kdf = if options.calibrated_kdf {
        CreateOptions::calibrated()
    } else {
        CreateOptions {
            kdf: KdfParams::FLOOR,
            phone_country: None,
            language: crate::language::Language::En,
        }
    };

    let encrypted_dir = scratch.join("encrypted");
    let created = crate::unlock::create(&encrypted_dir, "bench", &password, &kdf)?;
    let mut session = created.session;
    let encrypted = run_workload(&mut session, &corpus)?;
    let calendar_month_ms = bench_calendar(&session)?;
    add_bench_deals(&session, options.contacts / CONTACTS_PER_DEAL)?;
    let list_pages = bench_list_pages(&session)?;
    session.lock()?;
    let credentials = || Credentials::Password {
        user: "bench",
        password: &password,
    };
    let (mut unlock_times, mut full_times, mut check_times) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..3 {
        let start = Instant::now();
        let s = crate::unlock::unlock(&encrypted_dir, credentials())?;
        full_times.push(ms(start.elapsed()));
        s.lock()?;
        let start = Instant::now();
        let (s, check) = crate::unlock::unlock_checking_pages_later(&encrypted_dir, credentials())?;
        unlock_times.push(ms(start.elapsed()));
        let start = Instant::now();
        std::thread::spawn(move || check.run())
            .join()
            .map_err(|_| Error::Database("the page check stopped unexpectedly".into()))??;
        check_times.push(ms(start.elapsed()));
        s.lock()?;
    }
    let unlock_ms = percentiles(unlock_times).p50;
    let unlock_full_check_ms = percentiles(full_times).p50;
    let page_check_ms = percentiles(check_times).p50;
    let vault_bytes = std::fs::metadata(encrypted_dir.join(vault::DB_FILE)).map_or(0, |m| m.len());
    let backup = bench_backup(scratch, &encrypted_dir, &password)?;
    let sync = match log {
        Some(log) => Some(bench_sync(scratch, &encrypted_dir, &password, log)?),
        None => None,
    };

    let plain_dir = scratch.join("plain");
    let mut plain_session = Session::plain_for_benchmark(&plain_dir)?;
    let plain = run_workload(&mut plain_session, &corpus)?;
    drop(plain_session);
    // The file and its queries are not needed past this point: at 1 000 000
    // contacts they would be held beside the Windows-1250 file's import.
    drop(corpus);

    let _ = std::fs::remove_dir_all(&encrypted_dir);
    let _ = std::fs::remove_dir_all(&plain_dir);
    let import_1250_per_second = bench_import_1250(scratch, options.contacts, &password, &kdf)?;
    let attachment = bench_attachment(scratch, &password, &kdf)?;
    Ok(BenchReport {
        contacts: options.contacts,
        unlock_ms,
        unlock_full_check_ms,
        page_check_ms,
        encryption_overhead: encrypted.total_seconds / plain.total_seconds,
        encrypted,
        plain,
        vault_bytes,
        backup,
        import_1250_per_second,
        calendar_month_ms,
        attachment,
        list_pages,
        sync,
    })
}

/// Publishes the vault in `dir` on `log`, joins a second replica (timed),
/// edits [`SYNC_EDITS`] contacts on the first and times the push and the
/// pull. The vault becomes a replica; the caller removes it afterwards.
fn bench_sync(
    scratch: &Path,
    dir: &Path,
    password: &Password,
    log: &mut dyn crate::sync::ChangeLog,
) -> Result<SyncBench> {
    let mut a = crate::unlock::unlock(
        dir,
        Credentials::Password {
            user: "bench",
            password,
        },
    )?;
    let team = crate::sync::publish(&mut a, log)?;
    let start = Instant::now();
    let mut b = crate::sync::join(&scratch.join("replica-b"), log, &team, "bench", password)?;
    let join_seconds = start.elapsed().as_secs_f64();

    let ids: Vec<i64> = {
        let limit = i64::try_from(SYNC_EDITS).unwrap_or(i64::MAX);
        let mut stmt = a
            .conn
            .prepare("SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id LIMIT ?1")?;
        stmt.query_map([limit], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (i, id) in ids.iter().enumerate() {
        a.update_contact(
            *id,
            &crate::records::contacts::ContactPatch {
                title: Some(format!("Edited {i}")),
                ..Default::default()
            },
        )?;
    }
    let start = Instant::now();
    let pushed = crate::sync::sync(&mut a, log)?;
    let push_seconds = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let pulled = crate::sync::sync(&mut b, log)?;
    let pull_seconds = start.elapsed().as_secs_f64();
    if pushed.pushed != 1 || pulled.pulled < 1 {
        return Err(Error::Database(format!(
            "the sync benchmark's edits did not travel (pushed {}, pulled {})",
            pushed.pushed, pulled.pulled
        )));
    }
    a.lock()?;
    b.lock()?;
    let _ = std::fs::remove_dir_all(scratch.join("replica-b"));
    Ok(SyncBench {
        edits: ids.len(),
        push_seconds,
        pull_seconds,
        changes_per_second: ids.len() as f64 / (push_seconds + pull_seconds),
        join_seconds,
    })
}

/// 40 pages of the contacts list in its default order, at positions
/// spread evenly from the first row to the last page (`list_page_ms`).
fn bench_contact_pages(session: &Session) -> Result<Vec<f64>> {
    let query = crate::records::contacts::ContactQuery::default();
    let total = session.count_contacts(&query)?;
    let mut times = Vec::new();
    for i in 0..40u64 {
        let offset = (total.saturating_sub(50)) * i / 39;
        let cursor = session.contact_cursor_at(&query, offset)?;
        let start = Instant::now();
        let page = session.list_contacts(cursor.as_deref(), 50)?;
        times.push(ms(start.elapsed()));
        debug_assert!(!page.items.is_empty());
    }
    Ok(times)
}

/// A page of each list in each order at its first, middle and last
/// position: the page walks from a cursor, so a deep page should cost what
/// the first one does.
fn bench_list_pages(session: &Session) -> Result<ListPagesBench> {
    use crate::records::contacts::{ContactQuery, ContactSort};

    fn sample(mut page: impl FnMut() -> Result<usize>) -> Result<Percentiles> {
        let mut times = Vec::new();
        for _ in 0..LIST_PAGE_SAMPLES {
            let start = Instant::now();
            let rows = page()?;
            times.push(ms(start.elapsed()));
            debug_assert!(rows > 0);
        }
        Ok(percentiles(times))
    }
    let positions = |rows: u64| [0, rows / 2, rows.saturating_sub(50)];

    let mut orders = Vec::new();
    let mut count_times = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        session.count_contacts(&ContactQuery::default())?;
        count_times.push(ms(start.elapsed()));
    }
    let contacts = session.count_contacts(&ContactQuery::default())?;
    for sort in ContactSort::ALL {
        let query = ContactQuery {
            sort,
            ..ContactQuery::default()
        };
        let mut at = Vec::new();
        for offset in positions(contacts) {
            let cursor = session.contact_cursor_at(&query, offset)?;
            at.push(sample(|| {
                Ok(session
                    .list_contacts_where(&query, cursor.as_deref(), 50)?
                    .items
                    .len())
            })?);
        }
        orders.push(ListOrderBench {
            list: format!("contacts.{}", sort.as_str()),
            rows: contacts,
            first_ms: at[0],
            middle_ms: at[1],
            last_ms: at[2],
        });
    }

    let companies = session.count_companies()?;
    if companies > 0 {
        let mut at = Vec::new();
        for offset in positions(companies) {
            let cursor = session.company_cursor_at(offset)?;
            at.push(sample(|| {
                Ok(session.list_companies(cursor.as_deref(), 50)?.items.len())
            })?);
        }
        orders.push(ListOrderBench {
            list: "companies.name".into(),
            rows: companies,
            first_ms: at[0],
            middle_ms: at[1],
            last_ms: at[2],
        });
    }

    let deals = session.count_deals()?;
    if deals > 0 {
        let mut at = Vec::new();
        for offset in positions(deals) {
            let cursor = session.deal_cursor_at(offset)?;
            at.push(sample(|| {
                Ok(session
                    .list_deals_page(None, cursor.as_deref(), 50)?
                    .items
                    .len())
            })?);
        }
        orders.push(ListOrderBench {
            list: "deals.pipeline".into(),
            rows: deals,
            first_ms: at[0],
            middle_ms: at[1],
            last_ms: at[2],
        });
    }

    // The Tasks tabs (every assignee's) on a day in the middle of the
    // year of tasks `bench_calendar` adds.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap_or_default();
    for filter in crate::records::tasks::PAGED_TABS {
        let rows = session.count_tasks(filter, false, day)?;
        if rows == 0 {
            continue;
        }
        let mut at = Vec::new();
        for offset in positions(rows) {
            let cursor = session.task_cursor_at(filter, day, offset)?;
            at.push(sample(|| {
                Ok(session
                    .list_tasks_page(filter, false, day, cursor.as_deref(), 50)?
                    .items
                    .len())
            })?);
        }
        orders.push(ListOrderBench {
            list: crate::records::tasks::page_order(filter)
                .unwrap_or_default()
                .into(),
            rows,
            first_ms: at[0],
            middle_ms: at[1],
            last_ms: at[2],
        });
    }

    // The audit log pages by sequence number, newest first.
    let newest = crate::audit::AuditFilter {
        limit: Some(1),
        ..Default::default()
    };
    let head = session.audit_entries(&newest)?.first().map_or(0, |e| e.seq);
    let entries = u64::try_from(head).unwrap_or(0);
    let mut at = Vec::new();
    for offset in positions(entries) {
        let filter = crate::audit::AuditFilter {
            before_seq: (offset > 0).then(|| head - i64::try_from(offset).unwrap_or(0) + 1),
            limit: Some(50),
            ..Default::default()
        };
        at.push(sample(|| Ok(session.audit_entries(&filter)?.len()))?);
    }
    orders.push(ListOrderBench {
        list: "audit.newest".into(),
        rows: entries,
        first_ms: at[0],
        middle_ms: at[1],
        last_ms: at[2],
    });

    Ok(ListPagesBench {
        orders,
        contacts_count_ms: percentiles(count_times).p50,
    })
}

/// Writes a file of [`ATTACHMENT_BENCH_BYTES`] pseudo-random bytes, copies
/// it (and syncs the copy), then adds it to a contact of a new encrypted
/// vault and reads it back; everything is removed afterwards.
fn bench_attachment(
    scratch: &Path,
    password: &Password,
    kdf: &CreateOptions,
) -> Result<AttachmentBench> {
    use std::io::Write;
    let io = |source| Error::Io {
        action: "write the benchmark's file".into(),
        source,
    };
    let source = scratch.join("attachment.bin");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&source).map_err(io)?);
        let mut rng = Rng(0x5eed_f11e);
        let mut block = vec![0u8; 1 << 20];
        let mut left = ATTACHMENT_BENCH_BYTES;
        while left > 0 {
            for word in block.chunks_exact_mut(8) {
                word.copy_from_slice(&rng.next().to_le_bytes());
            }
            let n = usize::try_from(left.min(block.len() as u64)).unwrap_or(block.len());
            out.write_all(&block[..n]).map_err(io)?;
            left -= n as u64;
        }
        out.into_inner()
            .map_err(|e| io(e.into_error()))?
            .sync_all()
            .map_err(io)?;
    }
    let mb = ATTACHMENT_BENCH_BYTES as f64 / 1e6;
    let copy = scratch.join("attachment-copy.bin");
    let start = Instant::now();
    std::fs::copy(&source, &copy).map_err(io)?;
    std::fs::File::open(&copy)
        .and_then(|f| f.sync_all())
        .map_err(io)?;
    let copy_s = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&copy);

    let dir = scratch.join("encrypted-attachment");
    let mut session = crate::unlock::create(&dir, "bench", password, kdf)?.session;
    let contact = session.add_contact(&crate::records::contacts::NewContact {
        name: "Bench Person".into(),
        ..Default::default()
    })?;
    let on = crate::records::attachments::AttachedTo::Contact(contact);
    let mut file = std::fs::File::open(&source).map_err(io)?;
    let start = Instant::now();
    let id = session.add_attachment(on, "attachment.bin", &mut file)?;
    let add_s = start.elapsed().as_secs_f64();
    let start = Instant::now();
    session.read_attachment(
        id,
        crate::records::attachments::ReadPurpose::Open,
        &mut std::io::sink(),
    )?;
    let read_s = start.elapsed().as_secs_f64();
    session.lock()?;
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&source);
    Ok(AttachmentBench {
        bytes: ATTACHMENT_BENCH_BYTES,
        add_mb_per_second: mb / add_s.max(1e-9),
        read_mb_per_second: mb / read_s.max(1e-9),
        copy_mb_per_second: mb / copy_s.max(1e-9),
    })
}

/// Adds [`CALENDAR_TASKS`] tasks over 2026 (one in three about a contact,
/// most at a time of day, some done) in one transaction, then reads each
/// month of the calendar a few times.
fn bench_calendar(session: &Session) -> Result<Percentiles> {
    let mut rng = Rng(0x00ca_1e4d_a500);
    let contacts: i64 = session
        .conn
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let tx = rusqlite::Transaction::new_unchecked(
        &session.conn,
        rusqlite::TransactionBehavior::Immediate,
    )?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO tasks (title, due_date, due_time, duration_minutes, assignee_id,
                                contact_id, created_by, created_at, done_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, '2026-01-01T00:00:00Z', ?7)",
        )?;
        for i in 0..CALENDAR_TASKS {
            let day = start + chrono::Duration::days(i64::try_from(rng.next() % 365).unwrap_or(0));
            let timed = !rng.next().is_multiple_of(4);
            let time =
                timed.then(|| format!("{:02}:{:02}", 8 + rng.next() % 10, rng.next() % 4 * 15));
            let minutes = (timed && rng.next().is_multiple_of(2))
                .then(|| 30 * (1 + i64::try_from(rng.next() % 4).unwrap_or(0)));
            let contact = (contacts > 0 && rng.next().is_multiple_of(3))
                .then(|| 1 + i64::try_from(rng.next() % contacts.unsigned_abs()).unwrap_or(0));
            let done = (rng.next().is_multiple_of(5)).then_some("2026-01-02T00:00:00Z");
            insert.execute(rusqlite::params![
                format!("Task {i}"),
                day.format("%Y-%m-%d").to_string(),
                time,
                minutes,
                session.user.id,
                contact,
                done
            ])?;
        }
    }
    tx.commit()?;
    let mut times = Vec::new();
    for round in 0..3 {
        for month in 1..=12 {
            let from = chrono::NaiveDate::from_ymd_opt(2026, month, 1).unwrap_or_default();
            let to = from
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt())
                .unwrap_or(from);
            let begin = Instant::now();
            let tasks = session.calendar(from, to, false)?;
            times.push(ms(begin.elapsed()));
            debug_assert!(round > 0 || !tasks.is_empty());
        }
    }
    Ok(percentiles(times))
}

/// Adds `n` deals in one transaction, spread evenly over the pipeline's
/// stages, each about a contact and its company when there are some.
fn add_bench_deals(session: &Session, n: usize) -> Result<()> {
    let mut rng = Rng(0x00de_a15b_e7c4);
    let stages: Vec<i64> = crate::records::pipeline::all_stages(&session.conn)?
        .iter()
        .map(|s| s.id)
        .collect();
    let contacts: i64 = session
        .conn
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
    let tx = rusqlite::Transaction::new_unchecked(
        &session.conn,
        rusqlite::TransactionBehavior::Immediate,
    )?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO deals (title, stage_id, amount_minor, contact_id, company_id, owner_id,
                                created_at, updated_at)
             SELECT ?1, ?2, ?3, k.id, k.company_id, ?4, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
             FROM (SELECT ?5 AS id) x LEFT JOIN contacts k ON k.id = x.id",
        )?;
        for i in 0..n {
            let stage = stages[i % stages.len().max(1)];
            let contact = (contacts > 0)
                .then(|| 1 + i64::try_from(rng.next() % contacts.unsigned_abs()).unwrap_or(0));
            insert.execute(rusqlite::params![
                format!("Deal {i}"),
                stage,
                i64::try_from(rng.next() % 10_000_000).unwrap_or(0),
                session.user.id,
                contact
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Imports the Windows-1250 file of `n` contacts into a new encrypted
/// vault (removed afterwards), the encoding detected; contacts per second.
fn bench_import_1250(
    scratch: &Path,
    n: usize,
    password: &Password,
    kdf: &CreateOptions,
) -> Result<f64> {
    let bytes = synthetic_csv_1250_bytes(n);
    let dir = scratch.join("encrypted-1250");
    let mut session = crate::unlock::create(&dir, "bench", password, kdf)?.session;
    let options = synthetic_csv_import_options();
    let start = Instant::now();
    // Given rather than lent: the file goes once decoded, as the command
    // line's import does.
    let report = session.import_csv(bytes, &options, &mut |_, _| {})?;
    #[allow(clippy::cast_precision_loss, reason = "a count of contacts")]
    let rate = report.created as f64 / start.elapsed().as_secs_f64();
    session.lock()?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(rate)
}

fn bench_backup(scratch: &Path, vault_dir: &Path, password: &Password) -> Result<BackupBench> {
    let io = |e| crate::Error::Io {
        action: "run the backup benchmark".into(),
        source: e,
    };
    let credentials = || Credentials::Password {
        user: "bench",
        password,
    };
    let mut session = crate::unlock::unlock(vault_dir, credentials())?;
    let dir = scratch.join("backups");
    let (mut copy, mut backup, mut verify, mut restore) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut backup_bytes = 0;
    for round in 0..3 {
        let copy_path = scratch.join(format!("copy-{round}.db"));
        let start = Instant::now();
        std::fs::copy(vault_dir.join(vault::DB_FILE), &copy_path).map_err(io)?;
        std::fs::File::open(&copy_path)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        copy.push(ms(start.elapsed()));
        let _ = std::fs::remove_file(&copy_path);

        let start = Instant::now();
        let made = session.create_backup(
            crate::backup::BackupKind::Manual,
            Some(&dir),
            &mut |_, _| {},
        )?;
        backup.push(ms(start.elapsed()));
        backup_bytes = made.backup.size;

        let start = Instant::now();
        session.verify_backup(&made.backup.path)?;
        verify.push(ms(start.elapsed()));

        let target = scratch.join(format!("restored-{round}"));
        let start = Instant::now();
        let restored = crate::unlock::restore_into(&made.backup.path, &target, credentials())?;
        restore.push(ms(start.elapsed()));
        restored.lock()?;
        let _ = std::fs::remove_dir_all(&target);
    }
    session.lock()?;
    let _ = std::fs::remove_dir_all(&dir);
    let copy_ms = percentiles(copy).p50;
    let backup_ms = percentiles(backup).p50;
    Ok(BackupBench {
        copy_ms,
        backup_ms,
        backup_over_copy: backup_ms / copy_ms.max(0.001),
        verify_ms: percentiles(verify).p50,
        restore_ms: percentiles(restore).p50,
        backup_bytes,
    })
}

impl Session {
    /// A session over an unencrypted database with the same schema and
    /// pragmas, for the benchmark's comparison only (private to this module's
    /// caller, which deletes the folder after).
    fn plain_for_benchmark(dir: &Path) -> Result<Session> {
        use crate::auth::session::SessionKeys;
        std::fs::create_dir_all(dir).map_err(crate::Error::io("create the benchmark folder"))?;
        let mut conn = crate::db::open_plain_for_benchmark(&dir.join("plain.db"))?;
        let now = crate::clock::now_rfc3339();
        conn.execute(
            "INSERT INTO users (name, role, created_at) VALUES ('bench', 'owner', ?1)",
            [now.as_str()],
        )?;
        let dek = DataKey::generate();
        let keyslots = crate::vault::keyslots::Keyslots::new("plain-benchmark".into(), now);
        let lasting = crate::vault::lasting_keys(&keyslots, &dek)?;
        let keys = SessionKeys {
            keyslots_mac: crate::vault::subkey(&dek, "keyslots-mac"),
            audit_mac: lasting.audit,
            identifier_hash: lasting.identifier,
            data: dek,
            agreement: None,
        };
        let _ = &mut conn;
        Ok(Session {
            conn,
            keys,
            keyslots,
            dir: dir.to_path_buf(),
            user: crate::User {
                id: 1,
                name: "bench".into(),
                role: crate::Role::Owner,
                disabled: false,
                must_change_password: false,
            },
            via_recovery: false,
            guard: crate::auth::session::Guard::default(),
            pages_checked: crate::auth::session::PagesChecked::default(),
            hold: crate::vault::hold::Hold::shared(dir)?,
            memo: crate::auth::session::Memo::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_mix_comes_from_the_file_and_its_words_are_counted() {
        let corpus = synthetic_csv(2_000);
        let text = String::from_utf8(corpus.csv.clone()).unwrap();
        assert_eq!(text.lines().count(), 2_001);
        assert_eq!(corpus.names.len(), 50);
        assert_eq!(corpus.emails.len(), 50);
        for (name, email) in corpus.names.iter().zip(&corpus.emails) {
            let (first, last) = name.split_once(' ').unwrap();
            assert!(text.contains(&format!("{first},{last},{email},")));
        }
        assert!(corpus.two.len() >= 20 && corpus.two.iter().all(|p| p.chars().count() == 2));
        assert!(corpus.three.len() >= 20 && corpus.three.iter().all(|p| p.chars().count() == 3));

        // Recount the notes column: the mix's words are the ten most frequent.
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        for line in text.lines().skip(1) {
            for word in line.rsplit(',').next().unwrap().split(' ') {
                *counts.entry(word.to_owned()).or_default() += 1;
            }
        }
        let least_in_mix = corpus.common_words.iter().map(|w| counts[w]).min().unwrap();
        let most_outside = counts
            .iter()
            .filter(|(w, _)| !corpus.common_words.contains(w))
            .map(|(_, n)| *n)
            .max()
            .unwrap();
        assert_eq!(corpus.common_words.len(), 10);
        assert!(least_in_mix >= most_outside);
    }

    #[test]
    fn a_small_run_measures_every_kind_of_query_on_both_databases_and_the_sync() {
        let scratch = tempfile::tempdir().unwrap();
        let mut log = crate::sync::MemoryLog::new();
        let report = run_with_team(
            &scratch.path().join("bench"),
            &BenchOptions {
                contacts: 500,
                calibrated_kdf: false,
            },
            &mut log,
        )
        .unwrap();
        // Every contact edited on one replica travels to the other.
        let sync = report.sync.unwrap();
        assert_eq!(sync.edits, 500);
        assert!(sync.push_seconds > 0.0 && sync.pull_seconds > 0.0);
        assert!(sync.changes_per_second > 0.0);
        assert!(sync.join_seconds > 0.0);
        assert!(
            !scratch.path().join("bench").exists(),
            "the scratch folder is removed"
        );
        for workload in [&report.encrypted, &report.plain] {
            let kinds: Vec<&str> = workload
                .search_by_kind_ms
                .iter()
                .map(|(k, _)| k.as_str())
                .collect();
            assert_eq!(
                kinds,
                [
                    "full names",
                    "e-mails",
                    "1-letter prefixes",
                    "2-letter prefixes",
                    "3-letter prefixes",
                    "common words"
                ]
            );
            assert!(
                workload
                    .search_by_kind_ms
                    .iter()
                    .all(|(_, p)| p.samples >= 10)
            );
            assert!(workload.import_per_second > 0.0);
            assert_eq!(workload.list_page_ms.samples, 40);
            // 500 contacts from about 3 200 names repeat some of them.
            assert!(workload.duplicate_groups > 0);
            assert!(workload.duplicates_ms > 0.0);
        }
        assert!(report.encryption_overhead > 0.0);
        assert!(report.backup.backup_bytes > 0);
        assert!(report.backup.verify_ms > 0.0);
        assert!(report.import_1250_per_second > 0.0);
        assert_eq!(report.calendar_month_ms.samples, 36);
        let lists: Vec<(&str, u64)> = report
            .list_pages
            .orders
            .iter()
            .map(|o| (o.list.as_str(), o.rows))
            .collect();
        assert_eq!(
            lists[..4],
            [
                ("contacts.name", 500),
                ("contacts.name-desc", 500),
                ("contacts.newest", 500),
                ("contacts.oldest", 500)
            ]
        );
        assert!(lists.iter().any(|(l, n)| *l == "companies.name" && *n > 0));
        assert!(lists.contains(&("deals.pipeline", 25)));
        for tab in [
            "tasks.today",
            "tasks.overdue",
            "tasks.upcoming",
            "tasks.done",
        ] {
            assert!(lists.iter().any(|(l, n)| *l == tab && *n > 0), "{tab}");
        }
        assert!(lists.iter().any(|(l, n)| *l == "audit.newest" && *n > 0));
        for order in &report.list_pages.orders {
            for p in [order.first_ms, order.middle_ms, order.last_ms] {
                assert_eq!(p.samples, LIST_PAGE_SAMPLES, "{}", order.list);
            }
        }
    }

    #[test]
    fn the_windows_1250_file_holds_the_same_contacts_with_romanian_letters() {
        let bytes = synthetic_csv_1250_bytes(200);
        assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
        let preview = crate::interchange::preview_csv(&bytes).unwrap();
        assert_eq!(preview.encoding, "windows-1250");
        assert_eq!(preview.rows, 200);
        let (text, _, bad) = encoding_rs::WINDOWS_1250.decode(&bytes);
        assert!(!bad);
        let utf8 = String::from_utf8(synthetic_csv_bytes(200)).unwrap();
        for (ro, plain) in text.lines().zip(utf8.lines()).skip(1) {
            let plain = plain.replacen(",Berlin,", ",Timişoara,", 1);
            assert_eq!(ro, format!("{plain} şi ţară în câmpul Bârlad"));
        }
        let records = crate::interchange::csv_contacts(
            &bytes,
            None,
            &synthetic_csv_import_options().mapping,
            &[],
        )
        .unwrap();
        assert_eq!(records.len(), 200);
        assert_eq!(records[0].1.address.city.as_deref(), Some("Timişoara"));
        assert!(
            records[0]
                .1
                .notes
                .as_deref()
                .unwrap()
                .ends_with("şi ţară în câmpul Bârlad")
        );
    }
}
