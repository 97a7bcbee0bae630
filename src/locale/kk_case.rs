//! Kazakh case endings after a figure: `6-дан`, `7-ден`, `10-нан`, `4 495-ке`.
//!
//! A Kazakh ending is chosen by the sound of the word it follows, and a figure is read as
//! words: its ending follows the last word read aloud (`6` is «алты» → `6-дан`, `7` is
//! «жеті» → `7-ден`, `10` is «он» → `10-нан`, `6,21` is «…жиырма бір» → `6,21-ден`). A
//! figure printed with a percent sign is read «… пайыз», so its ending follows «пайыз»
//! whatever the number. CLDR has no such rule (it is not a plural), so it is written here:
//! vowel harmony (back or front) and the last sound (vowel, sonorant, voiced, nasal,
//! voiceless) of each of the 23 words a figure can end with.

/// A grammatical case a template asks for (`case="ablative"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    Genitive,
    Dative,
    Accusative,
    Locative,
    Ablative,
    Instrumental,
    /// Not a case but written the same way: the ordinal `6-шы`, `7-ші` («алтыншы»).
    Ordinal,
}

impl Case {
    pub(crate) const ALL: [Case; 7] = [
        Case::Genitive,
        Case::Dative,
        Case::Accusative,
        Case::Locative,
        Case::Ablative,
        Case::Instrumental,
        Case::Ordinal,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Case::Genitive => "genitive",
            Case::Dative => "dative",
            Case::Accusative => "accusative",
            Case::Locative => "locative",
            Case::Ablative => "ablative",
            Case::Instrumental => "instrumental",
            Case::Ordinal => "ordinal",
        }
    }

    pub(crate) fn parse(name: &str) -> Option<Case> {
        Case::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// How a word ends, which decides the ending's first consonant.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sound {
    Vowel,
    /// р, л, й, у
    Sonorant,
    /// з, ж
    Voiced,
    /// м, н, ң
    Nasal,
    Voiceless,
}

/// The words a figure can end with when read: (word, back vowels, last sound).
fn word(last: &str) -> (bool, Sound) {
    use Sound::*;
    match last {
        "нөл" => (false, Sonorant),
        "бір" => (false, Sonorant),
        "екі" => (false, Vowel),
        "үш" => (false, Voiceless),
        "төрт" => (false, Voiceless),
        "бес" => (false, Voiceless),
        "алты" => (true, Vowel),
        "жеті" => (false, Vowel),
        "сегіз" => (false, Voiced),
        "тоғыз" => (true, Voiced),
        "он" => (true, Nasal),
        "жиырма" => (true, Vowel),
        "отыз" => (true, Voiced),
        "қырық" => (true, Voiceless),
        "елу" => (false, Sonorant),
        "алпыс" => (true, Voiceless),
        "жетпіс" => (false, Voiceless),
        "сексен" => (false, Nasal),
        "тоқсан" => (true, Nasal),
        "жүз" => (false, Voiced),
        "мың" => (true, Nasal),
        "миллион" => (true, Nasal),
        "миллиард" => (true, Voiceless),
        // And every larger scale, read «…иллион» (квадриллион, квинтиллион).
        "триллион" => (true, Nasal),
        // «пайыз», for a figure printed with a percent sign.
        _ => (true, Voiced),
    }
}

/// The word a number written with `digits` (ASCII, no separators) ends with when read.
fn last_word(digits: &str) -> &'static str {
    const UNITS: [&str; 10] = [
        "",
        "бір",
        "екі",
        "үш",
        "төрт",
        "бес",
        "алты",
        "жеті",
        "сегіз",
        "тоғыз",
    ];
    const TENS: [&str; 10] = [
        "",
        "он",
        "жиырма",
        "отыз",
        "қырық",
        "елу",
        "алпыс",
        "жетпіс",
        "сексен",
        "тоқсан",
    ];
    let d: Vec<usize> = digits
        .bytes()
        .rev()
        .map(|b| usize::from(b - b'0'))
        .collect();
    let at = |i: usize| d.get(i).copied().unwrap_or(0);
    if d.iter().all(|x| *x == 0) {
        return "нөл";
    }
    if at(0) != 0 {
        return UNITS[at(0)];
    }
    if at(1) != 0 {
        return TENS[at(1)];
    }
    if at(2) != 0 {
        return "жүз";
    }
    // The last non-zero group of three digits names the scale read last.
    let group = (0..d.len()).find(|i| d[*i] != 0).unwrap_or(0) / 3;
    match group {
        1 => "мың",
        2 => "миллион",
        3 => "миллиард",
        _ => "триллион",
    }
}

/// The ending of `case` after a figure printed as `printed` (`6`, `4 495`, `6,21`,
/// `6,21%`), without the hyphen; `None` when the text is not a figure read as a number.
pub(crate) fn ending(printed: &str, case: Case) -> Option<&'static str> {
    let text = printed.trim();
    let (back, sound) = if text.ends_with('%') {
        word("пайыз")
    } else {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let plain: String = text
            .chars()
            .filter(|c| *c != '\u{a0}' && *c != ' ')
            .collect();
        let plain = plain.trim_start_matches(['-', '−']);
        // A decimal is read «… бүтін оннан/жүзден …» and ends with its fraction's number.
        let read = match plain.split_once(',') {
            Some((int, frac)) if digits(int) && digits(frac) => frac,
            None if digits(plain) => plain,
            _ => return None,
        };
        word(last_word(read))
    };
    Some(pick(case, back, sound))
}

fn pick(case: Case, back: bool, sound: Sound) -> &'static str {
    use Sound::*;
    let two = |b: &'static str, f: &'static str| if back { b } else { f };
    match (case, sound) {
        (Case::Genitive, Vowel | Nasal) => two("ның", "нің"),
        (Case::Genitive, Sonorant | Voiced) => two("дың", "дің"),
        (Case::Genitive, Voiceless) => two("тың", "тің"),
        (Case::Dative, Voiceless) => two("қа", "ке"),
        (Case::Dative, _) => two("ға", "ге"),
        (Case::Accusative, Vowel) => two("ны", "ні"),
        (Case::Accusative, Voiceless) => two("ты", "ті"),
        (Case::Accusative, _) => two("ды", "ді"),
        (Case::Locative, Voiceless) => two("та", "те"),
        (Case::Locative, _) => two("да", "де"),
        (Case::Ablative, Nasal) => two("нан", "нен"),
        (Case::Ablative, Voiceless) => two("тан", "тен"),
        (Case::Ablative, _) => two("дан", "ден"),
        (Case::Instrumental, Voiced) => "бен",
        (Case::Instrumental, Voiceless) => "пен",
        (Case::Instrumental, _) => "мен",
        // Written after digits in its short form: 1-ші, 6-шы (бірінші, алтыншы).
        (Case::Ordinal, _) => two("шы", "ші"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abl(n: &str) -> &'static str {
        ending(n, Case::Ablative).unwrap()
    }

    #[test]
    fn numerals_are_read_to_their_last_word() {
        for (n, w) in [
            ("6", "алты"),
            ("10", "он"),
            ("21", "бір"),
            ("40", "қырық"),
            ("100", "жүз"),
            ("4495", "бес"),
            ("2000", "мың"),
            ("1000000", "миллион"),
            ("3000000000", "миллиард"),
            ("5000000000000", "триллион"),
            ("7000000000000000000", "триллион"),
            ("0", "нөл"),
            ("120", "жиырма"),
        ] {
            assert_eq!(last_word(n), w, "{n}");
        }
    }

    /// The endings as a Kazakh grammar gives them for these words (hand-checked forms:
    /// алтыдан, жетіден, оннан, үштен, қырықтан, мыңнан, сексеннен, бірден, сегізден).
    #[test]
    fn ablative_follows_harmony_and_the_last_sound() {
        assert_eq!(abl("6"), "дан");
        assert_eq!(abl("7"), "ден");
        assert_eq!(abl("10"), "нан");
        assert_eq!(abl("3"), "тен");
        assert_eq!(abl("40"), "тан");
        assert_eq!(abl("2\u{a0}000"), "нан");
        assert_eq!(abl("80"), "нен");
        assert_eq!(abl("1"), "ден");
        assert_eq!(abl("8"), "ден");
        assert_eq!(abl("6,21"), "ден", "«…жүзден жиырма бір»");
        assert_eq!(abl("6,21%"), "дан", "«… пайыздан»");
        assert_eq!(abl("6,21\u{a0}%"), "дан");
    }

    #[test]
    fn every_case_has_its_forms() {
        // алтыға, алтыны, алтыда, алтының, алтымен; үшке, үшті, үште, үштің, үшпен;
        // онға, онды, онда, онның, онмен; сегізге, сегізді, сегізде, сегіздің, сегізбен.
        let row = |n: &str| -> Vec<&str> {
            [
                Case::Dative,
                Case::Accusative,
                Case::Locative,
                Case::Genitive,
                Case::Instrumental,
            ]
            .into_iter()
            .map(|c| ending(n, c).unwrap())
            .collect()
        };
        assert_eq!(row("6"), ["ға", "ны", "да", "ның", "мен"]);
        assert_eq!(row("3"), ["ке", "ті", "те", "тің", "пен"]);
        assert_eq!(row("10"), ["ға", "ды", "да", "ның", "мен"]);
        assert_eq!(row("8"), ["ге", "ді", "де", "дің", "бен"]);
    }

    #[test]
    fn ordinals_follow_harmony() {
        // бірінші, екінші, алтыншы, оныншы, қырқыншы, жүзінші, мыңыншы.
        for (n, o) in [
            ("1", "ші"),
            ("2", "ші"),
            ("6", "шы"),
            ("10", "шы"),
            ("40", "шы"),
            ("100", "ші"),
            ("1000", "шы"),
        ] {
            assert_eq!(ending(n, Case::Ordinal), Some(o), "{n}");
        }
        assert_eq!(
            abl("5\u{a0}000\u{a0}000\u{a0}000\u{a0}000"),
            "нан",
            "триллионнан"
        );
    }

    #[test]
    fn what_is_not_a_number_gets_no_ending() {
        for text in ["–", "[…]", "", "abc", "1,2,3"] {
            assert_eq!(ending(text, Case::Dative), None, "{text}");
        }
        assert_eq!(Case::parse("ablative"), Some(Case::Ablative));
        assert_eq!(Case::parse("ablativ"), None);
    }
}
