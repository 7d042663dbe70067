//! The wording of the documents Steward writes, in each language: the
//! processing register, the erasure certificate, the access package's cover
//! text and the header rows of the CSV exports. One table: a [`Text`] is a
//! whole sentence or label, with named placeholders (`{vault}`) that
//! [`fill`] replaces, so no sentence is built from pieces; a counted noun
//! goes through [`counted`], which knows Romanian's three plural forms.
//! What users typed (a purpose's name and description) stays as they typed
//! it.

use super::Language;

/// A sentence or label of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// The line recording the language a document was made in.
    DocumentLanguage,
    /// The register's title (a Markdown heading).
    RegisterTitle,
    /// Which vault, and when: `{vault}`, `{at}`.
    RegisterGenerated,
    /// The heading of the security measures.
    RegisterSecurityHeading,
    /// The technical and organisational measures (Art. 32).
    RegisterSecurityMeasures,
    /// The label of an activity's purpose.
    RegisterPurpose,
    /// The label of its lawful basis.
    RegisterLawfulBasis,
    /// Said after the basis when consent is collected.
    RegisterConsentRecorded,
    /// The label of the categories of data subjects.
    RegisterDataSubjects,
    /// The label of the categories of personal data.
    RegisterPersonalData,
    /// The label of the recipients.
    RegisterRecipients,
    /// The label of the time limit for erasure.
    RegisterRetention,
    /// The label of how many contacts have a valid basis today.
    RegisterContactsWithBasis,
    /// The categories of data subjects of every activity.
    RegisterDataSubjectsValue,
    /// The categories of personal data of every activity.
    RegisterDataCategoriesValue,
    /// The recipients of the partner-sharing purpose.
    RegisterRecipientsPartners,
    /// The recipients of every other purpose.
    RegisterRecipientsStaff,
    /// The heading of the controller's identity (Art. 30(1)(a)).
    RegisterControllerHeading,
    /// The label of the controller's name.
    RegisterControllerName,
    /// The label of its address.
    RegisterControllerAddress,
    /// The label of its e-mail address.
    RegisterControllerEmail,
    /// The label of its phone number.
    RegisterControllerPhone,
    /// The label of the data protection officer.
    RegisterDpo,
    /// Said when no data protection officer is named.
    RegisterNoDpo,
    /// Said when the controller's identity is not filled in.
    RegisterControllerMissing,
    /// The certificate's title.
    CertificateTitle,
    /// What was erased and when: `{at}`, `{id}`, `{list}`.
    CertificateErased,
    /// What is kept when the ledger holds fingerprints: `{ledger}`.
    CertificateKept,
    /// What is kept when it holds none.
    CertificateNothingKept,
    /// The access package's cover text.
    PackageCover,
    /// The built-in rules for customer data an owner starts from:
    /// `{contact}`, whom to tell about an incident.
    RulesTemplate,
    /// Said for `{contact}` when the vault does not know the controller's
    /// contact details yet; the owner replaces it.
    RulesContactPlaceholder,
}

impl Text {
    /// The text in `lang`.
    #[allow(clippy::too_many_lines)]
    pub fn get(self, lang: Language) -> &'static str {
        use Language::{En, Ro};
        match (self, lang) {
            (Text::DocumentLanguage, En) => "Document language: English",
            (Text::DocumentLanguage, Ro) => "Limba documentului: română",
            (Text::RegisterTitle, En) => "Record of processing activities (GDPR Art. 30)",
            (Text::RegisterTitle, Ro) => "Registrul activităților de prelucrare (RGPD, art. 30)",
            (Text::RegisterGenerated, En) => "Vault {vault}, generated {at}.",
            (Text::RegisterGenerated, Ro) => "Seiful {vault}, generat la {at}.",
            (Text::RegisterSecurityHeading, En) => "Security measures (Art. 32)",
            (Text::RegisterSecurityHeading, Ro) => "Măsuri tehnice și organizatorice (art. 32)",
            (Text::RegisterSecurityMeasures, En) => {
                "Encryption at rest of the whole vault (SQLCipher 4 with a random 256-bit key wrapped per user with Argon2id); \
role-based access with least privilege enforced in the application core; sensitive fields masked and revealed one at a time with a recorded reason; \
a tamper-evident audit log of every change, view, reveal and export; encrypted, verified, rotating backups with periodic restore drills; \
consent checked before each use by purpose."
            }
            (Text::RegisterSecurityMeasures, Ro) => {
                "Criptarea în repaus a întregului seif (SQLCipher 4, cu o cheie aleatorie de 256 de biți protejată pentru fiecare utilizator cu Argon2id); \
acces pe bază de roluri, după principiul privilegiului minim, impus în nucleul aplicației; câmpuri sensibile mascate și dezvăluite pe rând, cu un motiv înregistrat; \
un jurnal de audit care arată orice alterare a sa și înregistrează fiecare modificare, vizualizare, dezvăluire și export; copii de rezervă criptate, verificate și rotite, cu exerciții periodice de restaurare; \
consimțământul verificat înaintea fiecărei utilizări, pentru fiecare scop."
            }
            (Text::RegisterPurpose, En) => "Purpose",
            (Text::RegisterPurpose, Ro) => "Scopul prelucrării",
            (Text::RegisterLawfulBasis, En) => "Lawful basis",
            (Text::RegisterLawfulBasis, Ro) => "Temei juridic",
            (Text::RegisterConsentRecorded, En) => "(consent is recorded for each person)",
            (Text::RegisterConsentRecorded, Ro) => {
                "(consimțământul se înregistrează pentru fiecare persoană vizată)"
            }
            (Text::RegisterDataSubjects, En) => "Data subjects",
            (Text::RegisterDataSubjects, Ro) => "Categorii de persoane vizate",
            (Text::RegisterPersonalData, En) => "Personal data",
            (Text::RegisterPersonalData, Ro) => "Categorii de date cu caracter personal",
            (Text::RegisterRecipients, En) => "Recipients",
            (Text::RegisterRecipients, Ro) => "Destinatari",
            (Text::RegisterRetention, En) => "Retention",
            (Text::RegisterRetention, Ro) => "Termen de ștergere",
            (Text::RegisterContactsWithBasis, En) => "Contacts with a valid basis today",
            (Text::RegisterContactsWithBasis, Ro) => "Contacte cu temei juridic valabil astăzi",
            (Text::RegisterDataSubjectsValue, En) => {
                "customers, prospects and their contact persons"
            }
            (Text::RegisterDataSubjectsValue, Ro) => {
                "clienți, clienți potențiali și persoanele lor de contact"
            }
            (Text::RegisterDataCategoriesValue, En) => {
                "names, e-mail addresses, phone numbers, postal addresses, company and job title, tags, notes, custom fields, activities and deals; special categories and identifiers only in masked sensitive fields"
            }
            (Text::RegisterDataCategoriesValue, Ro) => {
                "nume, adrese de e-mail, numere de telefon, adrese poștale, compania și funcția, etichete, observații, câmpuri personalizate, activități și oportunități; categorii speciale de date și coduri de identificare numai în câmpuri sensibile mascate"
            }
            (Text::RegisterRecipientsPartners, En) => {
                "selected partners named in the consent form; otherwise none outside the organisation"
            }
            (Text::RegisterRecipientsPartners, Ro) => {
                "partenerii aleși, numiți în formularul de consimțământ; în rest, niciun destinatar din afara organizației"
            }
            (Text::RegisterRecipientsStaff, En) => {
                "staff of the organisation with a role that allows it; no one outside it"
            }
            (Text::RegisterRecipientsStaff, Ro) => {
                "personalul organizației al cărui rol permite accesul; niciun destinatar din afara organizației"
            }
            (Text::RegisterControllerHeading, En) => "Controller (Art. 30(1)(a))",
            (Text::RegisterControllerHeading, Ro) => "Operatorul (art. 30 alin. (1) lit. (a))",
            (Text::RegisterControllerName, En) => "Name",
            (Text::RegisterControllerName, Ro) => "Denumire",
            (Text::RegisterControllerAddress, En) => "Address",
            (Text::RegisterControllerAddress, Ro) => "Adresă",
            (Text::RegisterControllerEmail, En) => "E-mail",
            (Text::RegisterControllerEmail, Ro) => "E-mail",
            (Text::RegisterControllerPhone, En) => "Phone",
            (Text::RegisterControllerPhone, Ro) => "Telefon",
            (Text::RegisterDpo, En) => "Data protection officer",
            (Text::RegisterDpo, Ro) => "Responsabil cu protecția datelor",
            (Text::RegisterNoDpo, En) => "none designated",
            (Text::RegisterNoDpo, Ro) => "nu a fost desemnat",
            (Text::RegisterControllerMissing, En) => {
                "Not filled in: the register must name the controller and give its contact details (GDPR Art. 30(1)(a)). An owner sets them in Settings or with `steward register controller`."
            }
            (Text::RegisterControllerMissing, Ro) => {
                "Necompletat: registrul trebuie să cuprindă numele și datele de contact ale operatorului (RGPD, art. 30 alin. (1) lit. (a)). Un proprietar le poate completa în Setări sau cu `steward register controller`."
            }
            (Text::CertificateTitle, En) => "Certificate of erasure",
            (Text::CertificateTitle, Ro) => "Certificat de ștergere",
            (Text::CertificateErased, En) => {
                "On {at} (UTC) the personal data held on you in this Steward vault (record {id}) was erased: {list}.\n\
Search entries were removed with it."
            }
            (Text::CertificateErased, Ro) => {
                "La {at} (UTC), datele cu caracter personal deținute despre dumneavoastră în acest seif Steward (înregistrarea {id}) au fost șterse: {list}.\n\
Intrările de căutare au fost eliminate odată cu ele."
            }
            (Text::CertificateKept, En) => {
                "Your e-mail addresses and phone numbers are kept only as {ledger} one-way keyed fingerprints, so \
that we recognise and do not re-import you; they cannot be turned back into the addresses. \
Encrypted backups made before this date still hold the data until they are rotated away; \
restoring one over this vault re-applies this erasure."
            }
            (Text::CertificateKept, Ro) => {
                "Adresele dumneavoastră de e-mail și numerele de telefon sunt păstrate doar ca amprente ireversibile, calculate cu o cheie \
(în total: {ledger}), pentru ca datele dumneavoastră să fie recunoscute și să nu fie importate din nou; din amprente nu se pot reface adresele. \
Copiile de rezervă criptate făcute înainte de această dată mai conțin datele până când sunt eliminate prin rotație; \
restaurarea uneia peste acest seif aplică din nou această ștergere."
            }
            (Text::CertificateNothingKept, En) => {
                "We held no e-mail address or phone number for you, so nothing about you is kept, not even a \
fingerprint; we therefore cannot recognise you if your data reaches us again. Encrypted backups made \
before this date still hold the data until they are rotated away; restoring one over this vault \
would bring this record back, and it would have to be erased again."
            }
            (Text::CertificateNothingKept, Ro) => {
                "Nu dețineam nicio adresă de e-mail și niciun număr de telefon ale dumneavoastră, așa că nu se păstrează nimic despre dumneavoastră, \
nici măcar o amprentă; de aceea nu vă putem recunoaște dacă datele dumneavoastră ajung din nou la noi. Copiile de rezervă criptate făcute \
înainte de această dată mai conțin datele până când sunt eliminate prin rotație; restaurarea uneia peste acest seif \
ar readuce această înregistrare, care ar trebui ștearsă din nou."
            }
            (Text::PackageCover, En) => {
                "Everything this Steward vault holds on you, as you asked under Articles 15 and 20 of the GDPR (the right of access and the right to data portability), \
in a structured, machine-readable form (JSON): your record with every field, your company, deals, activities, tasks, \
your consent history with its evidence, your requests, and who viewed, changed or exported your data and when."
            }
            (Text::PackageCover, Ro) => {
                "Toate datele pe care acest seif Steward le deține despre dumneavoastră, așa cum ați solicitat în temeiul articolelor 15 și 20 din RGPD (dreptul de acces și dreptul la portabilitatea datelor), \
într-un format structurat, care poate fi citit automat (JSON): înregistrarea dumneavoastră cu toate câmpurile, compania, oportunitățile, activitățile, sarcinile, \
istoricul consimțământului cu dovezile sale, cererile dumneavoastră și cine a vizualizat, a modificat sau a exportat datele dumneavoastră și când."
            }
            (Text::RulesTemplate, En) => "Rules for using customer data

1. Use customer data only for the work it was collected for. Look up, change and export only what your task needs. Everything you do in Steward is recorded in a tamper-evident audit log: who opened, changed, revealed or exported what, and when.

2. Exports. Export or print customer data only for a purpose you can name, and only as much as the purpose needs. A mailing list is built for one purpose and leaves out the people who have not consented or have objected. Every export is recorded with its size; a large export asks for your password again, and one above the company's limit is refused. Keep exported files on company devices only and delete them when the work is done.

3. Sensitive fields (date of birth, national identification number, special-category notes) stay masked. Reveal one only when your task needs it, and give the reason when Steward asks; the reason is recorded. Never write a customer's name or e-mail address in a reason.

4. Alerts. Steward warns the owners and administrators when something looks unusual: many failed sign-ins, many or large exports, many records opened or deleted in a short time, many sensitive fields revealed, a sign-in outside working hours, a role or the security policy changed, the recovery key used, a backup restored. An alert is not an accusation: the owner checks it and acknowledges it. When a rule locks your session, unlock again and tell the owner what you were doing.

5. Incidents. If customer data may have been lost, stolen, sent to the wrong person or seen by someone who should not have seen it — a lost laptop, a wrong e-mail, a stranger at your screen — tell {contact} at once, even outside working hours. The company has 72 hours to notify the supervisory authority, so minutes count. Do not try to fix it alone and do not delete anything.

6. Your account is yours alone. Do not share your password, lock the vault when you leave your computer, and let Steward remember only computers the company gave you.

By accepting these rules you confirm that you have read them and will follow them. You will be asked to read them again when they change and once a year.",
            (Text::RulesTemplate, Ro) => "Reguli pentru utilizarea datelor clienților

1. Folosiți datele clienților numai pentru activitatea pentru care au fost colectate. Căutați, modificați și exportați doar ce vă cere sarcina. Tot ce faceți în Steward este înregistrat într-un jurnal de audit care arată orice alterare: cine a deschis, a modificat, a dezvăluit sau a exportat ce și când.

2. Exporturi. Exportați sau tipăriți datele clienților numai pentru un scop pe care îl puteți numi și numai cât cere scopul. O listă de corespondență se face pentru un singur scop și îi lasă deoparte pe cei care nu și-au dat consimțământul sau s-au opus. Fiecare export este înregistrat cu dimensiunea lui; un export mare vă cere din nou parola, iar unul peste limita stabilită de companie este refuzat. Păstrați fișierele exportate numai pe dispozitivele companiei și ștergeți-le când ați terminat lucrul.

3. Câmpurile sensibile (data nașterii, codul numeric personal, notele despre categoriile speciale de date) rămân mascate. Dezvăluiți unul numai când sarcina o cere și dați motivul când Steward vi-l cere; motivul este înregistrat. Nu scrieți niciodată numele sau adresa de e-mail a unui client într-un motiv.

4. Alerte. Steward îi avertizează pe proprietari și pe administratori când ceva pare neobișnuit: multe autentificări eșuate, exporturi multe sau mari, multe înregistrări deschise sau șterse în scurt timp, multe câmpuri sensibile dezvăluite, o autentificare în afara programului de lucru, un rol sau politica de securitate schimbate, cheia de recuperare folosită, o copie de rezervă restaurată. O alertă nu este o acuzație: proprietarul o verifică și o confirmă. Când o regulă vă blochează sesiunea, deblocați din nou și spuneți-i proprietarului ce făceați.

5. Incidente. Dacă date ale clienților ar fi putut fi pierdute, furate, trimise cui nu trebuia sau văzute de cineva care nu avea dreptul — un laptop pierdut, un e-mail greșit, un străin la ecranul dumneavoastră — anunțați-l imediat pe {contact}, chiar și în afara programului. Operatorul are la dispoziție 72 de ore pentru a notifica încălcarea securității datelor cu caracter personal autorității de supraveghere (ANSPDCP), așa că fiecare minut contează. Nu încercați să rezolvați singuri și nu ștergeți nimic.

6. Contul dumneavoastră este numai al dumneavoastră. Nu vă împărtășiți parola, blocați seiful când plecați de la calculator și lăsați Steward să rețină numai calculatoarele primite de la companie.

Acceptând aceste reguli, confirmați că le-ați citit și că le veți respecta. Vi se va cere să le citiți din nou când se schimbă și o dată pe an.",
            (Text::RulesContactPlaceholder, En) => "[the owner: name, phone, e-mail]",
            (Text::RulesContactPlaceholder, Ro) => "[proprietarul: nume, telefon, e-mail]",
        }
    }
}

/// `template` with each `{name}` replaced by its value, in one pass: a
/// value is never read as a template itself. A placeholder with no value
/// is left as it is.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(&v.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A noun that documents count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    /// A contact record.
    Contact,
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
    /// A deal.
    Deal,
    /// An activity.
    Activity,
    /// A task.
    Task,
    /// A consent record.
    ConsentRecord,
    /// An attached file.
    File,
    /// A day.
    Day,
    /// A task's reminder.
    Reminder,
    /// A character of text.
    Character,
    /// A value of a field that holds several.
    Value,
}

impl Noun {
    /// English's `one` and `other`; Romanian's `one`, `few` and `other`
    /// (CLDR: `few` for 0 and for 2–19 after the hundreds, `other`, with
    /// „de”, from 20 on).
    fn forms(self, lang: Language) -> (&'static str, &'static str, &'static str) {
        use Language::{En, Ro};
        match (self, lang) {
            (Noun::Contact, En) => ("contact", "contacts", "contacts"),
            (Noun::Contact, Ro) => ("fișă de contact", "fișe de contact", "de fișe de contact"),
            (Noun::Email, En) => ("e-mail address", "e-mail addresses", "e-mail addresses"),
            (Noun::Email, Ro) => (
                "adresă de e-mail",
                "adrese de e-mail",
                "de adrese de e-mail",
            ),
            (Noun::Phone, En) => ("phone number", "phone numbers", "phone numbers"),
            (Noun::Phone, Ro) => (
                "număr de telefon",
                "numere de telefon",
                "de numere de telefon",
            ),
            (Noun::Deal, En) => ("deal", "deals", "deals"),
            (Noun::Deal, Ro) => ("oportunitate", "oportunități", "de oportunități"),
            (Noun::Activity, En) => ("activity", "activities", "activities"),
            (Noun::Activity, Ro) => ("activitate", "activități", "de activități"),
            (Noun::Task, En) => ("task", "tasks", "tasks"),
            (Noun::Task, Ro) => ("sarcină", "sarcini", "de sarcini"),
            (Noun::ConsentRecord, En) => ("consent record", "consent records", "consent records"),
            (Noun::ConsentRecord, Ro) => (
                "înregistrare de consimțământ",
                "înregistrări de consimțământ",
                "de înregistrări de consimțământ",
            ),
            (Noun::File, En) => ("file", "files", "files"),
            (Noun::File, Ro) => ("fișier", "fișiere", "de fișiere"),
            (Noun::Day, En) => ("day", "days", "days"),
            (Noun::Day, Ro) => ("zi", "zile", "de zile"),
            (Noun::Reminder, En) => ("reminder", "reminders", "reminders"),
            (Noun::Reminder, Ro) => ("memento", "mementouri", "de mementouri"),
            (Noun::Character, En) => ("character", "characters", "characters"),
            (Noun::Character, Ro) => ("caracter", "caractere", "de caractere"),
            (Noun::Value, En) => ("value", "values", "values"),
            (Noun::Value, Ro) => ("valoare", "valori", "de valori"),
        }
    }
}

/// `n` and the noun in the form the number takes: `2 tasks`, `2 sarcini`,
/// `20 de sarcini`.
pub fn counted(lang: Language, n: u64, noun: Noun) -> String {
    let (one, few, other) = noun.forms(lang);
    let form = match lang {
        Language::En => {
            if n == 1 {
                one
            } else {
                other
            }
        }
        Language::Ro => {
            let rest = n % 100;
            if n == 1 {
                one
            } else if n == 0 || (1..=19).contains(&rest) {
                few
            } else {
                other
            }
        }
    };
    format!("{n} {form}")
}

/// The name of a lawful basis (its stable key, as `LawfulBasis::as_str`
/// gives it) in `lang`; an unknown key is returned as it is.
pub fn lawful_basis(lang: Language, key: &str) -> &str {
    match (lang, key) {
        (Language::Ro, "consent") => "consimțământul persoanei vizate",
        (Language::Ro, "contract") => "executarea unui contract",
        (Language::Ro, "legal-obligation") => "obligație legală",
        (Language::Ro, "vital-interests") => "interese vitale",
        (Language::Ro, "public-task") => "sarcină de interes public",
        (Language::Ro, "legitimate-interests") => "interes legitim",
        _ => key,
    }
}

/// The header row of a contacts CSV export: as many names as the export
/// has fixed columns, each recognised by Steward's own import.
pub const fn contacts_csv_header(lang: Language) -> [&'static str; 18] {
    match lang {
        Language::En => [
            "Name",
            "Email",
            "Email 2",
            "Email 3",
            "Phone",
            "Phone 2",
            "Phone 3",
            "Company",
            "Title",
            "Street",
            "City",
            "Postal Code",
            "Region",
            "Country",
            "Tags",
            "Notes",
            "Source",
            "Steward ID",
        ],
        Language::Ro => [
            "Nume",
            "E-mail",
            "E-mail 2",
            "E-mail 3",
            "Telefon",
            "Telefon 2",
            "Telefon 3",
            "Companie",
            "Funcție",
            "Adresă",
            "Localitate",
            "Cod poștal",
            "Județ",
            "Țară",
            "Etichete",
            "Observații",
            "Sursă",
            "ID Steward",
        ],
    }
}

/// The last column's header of an import's rejected rows (CSV), which holds
/// why each row was rejected.
pub const fn rejected_rows_reason(lang: Language) -> &'static str {
    match lang {
        Language::En => "Reason",
        Language::Ro => "Motiv",
    }
}

/// Why an import rejected a record, for the last column of its rejected
/// rows: the note's stable `code` (`no-name`, `name-too-long`, …, as
/// `interchange::RowNote` has it) said in `lang` with its values, which
/// `param` gives (`field` as the import names it, `length`, `limit`).
/// `None` in English, where core's own sentence says it (and says more of
/// a custom field's own check), and for a code this table does not know.
pub fn rejected_row_reason(
    lang: Language,
    code: &str,
    param: &dyn Fn(&str) -> String,
) -> Option<String> {
    let number = |key: &str| param(key).parse::<u64>().unwrap_or_default();
    let field = || import_field_name(lang, &param("field")).to_owned();
    let sentence = match (lang, code) {
        (Language::En, _) => return None,
        (Language::Ro, "no-name") => "un contact are nevoie de un nume".to_owned(),
        (Language::Ro, "name-multiline") => "numele trebuie să fie pe un singur rând".to_owned(),
        (Language::Ro, "name-too-long") => fill(
            "numele are {length}; limita este {limit}",
            &[
                ("length", &counted(lang, number("length"), Noun::Character)),
                ("limit", &number("limit")),
            ],
        ),
        (Language::Ro, "value-too-long") => fill(
            "câmpul „{field}” are {length}; limita este {limit}",
            &[
                ("field", &field()),
                ("length", &counted(lang, number("length"), Noun::Character)),
                ("limit", &number("limit")),
            ],
        ),
        (Language::Ro, "control-characters") => fill(
            "câmpul „{field}” conține caractere de control",
            &[("field", &field())],
        ),
        (Language::Ro, "too-many-values") => fill(
            "un contact poate avea cel mult {limit} în câmpul „{field}”",
            &[
                ("limit", &counted(lang, number("limit"), Noun::Value)),
                ("field", &field()),
            ],
        ),
        (Language::Ro, "invalid-value") if !param("field").is_empty() => fill(
            "valoarea câmpului „{field}” nu este validă",
            &[("field", &field())],
        ),
        (Language::Ro, "invalid-value") => "o valoare nu este validă".to_owned(),
        (Language::Ro, _) => return None,
    };
    Some(sentence)
}

/// A contact field by the name the import gives it (`email`,
/// `postal-code`), in `lang`, as the CSV export's headers name it; any
/// other name (a custom field's label) as it is.
pub fn import_field_name(lang: Language, field: &str) -> &str {
    let header = |i: usize| contacts_csv_header(lang)[i];
    match field {
        "name" => header(0),
        "email" => header(1),
        "phone" => header(4),
        "company" => header(7),
        "title" => header(8),
        "street" => header(9),
        "city" => header(10),
        "postal-code" => header(11),
        "region" => header(12),
        "country" => header(13),
        "tags" => header(14),
        "notes" => header(15),
        "source" => header(16),
        other => other,
    }
}

/// Where a rejected vCard was in its file (`card 3`), for the first column
/// of the rejected cards: `fișa 3` in Romanian. Any other place as it is.
pub fn card_place(lang: Language, place: &str) -> String {
    match (lang, place.strip_prefix("card ")) {
        (Language::Ro, Some(n)) => format!("fișa {n}"),
        _ => place.to_owned(),
    }
}

/// The subject an imported e-mail without one is stored with, in the
/// vault's language.
pub const fn no_subject(lang: Language) -> &'static str {
    match lang {
        Language::En => "(no subject)",
        Language::Ro => "(fără subiect)",
    }
}

/// The header row of an import's rejected vCards, as a CSV file.
pub const fn rejected_cards_header(lang: Language) -> [&'static str; 5] {
    match lang {
        Language::En => ["Card", "Name", "E-mail", "Phone", "Reason"],
        Language::Ro => ["Fișă", "Nume", "E-mail", "Telefon", "Motiv"],
    }
}

/// The header row of the audit log's CSV export.
pub fn audit_csv_header(lang: Language) -> [&'static str; 10] {
    match lang {
        Language::En => [
            "seq",
            "at",
            "actor_id",
            "actor",
            "action",
            "target_type",
            "target_id",
            "outcome",
            "details",
            "hash",
        ],
        Language::Ro => [
            "Nr.",
            "Data și ora",
            "ID utilizator",
            "Utilizator",
            "Acțiune",
            "Tip obiect",
            "ID obiect",
            "Rezultat",
            "Detalii",
            "Amprentă",
        ],
    }
}

/// The two columns an export of the team's shared audit chain adds: whose
/// change set carried the entry, and from which replica.
pub const fn team_audit_csv_columns(lang: Language) -> [&'static str; 2] {
    match lang {
        Language::En => ["author", "replica"],
        Language::Ro => ["Autor", "Replică"],
    }
}

/// The header row of an access review's CSV report.
pub const fn review_csv_header(lang: Language) -> [&'static str; 22] {
    match lang {
        Language::En => [
            "Review",
            "Started",
            "Started by",
            "Window from",
            "Closed",
            "Closed by",
            "User",
            "Role",
            "Disabled",
            "Last unlock",
            "Remembered computers",
            "Views",
            "Reveals",
            "Exports",
            "Deletions",
            "Imports",
            "Role changes",
            "Dormant",
            "Suggested role",
            "Decision",
            "Decided by",
            "Decided at",
        ],
        Language::Ro => [
            "Revizuire",
            "Începută la",
            "Începută de",
            "Perioada de la",
            "Încheiată la",
            "Încheiată de",
            "Utilizator",
            "Rol",
            "Dezactivat",
            "Ultima deblocare",
            "Calculatoare care îl rețin",
            "Vizualizări",
            "Dezvăluiri",
            "Exporturi",
            "Ștergeri",
            "Importuri",
            "Schimbări de rol",
            "Inactiv",
            "Rol sugerat",
            "Decizie",
            "Decisă de",
            "Decisă la",
        ],
    }
}

/// "Yes" and "no" in a document.
pub const fn yes_no(lang: Language, value: bool) -> &'static str {
    match (lang, value) {
        (Language::En, true) => "yes",
        (Language::En, false) => "no",
        (Language::Ro, true) => "da",
        (Language::Ro, false) => "nu",
    }
}

/// A role's name in a document.
pub fn role_name(lang: Language, role: crate::auth::Role) -> &'static str {
    use crate::auth::Role;
    match (lang, role) {
        (Language::En, r) => r.as_str(),
        (Language::Ro, Role::Owner) => "proprietar",
        (Language::Ro, Role::Admin) => "administrator",
        (Language::Ro, Role::Manager) => "manager",
        (Language::Ro, Role::Agent) => "agent",
        (Language::Ro, Role::Auditor) => "auditor",
        (Language::Ro, Role::Viewer) => "vizualizator",
    }
}

/// An access review's decision in its report (`None`: no decision, the
/// user keeps everything); a new role is named after it.
pub fn review_decision(lang: Language, decision: Option<&str>) -> &'static str {
    match (lang, decision) {
        (Language::En, Some("keep")) => "keep",
        (Language::En, Some("role")) => "change role to",
        (Language::En, Some("forget-devices")) => "forget remembered computers",
        (Language::En, Some("disable")) => "disable",
        (Language::En, _) => "no decision (kept)",
        (Language::Ro, Some("keep")) => "păstrare",
        (Language::Ro, Some("role")) => "schimbarea rolului în",
        (Language::Ro, Some("forget-devices")) => "uitarea calculatoarelor care îl rețin",
        (Language::Ro, Some("disable")) => "dezactivare",
        (Language::Ro, _) => "fără decizie (păstrat)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanian_counts_take_their_three_forms() {
        let ro = |n| counted(Language::Ro, n, Noun::Task);
        assert_eq!(ro(1), "1 sarcină");
        assert_eq!(ro(2), "2 sarcini");
        assert_eq!(ro(19), "19 sarcini");
        assert_eq!(ro(20), "20 de sarcini");
        assert_eq!(ro(101), "101 sarcini");
        assert_eq!(ro(120), "120 de sarcini");
        assert_eq!(counted(Language::En, 1, Noun::Activity), "1 activity");
        assert_eq!(counted(Language::En, 2, Noun::Activity), "2 activities");
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        let text = fill(
            Text::RegisterGenerated.get(Language::Ro),
            &[("vault", &"v-1"), ("at", &"2026-12-06")],
        );
        assert_eq!(text, "Seiful v-1, generat la 2026-12-06.");
        // A value holding a placeholder stays as it is; an unknown one too.
        assert_eq!(
            fill("{a} {b} {c}", &[("a", &"{b}"), ("b", &2)]),
            "{b} 2 {c}"
        );
    }

    #[test]
    fn a_rejected_row_is_said_in_romanian_with_its_values() {
        let params = |p: &'static [(&'static str, &'static str)]| {
            move |key: &str| {
                p.iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| (*v).to_owned())
                    .unwrap_or_default()
            }
        };
        let ro = |code, p| rejected_row_reason(Language::Ro, code, &params(p));
        assert_eq!(
            ro("name-too-long", &[("length", "320"), ("limit", "300")]).as_deref(),
            Some("numele are 320 de caractere; limita este 300")
        );
        assert_eq!(
            ro(
                "value-too-long",
                &[("field", "postal-code"), ("length", "19"), ("limit", "16")]
            )
            .as_deref(),
            Some("câmpul „Cod poștal” are 19 caractere; limita este 16")
        );
        assert_eq!(
            ro("too-many-values", &[("field", "email"), ("limit", "50")]).as_deref(),
            Some("un contact poate avea cel mult 50 de valori în câmpul „E-mail”")
        );
        assert_eq!(
            ro("control-characters", &[("field", "Membership no.")]).as_deref(),
            Some("câmpul „Membership no.” conține caractere de control")
        );
        assert_eq!(
            ro("no-name", &[]).as_deref(),
            Some("un contact are nevoie de un nume")
        );
        assert_eq!(
            ro("invalid-value", &[("field", "Mărime")]).as_deref(),
            Some("valoarea câmpului „Mărime” nu este validă")
        );
        assert_eq!(
            ro("invalid-value", &[]).as_deref(),
            Some("o valoare nu este validă")
        );
        assert_eq!(ro("some-new-code", &[]), None);
        assert_eq!(
            rejected_row_reason(Language::En, "no-name", &params(&[])),
            None
        );
        assert_eq!(card_place(Language::Ro, "card 3"), "fișa 3");
        assert_eq!(card_place(Language::En, "card 3"), "card 3");
    }

    #[test]
    fn no_romanian_text_has_a_cedilla() {
        let all = [
            Text::DocumentLanguage,
            Text::RegisterTitle,
            Text::RegisterSecurityMeasures,
            Text::RegisterDataCategoriesValue,
            Text::CertificateKept,
            Text::CertificateNothingKept,
            Text::PackageCover,
            Text::RulesTemplate,
            Text::RulesContactPlaceholder,
        ];
        for t in all {
            let s = t.get(Language::Ro);
            assert!(!s.contains(['ş', 'ţ', 'Ş', 'Ţ']), "{t:?}: {s}");
        }
        assert!(
            contacts_csv_header(Language::Ro)
                .iter()
                .all(|h| !h.contains(['ş', 'ţ']))
        );
    }
}
