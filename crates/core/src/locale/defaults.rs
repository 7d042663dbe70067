//! The pipeline stages and purposes of processing a new vault starts with
//! (migrations 0003 and 0005 write them in English), in each language. When
//! the vault's language is set, the defaults nobody has changed take the new
//! language's wording: a stage whose name is still a default name in some
//! language, a purpose whose name and description are still a default's.
//! What users typed stays as they typed it.

use super::Language;

/// The default stages in pipeline order, each named in every language
/// (English first, as [`Language::ALL`]).
const STAGES: [[&str; 2]; 6] = [
    ["Lead", "Potențial client"],
    ["Qualified", "Calificat"],
    ["Proposal", "Ofertă"],
    ["Negotiation", "Negociere"],
    ["Won", "Câștigat"],
    ["Lost", "Pierdut"],
];

/// A default purpose's stable key and its name and description in every
/// language (English first).
struct PurposeText {
    key: &'static str,
    name: [&'static str; 2],
    description: [&'static str; 2],
}

const PURPOSES: [PurposeText; 6] = [
    PurposeText {
        key: "marketing-email",
        name: ["Marketing e-mail", "Marketing prin e-mail"],
        description: [
            "Offers and news about our products sent by e-mail.",
            "Oferte și noutăți despre produsele noastre, trimise prin e-mail.",
        ],
    },
    PurposeText {
        key: "newsletter",
        name: ["Newsletter", "Buletin informativ"],
        description: ["The periodic newsletter.", "Buletinul informativ periodic."],
    },
    PurposeText {
        key: "phone-marketing",
        name: ["Phone marketing", "Marketing telefonic"],
        description: [
            "Calls about offers and news.",
            "Apeluri despre oferte și noutăți.",
        ],
    },
    PurposeText {
        key: "profiling",
        name: ["Profiling", "Creare de profiluri"],
        description: [
            "Analysing purchases and interactions to tailor offers.",
            "Analiza achizițiilor și a interacțiunilor, pentru oferte adaptate fiecărui client.",
        ],
    },
    PurposeText {
        key: "partner-sharing",
        name: ["Sharing with partners", "Transmitere către parteneri"],
        description: [
            "Passing contact details to selected partners for their own offers.",
            "Transmiterea datelor de contact către parteneri selectați, pentru ofertele proprii ale acestora.",
        ],
    },
    PurposeText {
        key: "service-delivery",
        name: ["Service delivery", "Furnizarea serviciilor"],
        description: [
            "Providing the products and services the customer ordered, invoicing and support.",
            "Furnizarea produselor și serviciilor comandate de client, facturarea și asistența.",
        ],
    },
];

pub(super) fn column(lang: Language) -> usize {
    Language::ALL
        .iter()
        .position(|l| *l == lang)
        .unwrap_or_default()
}

/// The name stage `name` should have in `lang` when it is still a default
/// stage's name in some language (exactly as written); `None` for a name a
/// user chose, and for one already in `lang`.
pub fn default_stage_name(name: &str, lang: Language) -> Option<&'static str> {
    let names = STAGES.iter().find(|names| names.contains(&name))?;
    let new = names[column(lang)];
    (new != name).then_some(new)
}

/// The default stages' names in `lang`, in pipeline order.
pub fn default_stage_names(lang: Language) -> [&'static str; 6] {
    STAGES.map(|names| names[column(lang)])
}

/// The name and description purpose `key` should have in `lang` when both
/// are still a default's wording in some language; `None` for a purpose a
/// user added or whose text they changed, and for one already in `lang`.
pub fn default_purpose_text(
    key: &str,
    name: &str,
    description: &str,
    lang: Language,
) -> Option<(&'static str, &'static str)> {
    let text = PURPOSES.iter().find(|p| p.key == key)?;
    if !text.name.contains(&name) || !text.description.contains(&description) {
        return None;
    }
    let i = column(lang);
    let new = (text.name[i], text.description[i]);
    (new != (name, description)).then_some(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_default_stage_is_renamed_and_a_chosen_one_is_not() {
        assert_eq!(
            default_stage_name("Lead", Language::Ro),
            Some("Potențial client")
        );
        assert_eq!(default_stage_name("Câștigat", Language::En), Some("Won"));
        assert_eq!(default_stage_name("Won", Language::En), None);
        assert_eq!(default_stage_name("Demo", Language::Ro), None);
        // Exactly as written: a user's "lead" is their own.
        assert_eq!(default_stage_name("lead", Language::Ro), None);
    }

    #[test]
    fn a_purpose_is_translated_only_while_its_whole_text_is_a_default() {
        assert_eq!(
            default_purpose_text(
                "newsletter",
                "Newsletter",
                "The periodic newsletter.",
                Language::Ro
            ),
            Some(("Buletin informativ", "Buletinul informativ periodic."))
        );
        assert_eq!(
            default_purpose_text(
                "newsletter",
                "Newsletter",
                "Our monthly letter.",
                Language::Ro
            ),
            None
        );
        assert_eq!(
            default_purpose_text(
                "custom",
                "Newsletter",
                "The periodic newsletter.",
                Language::Ro
            ),
            None
        );
    }

    #[test]
    fn the_tables_have_no_cedilla_letters() {
        let all = STAGES.iter().flatten().chain(
            PURPOSES
                .iter()
                .flat_map(|p| p.name.iter().chain(&p.description)),
        );
        for text in all {
            assert!(!text.contains(['ş', 'ţ', 'Ş', 'Ţ']), "{text}");
        }
    }
}
