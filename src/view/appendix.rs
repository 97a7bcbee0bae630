//! The reconciliation appendix of one language: each finding of the check stage as a
//! numbered entry for readers — where, what was printed, what this edition shows, and
//! why — in the language of the report, with no ids or tool names. The entry's number is
//! the footnote mark at the figures it concerns ([`mark`]).

use crate::check::{Figure, Finding, Findings, Formula, FormulaOp, Kind};
use crate::compute::{Value, round_half_up};
use crate::lang::Lang;
use crate::locale::NumberStyle;
use crate::model::{Format, Place, Report};
use rust_decimal::Decimal;
use serde::Serialize;

/// The appendix: its title, an introduction, and the entries per section.
#[derive(Clone, Debug, Serialize)]
pub struct Appendix {
    pub title: String,
    pub intro: String,
    pub groups: Vec<EntryGroup>,
}

/// The entries filed under one section.
#[derive(Clone, Debug, Serialize)]
pub struct EntryGroup {
    /// The section's id (the entries of a section PDF) and title.
    pub section: String,
    pub title: String,
    pub entries: Vec<Entry>,
}

/// One finding, for readers.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub number: usize,
    /// `r-3`: the anchor the footnote marks link to.
    pub anchor: String,
    /// What kind of finding, as a short heading.
    pub kind: String,
    /// Where the figure is; empty when the lines name the places.
    pub place: String,
    /// `Printed: 51 %`, `This edition: 44 %`, or the two places of a conflict.
    pub lines: Vec<(String, String)>,
    pub why: String,
    /// Figures the explanation names, one per line after it (what rests on a base).
    pub details: Vec<(String, String)>,
}

/// The footnote mark of entries `numbers`: superscript digits, `³` or `³·¹²`.
pub fn mark(numbers: &[usize]) -> String {
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    numbers
        .iter()
        .map(|n| {
            n.to_string()
                .chars()
                .map(|d| SUP[d.to_digit(10).unwrap_or(0) as usize])
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("·")
}

/// The anchor of entry `n`.
pub fn anchor(n: usize) -> String {
    format!("r-{n}")
}

/// The appendix of `findings` in `style`'s language.
pub fn appendix(report: &Report, findings: &Findings, style: &NumberStyle) -> Appendix {
    let lang = style.lang;
    let mut groups: Vec<EntryGroup> = Vec::new();
    for (i, f) in findings.list.iter().enumerate() {
        let section = report.sections.get(f.section);
        let id = section.map_or("", |s| s.id.as_str());
        if groups.last().is_none_or(|g| g.section != id) {
            groups.push(EntryGroup {
                section: id.to_owned(),
                title: section.map_or(String::new(), |s| s.title.get(lang).to_owned()),
                entries: Vec::new(),
            });
        }
        let entry = Words { report, style }.entry(i + 1, f);
        if let (Some(g), Some(entry)) = (groups.last_mut(), entry) {
            g.entries.push(entry);
        }
    }
    let intro = if groups.is_empty() {
        text(
            lang,
            "Бұл басылымның барлық туынды көрсеткіштері бастапқы деректер бойынша қайта есептелді және есептің баспа нұсқасымен сәйкес келеді; айырмашылықтар мен жорамалдар жоқ.",
            "Все производные показатели этого издания пересчитаны по исходным данным и совпадают с печатной версией отчёта; расхождений и допущений нет.",
        )
    } else {
        text(
            lang,
            "Бұл басылымның барлық туынды көрсеткіштері бастапқы деректер бойынша қайта есептелді. Төменде есептің баспа нұсқасы (бұдан әрі — дереккөз) қайта есептеуден өзгеше болатын, бір шаманың әртүрлі мәндерін келтіретін, тұжырымы сандармен расталмайтын немесе онда жарияланбаған деректерге сүйенетін орындар келтірілген. Әр жазбаның нөмірі мәтіндегі және кестелердегі көрсеткіштің жанындағы сілтеме белгісіне сәйкес келеді.",
            "Все производные показатели этого издания пересчитаны по исходным данным. Ниже перечислены места, где печатная версия отчёта (далее — источник) расходится с пересчётом, приводит разные значения одной величины, содержит формулировку, не подтверждаемую цифрами, или опирается на данные, которые в ней не опубликованы. Номер каждой записи совпадает со знаком сноски у показателя в тексте и таблицах.",
        )
    };
    Appendix {
        title: text(
            lang,
            "Есептің баспа нұсқасымен салыстыру",
            "Сверка с печатной версией отчёта",
        ),
        intro,
        groups,
    }
}

/// Text to be quoted in «…»: quotation marks inside it become the inner „…“, as Russian
/// and Kazakh typography nests them («Таблица „KEGOC“»).
fn inner(text: &str) -> String {
    text.replace('«', "„").replace('»', "“")
}

/// `text` with its first letter in upper case (a label starting an entry's place line).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn text(lang: Lang, kk: &str, ru: &str) -> String {
    match lang {
        Lang::Kk => kk,
        Lang::Ru => ru,
    }
    .to_owned()
}

/// Turns findings into one language's words.
struct Words<'a> {
    report: &'a Report,
    style: &'a NumberStyle,
}

impl Words<'_> {
    fn t(&self, kk: &str, ru: &str) -> String {
        text(self.style.lang, kk, ru)
    }

    /// The entry of finding `number`; `None` for a finding without the figures its kind
    /// has (the check stage never makes one).
    fn entry(&self, number: usize, f: &Finding) -> Option<Entry> {
        let lang = self.style.lang;
        let mut details = Vec::new();
        let note = f.note.as_ref().map(|n| n.get(lang).to_owned());
        let printed_label = self.t("Басылғаны", "Напечатано");
        let shown_label = self.t("Бұл басылымда", "В этом издании");
        let first = f.figures.first();
        let (kind, place, lines, why) = match f.kind {
            Kind::Changed => {
                let fig = first?;
                let why = match &fig.formula {
                    Some(formula) => format!(
                        "{} {} = {}.",
                        self.t(
                            "Есеп деректері бойынша қайта есептеу:",
                            "Пересчёт по данным отчёта:"
                        ),
                        self.formula(formula),
                        self.value(fig)
                    ),
                    None => String::new(),
                };
                (
                    self.t("Көрсеткіш қайта есептелді", "Показатель пересчитан"),
                    self.place(fig),
                    vec![
                        (printed_label, self.printed(fig)),
                        (shown_label, self.value(fig)),
                    ],
                    why,
                )
            }
            Kind::WithinRounding => {
                let fig = first?;
                let (sum, tolerance) = f.parts.unwrap_or_default();
                let parts_dp = tolerance.scale().saturating_sub(1);
                let unit = self.plain(Decimal::new(1, parts_dp), parts_dp);
                let why = match self.style.lang {
                    Lang::Kk => format!(
                        "Қосылғыштар {unit}-ге дейінгі дәлдікпен басылған, олардың қосындысы — {}. Әр қосылғыш дөңгелектенгендіктен, нақты қосынды бұл мәннен ±{} шегінде ауытқуы мүмкін; басылған қорытынды осы шектен шықпайды, сондықтан ол өзгертілмеді.",
                        self.plain(sum, tolerance.scale()),
                        self.plain(tolerance, tolerance.normalize().scale())
                    ),
                    Lang::Ru => format!(
                        "Слагаемые напечатаны с точностью до {unit}, их сумма — {}. Поскольку каждое слагаемое округлено, точная сумма может отличаться от неё на величину до ±{}; напечатанный итог укладывается в эти пределы, поэтому он оставлен без изменений.",
                        self.plain(sum, tolerance.scale()),
                        self.plain(tolerance, tolerance.normalize().scale())
                    ),
                };
                (
                    self.t(
                        "Айырма дөңгелектеу шегінде",
                        "Расхождение в пределах округления",
                    ),
                    self.place(fig),
                    vec![
                        (printed_label, self.printed(fig)),
                        (shown_label, self.value(fig)),
                    ],
                    why,
                )
            }
            Kind::AssumedBase => {
                let base = f.base.as_ref()?;
                details = f
                    .figures
                    .iter()
                    .map(|d| (self.place(d), self.printed(d)))
                    .collect();
                let why = self.t(
                    "Дереккөз есептеу базасын көрсетпейді; төменде келтірілген басылған мәндер осы базадан есептегенде шығады.",
                    "Источник не указывает базу расчёта; приведённые ниже напечатанные значения получаются при расчёте от этой базы.",
                );
                let place = match base.place.and_then(|p| self.label(p)) {
                    Some(label) => capitalised(label),
                    None => self.t("Есептеу базасы", "База расчёта"),
                };
                (
                    self.t("Есептеу базасы көрсетілмеген", "База расчёта не указана"),
                    place,
                    vec![
                        (printed_label, self.t("көрсетілмеген", "не указано")),
                        (
                            self.t("Қабылданған база", "Принятая база"),
                            self.value(base),
                        ),
                    ],
                    why,
                )
            }
            Kind::Conflict => {
                let lines = f
                    .figures
                    .iter()
                    .map(|side| match (side.place, &side.formula) {
                        (Some(_), _) => (self.place(side), self.shown_or_printed(side)),
                        (None, Some(formula)) => (
                            self.t("Есеп деректері бойынша", "По данным отчёта"),
                            format!("{} = {}", self.formula(formula), self.value(side)),
                        ),
                        (None, None) => (
                            self.t("Белгіленген мән", "Заданное значение"),
                            self.value(side),
                        ),
                    })
                    .collect();
                (
                    self.t("Бір шаманың әртүрлі мәндері", "Разные значения одной величины"),
                    String::new(),
                    lines,
                    self.t(
                        "Дереккөзде бір шаманың екі түрлі мәні бар; бұл басылымда басылған сандар өзгертілмей келтірілді.",
                        "В источнике одна и та же величина имеет два разных значения; в этом издании напечатанные цифры приведены без изменений.",
                    ),
                )
            }
            Kind::Claim => {
                let fig = first?;
                let claim = f.claim.as_ref()?;
                let exact = match fig.value {
                    Value::Num(v) => self.style.number(v, fig.precision + 2, fig.format),
                    _ => String::new(),
                };
                let said = claim.printed.get(lang);
                let why = match self.style.lang {
                    Lang::Kk => format!(
                        "Мәтінде «{said}» делінген, бірақ есеп деректері бойынша бұл көрсеткіш {exact} құрайды, яғни тұжырым расталмайды."
                    ),
                    Lang::Ru => format!(
                        "В тексте сказано «{said}», однако по данным отчёта этот показатель составляет {exact}, то есть формулировка не подтверждается."
                    ),
                };
                (
                    self.t(
                        "Тұжырым сандармен расталмайды",
                        "Формулировка не подтверждается цифрами",
                    ),
                    self.place(fig),
                    vec![
                        (printed_label, said.to_owned()),
                        (self.t("Есеп деректері бойынша", "По данным отчёта"), exact),
                    ],
                    why,
                )
            }
            Kind::Unverifiable => {
                let fig = first?;
                let lines = match fig.place {
                    Some(Place::Fact(_)) => vec![(printed_label, self.printed(fig))],
                    _ => Vec::new(),
                };
                // The data's note says what is missing; without one, say it generally.
                let why = match f.note {
                    Some(_) => self.t(
                        "Мәндер дереккөзде басылғандай келтірілді.",
                        "Значения приведены так, как напечатаны в источнике.",
                    ),
                    None => self.t(
                        "Мәндер дереккөзде басылғандай келтірілді; оларды қайта есептеуге қажетті деректер жарияланбаған.",
                        "Значения приведены так, как напечатаны в источнике; данные для их пересчёта не опубликованы.",
                    ),
                };
                (
                    self.t("Тексеру мүмкін емес", "Проверить невозможно"),
                    self.place(fig),
                    lines,
                    why,
                )
            }
        };
        let why = match note {
            Some(n) if !why.is_empty() => format!("{why} {n}"),
            Some(n) => n,
            None => why,
        };
        Some(Entry {
            number,
            anchor: anchor(number),
            kind,
            place,
            lines,
            why,
            details,
        })
    }

    /// A fact's label for readers.
    fn label(&self, place: Place) -> Option<&str> {
        match place {
            Place::Fact(f) => self.report.facts[f]
                .label
                .as_ref()
                .map(|l| l.get(self.style.lang)),
            _ => None,
        }
    }

    /// Where a figure is, in words: the table, row and column; the text of the section
    /// with the figure's label; or the table.
    fn place(&self, fig: &Figure) -> String {
        let lang = self.style.lang;
        let Some(place) = fig.place else {
            return String::new();
        };
        match place {
            Place::Cell(t, r, c) => {
                let table = &self.report.tables[t];
                let caption = inner(table.title.get(lang));
                let row = inner(table.rows[r].label.get(lang));
                let col: Vec<&str> = table.columns[c]
                    .label_path
                    .iter()
                    .map(|l| l.get(lang))
                    .collect();
                let col = inner(&col.join(", "));
                match lang {
                    Lang::Kk => format!("«{caption}» кестесі, «{row}» жолы, «{col}» бағаны"),
                    Lang::Ru => format!("Таблица «{caption}», строка «{row}», графа «{col}»"),
                }
            }
            Place::Fact(f) => match &self.report.facts[f].label {
                Some(label) => format!("{}: {}", self.t("Мәтін", "Текст"), label.get(lang)),
                None => self.t("Бөлім мәтіні", "Текст раздела"),
            },
            Place::Table(t) => {
                let caption = inner(self.report.tables[t].title.get(lang));
                match lang {
                    Lang::Kk => format!("«{caption}» кестесі"),
                    Lang::Ru => format!("Таблица «{caption}»"),
                }
            }
        }
    }

    /// The figure as the source printed it, in this language's form.
    fn printed(&self, fig: &Figure) -> String {
        match &fig.printed {
            Some(p) => self.style.number(p.value, p.scale, fig.format),
            None => self.value(fig),
        }
    }

    fn shown_or_printed(&self, fig: &Figure) -> String {
        if fig.printed.is_some() {
            self.printed(fig)
        } else {
            self.value(fig)
        }
    }

    /// The figure as this edition prints it.
    fn value(&self, fig: &Figure) -> String {
        self.style.value(fig.value, fig.precision, fig.format, None)
    }

    /// A number without a unit, at `dp` decimals.
    fn plain(&self, d: Decimal, dp: u32) -> String {
        self.style.number(d, dp, Format::Number)
    }

    /// `1 991 ÷ 4 495 × 100`.
    fn formula(&self, f: &Formula) -> String {
        let terms: Vec<String> = f
            .terms
            .iter()
            .map(|t| match t.value {
                Value::Num(v) => self.plain(round_half_up(v, t.precision), t.precision),
                _ => "–".to_owned(),
            })
            .collect();
        let text = match (f.op, terms.as_slice()) {
            (FormulaOp::Sum, _) => terms.join(" + "),
            (FormulaOp::Difference, [a, b]) => format!("{a} − {b}"),
            (FormulaOp::Ratio, [a, b]) => format!("{a} ÷ {b}"),
            (FormulaOp::Share, [a, b]) => format!("{a} ÷ {b} × 100"),
            (FormulaOp::Deviation, [a, b]) => format!("({a} ÷ {b} − 1) × 100"),
            _ => terms.join(", "),
        };
        match f.scale {
            Some(s) => format!("({text}) × {}", self.plain(s, s.normalize().scale())),
            None => text,
        }
    }
}
