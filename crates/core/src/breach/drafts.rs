//! The documents of the breach register, in the vault's language: the
//! draft notification to the supervisory authority (the fields ANSPDCP's
//! breach-notification form asks for), the draft notice to the people
//! concerned (Art. 34: plain language), the register of incidents that
//! joins the processing documentation, and an incident's whole file. As in
//! [`crate::locale::documents`], each sentence or label is whole, with named
//! placeholders; what users typed stays as they typed it.

use super::Breach;
use super::report::{TouchKind, TouchReport};
use crate::consent::controller::Controller;
use crate::locale::Language;
use crate::locale::documents::fill;

/// A sentence or label of the breach documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// The summary of an incident opened from an alert: `{id}`, `{rule}`, `{summary}`.
    FromAlert,
    /// The draft notification's title.
    AuthorityTitle,
    /// Whom it is addressed to.
    AuthorityAddressee,
    /// Section: the operator.
    OperatorHeading,
    /// Label: name.
    OperatorName,
    /// Label: address.
    OperatorAddress,
    /// Label: e-mail.
    OperatorEmail,
    /// Label: phone.
    OperatorPhone,
    /// Label: data protection officer or contact point.
    Dpo,
    /// No DPO designated.
    NoDpo,
    /// The operator's identity is not filled in.
    OperatorMissing,
    /// Section: the breach.
    BreachHeading,
    /// Label: the incident's number in the register.
    RegisterNumber,
    /// Label: when it happened.
    OccurredAt,
    /// Label: when it was discovered.
    DiscoveredAt,
    /// Label: the deadline.
    Deadline,
    /// Label: nature of the breach.
    Nature,
    /// Label: categories of data.
    DataCategories,
    /// Label: categories of data subjects.
    SubjectCategories,
    /// Label: approximate number of data subjects.
    PeopleApprox,
    /// Label: approximate number of records.
    RecordsApprox,
    /// An unknown number or time.
    Unknown,
    /// Nothing given.
    NotGiven,
    /// Label: likely consequences.
    Consequences,
    /// Label: measures taken.
    MeasuresTaken,
    /// Label: measures proposed.
    MeasuresProposed,
    /// Label: whether the people were informed.
    SubjectsInformed,
    /// Answer: yes, at `{at}`.
    InformedAt,
    /// Answer: they will be.
    WillBeInformed,
    /// Answer: not, because `{reason}`.
    NotInformed,
    /// Label: cross-border.
    CrossBorder,
    /// Yes.
    Yes,
    /// No.
    No,
    /// Label: reasons for the delay past 72 hours.
    DelayReason,
    /// The notification is within the 72 hours.
    NoDelay,
    /// The notice's title.
    NoticeTitle,
    /// Its opening.
    NoticeOpening,
    /// What happened (heading).
    NoticeWhatHappened,
    /// Which data (heading).
    NoticeWhichData,
    /// Consequences (heading).
    NoticeConsequences,
    /// What we did (heading).
    NoticeWhatWeDid,
    /// What you can do (heading and advice).
    NoticeWhatYouCanDo,
    /// The advice.
    NoticeAdvice,
    /// Whom to contact (heading).
    NoticeContact,
    /// The line about the right to complain.
    NoticeComplaint,
    /// The register's title.
    RegisterTitle,
    /// The register is empty.
    RegisterEmpty,
    /// Label: decision.
    Decision,
    /// No decision yet.
    Undecided,
    /// The authority notified.
    AuthorityNotified,
    /// The authority not notified: `{reason}`.
    AuthorityNotNotified,
    /// The people told.
    SubjectsNotified,
    /// The people not told: `{reason}`.
    SubjectsNotNotified,
    /// Label: decided on / by: `{at}`, `{user}`.
    DecidedBy,
    /// Label: source alert.
    SourceAlert,
    /// The incident file's title: `{id}`.
    FileTitle,
    /// The report's heading.
    ReportHeading,
    /// The report's window: `{from}`, `{to}`.
    ReportWindow,
    /// The report's filters.
    ReportUsers,
    /// The report's contacts filter.
    ReportContacts,
    /// Everyone / every contact.
    ReportAll,
    /// The summary heading.
    ReportSummary,
    /// The entries heading.
    ReportEntries,
    /// No entries.
    ReportNone,
    /// No report was produced yet.
    ReportNotYet,
    /// The report's column headers (one line, `|`-separated).
    ReportColumns,
    /// An unknown user.
    UnknownUser,
    /// The draft notification's heading in the file.
    DraftAuthorityHeading,
    /// The draft notice's heading in the file.
    DraftNoticeHeading,
}

impl Text {
    /// The text in `lang`.
    #[allow(clippy::too_many_lines)]
    pub fn get(self, lang: Language) -> &'static str {
        use Language::{En, Ro};
        match (self, lang) {
            (Text::FromAlert, En) => "Opened from alert {id} ({rule}): {summary}",
            (Text::FromAlert, Ro) => "Deschis din alerta {id} ({rule}): {summary}",
            (Text::AuthorityTitle, En) => {
                "Notification of a personal data breach (GDPR Art. 33) — draft"
            }
            (Text::AuthorityTitle, Ro) => {
                "Notificarea încălcării securității datelor cu caracter personal (RGPD, art. 33) — proiect"
            }
            (Text::AuthorityAddressee, En) => {
                "To: the supervisory authority (in Romania: ANSPDCP, the National Supervisory Authority for Personal Data Processing)."
            }
            (Text::AuthorityAddressee, Ro) => {
                "Către: Autoritatea Națională de Supraveghere a Prelucrării Datelor cu Caracter Personal (ANSPDCP)."
            }
            (Text::OperatorHeading, En) => "1. The controller",
            (Text::OperatorHeading, Ro) => "1. Operatorul",
            (Text::OperatorName, En) => "Name",
            (Text::OperatorName, Ro) => "Denumire",
            (Text::OperatorAddress, En) => "Address",
            (Text::OperatorAddress, Ro) => "Adresă",
            (Text::OperatorEmail, En) => "E-mail",
            (Text::OperatorEmail, Ro) => "E-mail",
            (Text::OperatorPhone, En) => "Phone",
            (Text::OperatorPhone, Ro) => "Telefon",
            (Text::Dpo, En) => "Data protection officer or other contact point",
            (Text::Dpo, Ro) => "Responsabilul cu protecția datelor sau alt punct de contact",
            (Text::NoDpo, En) => "none designated; contact the controller as above",
            (Text::NoDpo, Ro) => {
                "nu a fost desemnat; operatorul poate fi contactat la datele de mai sus"
            }
            (Text::OperatorMissing, En) => {
                "Not filled in: set the controller's name and contact details in Settings or with `steward register controller` before sending."
            }
            (Text::OperatorMissing, Ro) => {
                "Necompletat: completați denumirea și datele de contact ale operatorului în Setări sau cu `steward register controller` înainte de transmitere."
            }
            (Text::BreachHeading, En) => "2. The breach",
            (Text::BreachHeading, Ro) => "2. Încălcarea securității datelor",
            (Text::RegisterNumber, En) => "Number in the breach register",
            (Text::RegisterNumber, Ro) => "Numărul în registrul încălcărilor",
            (Text::OccurredAt, En) => "Date and time of the breach",
            (Text::OccurredAt, Ro) => "Data și ora încălcării",
            (Text::DiscoveredAt, En) => "Date and time it was discovered",
            (Text::DiscoveredAt, Ro) => {
                "Data și ora la care operatorul a luat cunoștință de încălcare"
            }
            (Text::Deadline, En) => "Deadline for notifying the authority (72 hours)",
            (Text::Deadline, Ro) => "Termenul de notificare a autorității (72 de ore)",
            (Text::Nature, En) => "Nature of the breach",
            (Text::Nature, Ro) => "Natura încălcării",
            (Text::DataCategories, En) => "Categories of personal data concerned",
            (Text::DataCategories, Ro) => "Categoriile de date cu caracter personal vizate",
            (Text::SubjectCategories, En) => "Categories of data subjects concerned",
            (Text::SubjectCategories, Ro) => "Categoriile de persoane vizate",
            (Text::PeopleApprox, En) => "Approximate number of data subjects",
            (Text::PeopleApprox, Ro) => "Numărul aproximativ de persoane vizate",
            (Text::RecordsApprox, En) => "Approximate number of personal data records",
            (Text::RecordsApprox, Ro) => {
                "Numărul aproximativ de înregistrări de date cu caracter personal"
            }
            (Text::Unknown, En) => "not known yet",
            (Text::Unknown, Ro) => "încă necunoscut",
            (Text::NotGiven, En) => "not stated",
            (Text::NotGiven, Ro) => "nu este precizat",
            (Text::Consequences, En) => "Likely consequences",
            (Text::Consequences, Ro) => "Consecințele probabile ale încălcării",
            (Text::MeasuresTaken, En) => "Measures taken",
            (Text::MeasuresTaken, Ro) => "Măsurile luate",
            (Text::MeasuresProposed, En) => "Measures proposed",
            (Text::MeasuresProposed, Ro) => "Măsurile propuse",
            (Text::SubjectsInformed, En) => "Have the data subjects been informed (Art. 34)?",
            (Text::SubjectsInformed, Ro) => "Au fost informate persoanele vizate (art. 34)?",
            (Text::InformedAt, En) => "yes, on {at}",
            (Text::InformedAt, Ro) => "da, la {at}",
            (Text::WillBeInformed, En) => "they will be informed without undue delay",
            (Text::WillBeInformed, Ro) => "vor fi informate fără întârzieri nejustificate",
            (Text::NotInformed, En) => "no: {reason}",
            (Text::NotInformed, Ro) => "nu: {reason}",
            (Text::CrossBorder, En) => {
                "Are data subjects in other EU member states concerned (cross-border)?"
            }
            (Text::CrossBorder, Ro) => {
                "Sunt vizate persoane din alte state membre ale UE (caracter transfrontalier)?"
            }
            (Text::Yes, En) => "yes",
            (Text::Yes, Ro) => "da",
            (Text::No, En) => "no",
            (Text::No, Ro) => "nu",
            (Text::DelayReason, En) => "Reasons for notifying after 72 hours",
            (Text::DelayReason, Ro) => "Motivele întârzierii notificării peste 72 de ore",
            (Text::NoDelay, En) => "the notification is made within 72 hours of discovery",
            (Text::NoDelay, Ro) => {
                "notificarea se face în termen de 72 de ore de la momentul în care operatorul a luat cunoștință de încălcare"
            }
            (Text::NoticeTitle, En) => {
                "Important: a security incident concerning your personal data"
            }
            (Text::NoticeTitle, Ro) => {
                "Important: un incident de securitate privind datele dumneavoastră cu caracter personal"
            }
            (Text::NoticeOpening, En) => {
                "We are writing to tell you, as the GDPR requires (Article 34), about an incident that concerns your personal data held by {operator}."
            }
            (Text::NoticeOpening, Ro) => {
                "Vă scriem pentru a vă informa, așa cum prevede RGPD (articolul 34), despre o încălcare a securității datelor cu caracter personal care vă privește, date deținute de {operator}."
            }
            (Text::NoticeWhatHappened, En) => "What happened",
            (Text::NoticeWhatHappened, Ro) => "Ce s-a întâmplat",
            (Text::NoticeWhichData, En) => "Which of your data",
            (Text::NoticeWhichData, Ro) => "Ce date ale dumneavoastră sunt vizate",
            (Text::NoticeConsequences, En) => "What this may mean for you",
            (Text::NoticeConsequences, Ro) => "Ce poate însemna pentru dumneavoastră",
            (Text::NoticeWhatWeDid, En) => "What we have done and will do",
            (Text::NoticeWhatWeDid, Ro) => "Ce am făcut și ce vom face",
            (Text::NoticeWhatYouCanDo, En) => "What you can do",
            (Text::NoticeWhatYouCanDo, Ro) => "Ce puteți face",
            (Text::NoticeAdvice, En) => {
                "Be wary of unexpected messages or calls that mention this incident or ask for passwords, codes or payments; do not open links or attachments you did not expect; change any password you may have shared with us and watch your accounts for anything unusual."
            }
            (Text::NoticeAdvice, Ro) => {
                "Fiți precaut cu mesajele sau apelurile neașteptate care pomenesc acest incident ori vă cer parole, coduri sau plăți; nu deschideți linkuri sau atașamente pe care nu le așteptați; schimbați orice parolă pe care este posibil să ne-o fi comunicat și urmăriți-vă conturile pentru orice activitate neobișnuită."
            }
            (Text::NoticeContact, En) => "Whom to contact",
            (Text::NoticeContact, Ro) => "Pe cine puteți contacta",
            (Text::NoticeComplaint, En) => {
                "You also have the right to lodge a complaint with the supervisory authority (in Romania: ANSPDCP, www.dataprotection.ro)."
            }
            (Text::NoticeComplaint, Ro) => {
                "Aveți, de asemenea, dreptul de a depune o plângere la Autoritatea Națională de Supraveghere a Prelucrării Datelor cu Caracter Personal (ANSPDCP, www.dataprotection.ro)."
            }
            (Text::RegisterTitle, En) => "Register of personal data breaches (GDPR Art. 33(5))",
            (Text::RegisterTitle, Ro) => {
                "Registrul încălcărilor securității datelor cu caracter personal (RGPD, art. 33 alin. (5))"
            }
            (Text::RegisterEmpty, En) => "No incident has been recorded.",
            (Text::RegisterEmpty, Ro) => "Nu a fost înregistrat niciun incident.",
            (Text::Decision, En) => "Decision",
            (Text::Decision, Ro) => "Decizia",
            (Text::Undecided, En) => "not decided yet",
            (Text::Undecided, Ro) => "nu a fost luată încă",
            (Text::AuthorityNotified, En) => "the supervisory authority is notified",
            (Text::AuthorityNotified, Ro) => "autoritatea de supraveghere este notificată",
            (Text::AuthorityNotNotified, En) => {
                "the supervisory authority is not notified: {reason}"
            }
            (Text::AuthorityNotNotified, Ro) => {
                "autoritatea de supraveghere nu este notificată: {reason}"
            }
            (Text::SubjectsNotified, En) => "the data subjects are informed",
            (Text::SubjectsNotified, Ro) => "persoanele vizate sunt informate",
            (Text::SubjectsNotNotified, En) => "the data subjects are not informed: {reason}",
            (Text::SubjectsNotNotified, Ro) => "persoanele vizate nu sunt informate: {reason}",
            (Text::DecidedBy, En) => "Decided on {at} by {user}",
            (Text::DecidedBy, Ro) => "Decizie luată la {at} de {user}",
            (Text::SourceAlert, En) => "Opened from alert",
            (Text::SourceAlert, Ro) => "Deschis din alerta",
            (Text::FileTitle, En) => "Incident {id}: personal data breach file",
            (Text::FileTitle, Ro) => {
                "Incidentul {id}: dosarul încălcării securității datelor cu caracter personal"
            }
            (Text::ReportHeading, En) => "Who touched what (from the audit log)",
            (Text::ReportHeading, Ro) => "Cine a accesat ce (din jurnalul de audit)",
            (Text::ReportWindow, En) => "From {from} to {to} (UTC)",
            (Text::ReportWindow, Ro) => "De la {from} până la {to} (UTC)",
            (Text::ReportUsers, En) => "Users",
            (Text::ReportUsers, Ro) => "Utilizatori",
            (Text::ReportContacts, En) => "Contacts (ids)",
            (Text::ReportContacts, Ro) => "Contacte (ID-uri)",
            (Text::ReportAll, En) => "all",
            (Text::ReportAll, Ro) => "toți",
            (Text::ReportSummary, En) => "Summary by user and kind",
            (Text::ReportSummary, Ro) => "Rezumat pe utilizatori și tipuri",
            (Text::ReportEntries, En) => "Entries",
            (Text::ReportEntries, Ro) => "Intrări",
            (Text::ReportNone, En) => "No entry in this window.",
            (Text::ReportNone, Ro) => "Nicio intrare în acest interval.",
            (Text::ReportNotYet, En) => "No report has been produced for this incident yet.",
            (Text::ReportNotYet, Ro) => "Nu s-a generat încă niciun raport pentru acest incident.",
            (Text::ReportColumns, En) => {
                "Nr. | When | User | Kind | Action | Target | Outcome | Purpose"
            }
            (Text::ReportColumns, Ro) => {
                "Nr. | Data și ora | Utilizator | Tip | Acțiune | Obiect | Rezultat | Scop"
            }
            (Text::UnknownUser, En) => "(unknown)",
            (Text::UnknownUser, Ro) => "(necunoscut)",
            (Text::DraftAuthorityHeading, En) => "Draft notification to the supervisory authority",
            (Text::DraftAuthorityHeading, Ro) => {
                "Proiectul notificării către autoritatea de supraveghere"
            }
            (Text::DraftNoticeHeading, En) => "Draft notice to the data subjects",
            (Text::DraftNoticeHeading, Ro) => "Proiectul informării persoanelor vizate",
        }
    }
}

/// The name of a category of data (a key of [`super::DATA_CATEGORIES`]).
pub fn data_category(lang: Language, key: &str) -> &str {
    use Language::{En, Ro};
    match (key, lang) {
        ("names", En) => "names",
        ("names", Ro) => "nume și prenume",
        ("emails", En) => "e-mail addresses",
        ("emails", Ro) => "adrese de e-mail",
        ("phones", En) => "phone numbers",
        ("phones", Ro) => "numere de telefon",
        ("addresses", En) => "postal addresses",
        ("addresses", Ro) => "adrese poștale",
        ("company-title", En) => "company and job title",
        ("company-title", Ro) => "compania și funcția",
        ("notes", En) => "notes and tags",
        ("notes", Ro) => "observații și etichete",
        ("custom-fields", En) => "custom fields",
        ("custom-fields", Ro) => "câmpuri personalizate",
        ("activities-deals", En) => "activities, tasks and deals",
        ("activities-deals", Ro) => "activități, sarcini și oportunități",
        ("attachments", En) => "attached files",
        ("attachments", Ro) => "fișiere atașate",
        ("sensitive", En) => {
            "sensitive fields (date of birth, national identification number, special categories of data)"
        }
        ("sensitive", Ro) => {
            "câmpuri sensibile (data nașterii, codul numeric personal, categorii speciale de date)"
        }
        ("credentials", En) => "staff sign-in credentials",
        ("credentials", Ro) => "datele de autentificare ale personalului",
        _ => key,
    }
}

/// The name of a category of data subjects (a key of [`super::SUBJECT_CATEGORIES`]).
pub fn subject_category(lang: Language, key: &str) -> &str {
    use Language::{En, Ro};
    match (key, lang) {
        ("customers", En) => "customers",
        ("customers", Ro) => "clienți",
        ("prospects", En) => "prospects",
        ("prospects", Ro) => "clienți potențiali",
        ("contact-persons", En) => "contact persons of business customers",
        ("contact-persons", Ro) => "persoane de contact ale clienților persoane juridice",
        ("staff", En) => "staff (users of Steward)",
        ("staff", Ro) => "angajați (utilizatorii Steward)",
        _ => key,
    }
}

/// The name of a kind of report entry.
pub fn kind_name(lang: Language, kind: TouchKind) -> &'static str {
    use Language::{En, Ro};
    match (kind, lang) {
        (TouchKind::View, En) => "view",
        (TouchKind::View, Ro) => "vizualizare",
        (TouchKind::Reveal, En) => "reveal",
        (TouchKind::Reveal, Ro) => "dezvăluire",
        (TouchKind::Export, En) => "export",
        (TouchKind::Export, Ro) => "export",
        (TouchKind::Import, En) => "import",
        (TouchKind::Import, Ro) => "import",
        (TouchKind::Deletion, En) => "deletion",
        (TouchKind::Deletion, Ro) => "ștergere",
        (TouchKind::Unlock, En) => "unlock",
        (TouchKind::Unlock, Ro) => "deblocare",
        (TouchKind::FailedUnlock, En) => "failed unlock",
        (TouchKind::FailedUnlock, Ro) => "deblocare eșuată",
    }
}

/// The summary of an incident opened from an alert.
pub(crate) fn alert_summary(lang: Language, rule: &str, id: i64, summary: &str) -> String {
    fill(
        Text::FromAlert.get(lang),
        &[("id", &id), ("rule", &rule), ("summary", &summary)],
    )
}

fn or_not_given(lang: Language, value: &str) -> String {
    if value.trim().is_empty() {
        Text::NotGiven.get(lang).to_owned()
    } else {
        value.to_owned()
    }
}

fn approx(lang: Language, n: Option<u64>) -> String {
    n.map_or_else(|| Text::Unknown.get(lang).to_owned(), |n| format!("~{n}"))
}

fn categories(
    lang: Language,
    keys: &[String],
    other: &str,
    name: fn(Language, &str) -> &str,
) -> String {
    let mut parts: Vec<String> = keys.iter().map(|k| name(lang, k).to_owned()).collect();
    if !other.trim().is_empty() {
        parts.push(other.trim().to_owned());
    }
    if parts.is_empty() {
        Text::Unknown.get(lang).to_owned()
    } else {
        parts.join("; ")
    }
}

fn controller_lines(lang: Language, c: &Controller) -> String {
    let t = |text: Text| text.get(lang);
    let mut out = String::new();
    if !c.is_set() {
        out.push_str(&format!("**{}**\n\n", t(Text::OperatorMissing)));
    }
    for (label, value) in [
        (Text::OperatorName, &c.name),
        (Text::OperatorAddress, &c.address),
        (Text::OperatorEmail, &c.email),
        (Text::OperatorPhone, &c.phone),
    ] {
        out.push_str(&format!("- {}: {}\n", t(label), or_not_given(lang, value)));
    }
    let dpo = if c.dpo.is_empty() {
        t(Text::NoDpo)
    } else {
        c.dpo.as_str()
    };
    out.push_str(&format!("- {}: {}\n", t(Text::Dpo), dpo));
    out
}

fn informed(lang: Language, b: &Breach) -> String {
    match &b.decision {
        Some((_, _, d)) if d.notify_subjects => match &d.notified_at {
            Some(at) => fill(Text::InformedAt.get(lang), &[("at", at)]),
            None => Text::WillBeInformed.get(lang).to_owned(),
        },
        Some((_, _, d)) => fill(
            Text::NotInformed.get(lang),
            &[("reason", &d.subjects_reason)],
        ),
        None => Text::Undecided.get(lang).to_owned(),
    }
}

/// The draft notification to the supervisory authority, as Markdown, with
/// the fields of ANSPDCP's form.
pub fn authority_notification(lang: Language, b: &Breach, controller: &Controller) -> String {
    let t = |text: Text| text.get(lang);
    let f = &b.facts;
    let late = b
        .decision
        .as_ref()
        .map_or_else(crate::clock::now, |(at, _, _)| {
            crate::clock::parse_moment("", at).unwrap_or_else(|_| crate::clock::now())
        })
        > crate::clock::parse_moment("", &b.deadline).unwrap_or_else(|_| crate::clock::now());
    let delay = if !f.delay_reason.is_empty() {
        f.delay_reason.clone()
    } else if late {
        t(Text::NotGiven).to_owned()
    } else {
        t(Text::NoDelay).to_owned()
    };
    let yes_no = |v: bool| if v { t(Text::Yes) } else { t(Text::No) };
    let mut out = format!(
        "# {}\n\n{}\n\n## {}\n\n{}\n## {}\n\n",
        t(Text::AuthorityTitle),
        t(Text::AuthorityAddressee),
        t(Text::OperatorHeading),
        controller_lines(lang, controller),
        t(Text::BreachHeading),
    );
    let rows: [(Text, String); 15] = [
        (Text::RegisterNumber, b.id.to_string()),
        (
            Text::OccurredAt,
            f.occurred_at
                .clone()
                .unwrap_or_else(|| t(Text::Unknown).to_owned()),
        ),
        (Text::DiscoveredAt, f.discovered_at.clone()),
        (Text::Deadline, b.deadline.clone()),
        (Text::Nature, f.summary.clone()),
        (
            Text::DataCategories,
            categories(lang, &f.data_categories, &f.data_other, data_category),
        ),
        (
            Text::SubjectCategories,
            categories(
                lang,
                &f.subject_categories,
                &f.subjects_other,
                subject_category,
            ),
        ),
        (Text::PeopleApprox, approx(lang, f.people_approx)),
        (Text::RecordsApprox, approx(lang, f.records_approx)),
        (Text::Consequences, or_not_given(lang, &f.consequences)),
        (Text::MeasuresTaken, or_not_given(lang, &f.measures_taken)),
        (
            Text::MeasuresProposed,
            or_not_given(lang, &f.measures_proposed),
        ),
        (Text::SubjectsInformed, informed(lang, b)),
        (Text::CrossBorder, yes_no(f.cross_border).to_owned()),
        (Text::DelayReason, delay),
    ];
    for (label, value) in rows {
        out.push_str(&format!("- {}: {}\n", t(label), value));
    }
    out
}

/// The draft notice to the people concerned (Art. 34), as Markdown in
/// plain language.
pub fn subjects_notice(lang: Language, b: &Breach, controller: &Controller) -> String {
    let t = |text: Text| text.get(lang);
    let f = &b.facts;
    let operator = if controller.name.is_empty() {
        t(Text::NotGiven)
    } else {
        controller.name.as_str()
    };
    let mut measures = Vec::new();
    for m in [&f.measures_taken, &f.measures_proposed] {
        if !m.is_empty() {
            measures.push(m.as_str());
        }
    }
    let mut contact: Vec<String> = Vec::new();
    if !controller.dpo.is_empty() {
        contact.push(format!("{}: {}", t(Text::Dpo), controller.dpo));
    }
    for (label, value) in [
        (Text::OperatorEmail, &controller.email),
        (Text::OperatorPhone, &controller.phone),
        (Text::OperatorAddress, &controller.address),
    ] {
        if !value.is_empty() {
            contact.push(format!("{}: {}", t(label), value));
        }
    }
    if contact.is_empty() {
        contact.push(t(Text::OperatorMissing).to_owned());
    }
    format!(
        "# {}\n\n{}\n\n## {}\n\n{}\n\n## {}\n\n{}\n\n## {}\n\n{}\n\n## {}\n\n{}\n\n## {}\n\n{}\n\n## {}\n\n{}\n\n{}\n",
        t(Text::NoticeTitle),
        fill(t(Text::NoticeOpening), &[("operator", &operator)]),
        t(Text::NoticeWhatHappened),
        f.summary,
        t(Text::NoticeWhichData),
        categories(lang, &f.data_categories, &f.data_other, data_category),
        t(Text::NoticeConsequences),
        or_not_given(lang, &f.consequences),
        t(Text::NoticeWhatWeDid),
        if measures.is_empty() {
            t(Text::NotGiven).to_owned()
        } else {
            measures.join("\n\n")
        },
        t(Text::NoticeWhatYouCanDo),
        t(Text::NoticeAdvice),
        t(Text::NoticeContact),
        contact
            .iter()
            .map(|c| format!("- {c}"))
            .collect::<Vec<_>>()
            .join("\n"),
        t(Text::NoticeComplaint),
    )
}

fn decision_lines(lang: Language, b: &Breach) -> String {
    let t = |text: Text| text.get(lang);
    match &b.decision {
        None => format!("- {}: {}\n", t(Text::Decision), t(Text::Undecided)),
        Some((at, user, d)) => {
            let authority = if d.notify_authority {
                t(Text::AuthorityNotified).to_owned()
            } else {
                fill(
                    t(Text::AuthorityNotNotified),
                    &[("reason", &d.authority_reason)],
                )
            };
            let subjects = if d.notify_subjects {
                t(Text::SubjectsNotified).to_owned()
            } else {
                fill(
                    t(Text::SubjectsNotNotified),
                    &[("reason", &d.subjects_reason)],
                )
            };
            format!(
                "- {}: {}; {}\n- {}\n",
                t(Text::Decision),
                authority,
                subjects,
                fill(t(Text::DecidedBy), &[("at", at), ("user", user)])
            )
        }
    }
}

/// The register of incidents, as Markdown, for the processing
/// documentation an owner exports.
pub fn register_markdown(lang: Language, breaches: &[Breach]) -> String {
    let t = |text: Text| text.get(lang);
    let mut out = format!("\n## {}\n\n", t(Text::RegisterTitle));
    if breaches.is_empty() {
        out.push_str(t(Text::RegisterEmpty));
        out.push('\n');
    }
    for b in breaches {
        let f = &b.facts;
        out.push_str(&format!(
            "\n### {} {}\n\n- {}: {}\n- {}: {}\n- {}: {}\n- {}: {}\n- {}: {}\n- {}: {}\n{}",
            t(Text::RegisterNumber),
            b.id,
            t(Text::DiscoveredAt),
            f.discovered_at,
            t(Text::Nature),
            f.summary,
            t(Text::DataCategories),
            categories(lang, &f.data_categories, &f.data_other, data_category),
            t(Text::PeopleApprox),
            approx(lang, f.people_approx),
            t(Text::Consequences),
            or_not_given(lang, &f.consequences),
            t(Text::MeasuresTaken),
            or_not_given(lang, &f.measures_taken),
            decision_lines(lang, b),
        ));
    }
    out
}

/// The report as Markdown.
pub fn report_markdown(lang: Language, report: &TouchReport) -> String {
    let t = |text: Text| text.get(lang);
    let q = &report.query;
    let users = if q.users.is_empty() {
        t(Text::ReportAll).to_owned()
    } else {
        q.users.join(", ")
    };
    let contacts = if q.contacts.is_empty() {
        t(Text::ReportAll).to_owned()
    } else {
        q.contacts
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = format!(
        "## {}\n\n{}\n\n- {}: {}\n- {}: {}\n\n### {}\n\n",
        t(Text::ReportHeading),
        fill(t(Text::ReportWindow), &[("from", &q.from), ("to", &q.to)]),
        t(Text::ReportUsers),
        users,
        t(Text::ReportContacts),
        contacts,
        t(Text::ReportSummary),
    );
    if report.entries.is_empty() {
        out.push_str(t(Text::ReportNone));
        out.push('\n');
        return out;
    }
    let name = |n: &Option<String>, id: Option<i64>| match (n, id) {
        (Some(n), _) => n.clone(),
        (None, Some(id)) => format!("#{id}"),
        (None, None) => t(Text::UnknownUser).to_owned(),
    };
    for c in &report.summary {
        out.push_str(&format!(
            "- {}: {} × {}\n",
            name(&c.actor_name, c.actor_id),
            kind_name(lang, c.kind),
            c.count
        ));
    }
    let columns = t(Text::ReportColumns);
    out.push_str(&format!(
        "\n### {}\n\n| {} |\n|{}\n",
        t(Text::ReportEntries),
        columns,
        "---|".repeat(columns.split('|').count())
    ));
    for e in &report.entries {
        let a = &e.entry;
        let target = match (&a.target_type, &a.target_id) {
            (Some(k), Some(id)) => format!("{k} {id}"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | `{}` | {} | {} | {} |\n",
            a.seq,
            a.at,
            name(&a.actor_name, a.actor_id),
            kind_name(lang, e.kind),
            a.action,
            target,
            a.outcome,
            e.purpose.as_deref().unwrap_or(""),
        ));
    }
    out
}

/// An incident's whole file: its facts and decision, the report (when one
/// was produced) and both drafts.
pub fn incident_file(
    lang: Language,
    b: &Breach,
    controller: &Controller,
    report: Option<&TouchReport>,
    at: &str,
) -> String {
    let t = |text: Text| text.get(lang);
    let f = &b.facts;
    let mut out = format!(
        "# {}\n\n{}\n\n",
        fill(t(Text::FileTitle), &[("id", &b.id)]),
        crate::locale::documents::Text::DocumentLanguage.get(lang),
    );
    out.push_str(&format!(
        "- {}: {}\n- {}: {}\n- {}: {}\n",
        t(Text::DiscoveredAt),
        f.discovered_at,
        t(Text::Deadline),
        b.deadline,
        t(Text::Nature),
        f.summary
    ));
    if let Some(alert) = b.source_alert_id {
        out.push_str(&format!("- {}: {alert}\n", t(Text::SourceAlert)));
    }
    out.push_str(&decision_lines(lang, b));
    out.push_str(&format!("- {at}\n\n"));
    match report {
        Some(r) => out.push_str(&report_markdown(lang, r)),
        None => out.push_str(&format!(
            "## {}\n\n{}\n",
            t(Text::ReportHeading),
            t(Text::ReportNotYet)
        )),
    }
    out.push_str(&format!(
        "\n---\n\n<!-- {} -->\n\n{}\n---\n\n<!-- {} -->\n\n{}",
        t(Text::DraftAuthorityHeading),
        authority_notification(lang, b, controller),
        t(Text::DraftNoticeHeading),
        subjects_notice(lang, b, controller),
    ));
    out
}
