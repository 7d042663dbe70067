//! The sample business's words in each language: the companies' notes and
//! countries, the contacts' job titles, notes and tags, the deals' names,
//! the tasks' titles, the activities' subjects and notes, and the few
//! phrases it records as evidence or reasons. `sample.rs` writes its
//! tables in English and says each text in the vault's language through
//! [`sample_text`], so a Romanian vault's sample business is Romanian.
//! People's and companies' names, e-mail addresses, cities and what a
//! French contact wrote in French are the same in every language.

use super::Language;
use super::defaults::column;

/// Each text in every language, English first (as [`Language::ALL`]).
/// Romanian job titles take the person's gender where the title is one
/// person's; a title shared by several people takes the common form.
const WORDS: &[[&str; 2]] = &[
    // Companies: notes.
    [
        "Organic orchards; buys packaging every spring.",
        "Livezi ecologice; cumpără ambalaje în fiecare primăvară.",
    ],
    [
        "Family bakery with four shops.",
        "Brutărie de familie cu patru magazine.",
    ],
    [
        "Custom furniture; slow to decide, loyal once they do.",
        "Mobilă la comandă; se hotărăsc greu, dar apoi rămân fideli.",
    ],
    [
        "Met at the Leeds trade fair.",
        "Cunoscuți la târgul comercial din Leeds.",
    ],
    [
        "Wine importer; asks for French invoices.",
        "Importator de vinuri; cere facturi în franceză.",
    ],
    ["Signed up through the website.", "S-au înscris prin site."],
    // Companies: countries.
    ["Romania", "România"],
    ["United Kingdom", "Regatul Unit"],
    ["France", "Franța"],
    ["Finland", "Finlanda"],
    // Contacts: job titles.
    ["Managing director", "Director general"],
    ["Purchasing", "Achiziții"],
    ["Accountant", "Contabilă"],
    ["Owner", "Proprietar"],
    ["Shop manager", "Manager de magazin"],
    ["Production manager", "Șef de producție"],
    ["Sales", "Vânzări"],
    ["Designer", "Designer"],
    ["Fleet manager", "Responsabil cu flota auto"],
    ["Finance director", "Director financiar"],
    ["Buyer", "Responsabil cu achizițiile"],
    ["Operations", "Operațiuni"],
    ["Director", "Director"],
    ["Logistics", "Logistică"],
    ["Gérante", "Gérante"],
    ["Achats", "Achats"],
    ["Founder", "Fondator"],
    ["Project lead", "Coordonatoare de proiect"],
    ["Head baker", "Brutar-șef"],
    ["Consultant", "Consultant"],
    ["Freelance designer", "Designer independent"],
    ["Teacher", "Profesoară"],
    ["Architect", "Arhitectă"],
    ["Event planner", "Organizatoare de evenimente"],
    ["Pharmacist", "Farmacistă"],
    ["Importer", "Importator"],
    ["Lawyer", "Avocată"],
    ["Builder", "Constructor"],
    ["Photographer", "Fotograf"],
    ["Translator", "Traducătoare"],
    // Contacts: notes.
    [
        "Decides alone; prefers a call to an e-mail.",
        "Decide singură; preferă un telefon în locul unui e-mail.",
    ],
    [
        "Sends the invoices back when the VAT code is missing.",
        "Trimite facturile înapoi când lipsește codul de TVA.",
    ],
    [
        "Fourth shop opens in spring.",
        "Al patrulea magazin se deschide în primăvară.",
    ],
    [
        "Asked for samples of the heavy cloth.",
        "A cerut mostre din stofa groasă.",
    ],
    [
        "Third generation; the shop opened in 1962.",
        "A treia generație; atelierul s-a deschis în 1962.",
    ],
    ["Tender in the autumn.", "Licitație în toamnă."],
    [
        "Wants a quote for Q3.",
        "Vrea o ofertă pentru trimestrul al III-lea.",
    ],
    [
        "Back from leave in the second week of the month.",
        "Revine din concediu în a doua săptămână a lunii.",
    ],
    [
        "Writes in French; answers within the day.",
        "Scrie în franceză; răspunde în aceeași zi.",
    ],
    [
        "Asked about the consulting package.",
        "A întrebat de pachetul de consultanță.",
    ],
    [
        "Brings in two or three clients a year.",
        "Aduce doi-trei clienți pe an.",
    ],
    [
        "Called about the newsletter offer.",
        "A sunat în legătură cu oferta din buletinul informativ.",
    ],
    [
        "Met at the Brașov design fair.",
        "Cunoscută la târgul de design de la Brașov.",
    ],
    [
        "Asked for his data to be sent to him.",
        "A cerut să i se trimită datele sale.",
    ],
    ["Follow up after the demo.", "De revenit după demonstrație."],
    [
        "Renewal due in November.",
        "Contractul se reînnoiește în noiembrie.",
    ],
    [
        "Prefers phone calls in the morning.",
        "Preferă să fie sunat dimineața.",
    ],
    // Contacts: tags.
    ["client", "client"],
    ["vip", "vip"],
    ["lead", "prospect"],
    ["partner", "partener"],
    ["newsletter", "buletin informativ"],
    // Deals.
    [
        "Packaging for the spring harvest",
        "Ambalaje pentru recolta de primăvară",
    ],
    ["Heavy cloth samples", "Mostre de stofă groasă"],
    ["Consulting package", "Pachet de consultanță"],
    [
        "Fourth shop fit-out",
        "Amenajarea celui de-al patrulea magazin",
    ],
    [
        "Fleet tracking pilot",
        "Proiect-pilot de monitorizare a flotei",
    ],
    ["Showroom chairs", "Scaune pentru sala de expoziție"],
    ["Q3 order", "Comanda pe trimestrul al III-lea"],
    [
        "Wine labels, autumn range",
        "Etichete de vin, gama de toamnă",
    ],
    ["Warehouse shelving", "Rafturi pentru depozit"],
    [
        "Orchard packaging, second year",
        "Ambalaje pentru livadă, al doilea an",
    ],
    ["Bakery website", "Site pentru brutărie"],
    [
        "Office furniture for the studio",
        "Mobilier de birou pentru studio",
    ],
    [
        "chose a cheaper local supplier",
        "a ales un furnizor local mai ieftin",
    ],
    // Tasks.
    [
        "Call Ana-Maria about the spring order",
        "Telefon Anei-Maria despre comanda de primăvară",
    ],
    [
        "Send the revised quote for the Q3 order",
        "Trimiterea ofertei revizuite pentru comanda pe trimestrul al III-lea",
    ],
    [
        "Chase the signed contract for the wine labels",
        "Urmărirea contractului semnat pentru etichetele de vin",
    ],
    [
        "Reply to Tudor Anghel's access request",
        "Răspuns la cererea de acces a lui Tudor Anghel",
    ],
    [
        "Meeting: showroom chairs with Gheorghe Bârsan",
        "Întâlnire: scaunele pentru sala de expoziție, cu Gheorghe Bârsan",
    ],
    [
        "Meeting: fleet tracking pilot review",
        "Întâlnire: evaluarea proiectului-pilot de monitorizare a flotei",
    ],
    [
        "Prepare samples of the heavy cloth",
        "Pregătirea mostrelor de stofă groasă",
    ],
    [
        "Invoice Maison Lefèvre for the labels deposit",
        "Facturarea avansului pentru etichete către Maison Lefèvre",
    ],
    [
        "Tidy up the newsletter list",
        "Actualizarea listei pentru buletinul informativ",
    ],
    // Activities: subjects and notes.
    ["Visit to the orchards", "Vizită la livezi"],
    [
        "Walked the packing line; they need 20% more crates this year.",
        "Am văzut linia de ambalare; anul acesta au nevoie de 20% mai multe lăzi.",
    ],
    ["Spring order timing", "Calendarul comenzii de primăvară"],
    [
        "Order in three deliveries, first one in March.",
        "Comanda vine în trei livrări, prima în martie.",
    ],
    ["Quote sent", "Ofertă trimisă"],
    [
        "Quote for the fourth shop fit-out, valid 30 days.",
        "Oferta pentru amenajarea celui de-al patrulea magazin, valabilă 30 de zile.",
    ],
    ["Showroom walk-through", "Vizită în sala de expoziție"],
    [
        "Gheorghe wants oak, not beech.",
        "Gheorghe vrea stejar, nu fag.",
    ],
    ["Budget approved", "Buget aprobat"],
    [
        "Their board approved the pilot budget.",
        "Consiliul lor de administrație a aprobat bugetul proiectului-pilot.",
    ],
    ["Label proofs", "Probe pentru etichete"],
    [
        "Camille asked for a second proof in matt paper.",
        "Camille a cerut o a doua probă pe hârtie mată.",
    ],
    ["Thank-you note", "Mesaj de mulțumire"],
    [
        "Thanked them for the order; delivery next month.",
        "Le-am mulțumit pentru comandă; livrarea, luna viitoare.",
    ],
    [
        "Lost to a local supplier",
        "Pierdută în favoarea unui furnizor local",
    ],
    [
        "Price was the reason; keep in touch for next year.",
        "Motivul a fost prețul; păstrăm legătura pentru anul viitor.",
    ],
    [
        "Intro call with Kuusi Design",
        "Prima discuție cu Kuusi Design",
    ],
    [
        "Eero wants a two-day workshop.",
        "Eero vrea un atelier de lucru de două zile.",
    ],
    ["Warehouse visit booked", "Vizită la depozit programată"],
    [
        "Chen will show the site next Tuesday.",
        "Chen ne arată depozitul marțea viitoare.",
    ],
    // What the sample records as a contact's source, a consent's evidence
    // and a withdrawal's note.
    ["sample data", "date de exemplu"],
    [
        "asked to stop by e-mail",
        "a cerut prin e-mail să nu mai primească mesaje",
    ],
];

/// `english`, one of the sample business's texts, in `lang`; `None` for a
/// text the table does not have (the sample's own test lists every one).
pub fn sample_text(english: &str, lang: Language) -> Option<&'static str> {
    let words = WORDS.iter().find(|words| words[0] == english)?;
    Some(words[column(lang)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_said_in_the_language_asked_for() {
        assert_eq!(
            sample_text("Project lead", Language::Ro),
            Some("Coordonatoare de proiect")
        );
        assert_eq!(
            sample_text("Project lead", Language::En),
            Some("Project lead")
        );
        assert_eq!(sample_text("Ana-Maria Popescu", Language::Ro), None);
    }

    #[test]
    fn each_english_text_is_there_once_and_no_romanian_has_a_cedilla() {
        for (i, words) in WORDS.iter().enumerate() {
            assert!(
                WORDS[..i].iter().all(|w| w[0] != words[0]),
                "{} twice",
                words[0]
            );
            assert!(!words[1].contains(['ş', 'ţ', 'Ş', 'Ţ']), "{}", words[1]);
        }
    }
}
