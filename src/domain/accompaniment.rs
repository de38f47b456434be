//! Accompagnamento al lavoro (B03): "a processo" while it runs (vacancies and companies proposed,
//! interview preparation, offers evaluated), "a risultato" when the person is hired.
//!
//! The rules here are pure: what a valid event is, what a valid hiring is (the employer's
//! codice fiscale or partita IVA with its check digit, a hiring date within the accompaniment,
//! a contract type from the data and a duration when the type needs one), and what recording
//! the hiring does to the plan: the B03 action the accompaniment carries out ends with the
//! hiring as its outcome; the other open actions of the plan end only if the operator chose
//! them.

use chrono::NaiveDate;

use super::company::{CompanyCodiceFiscale, CompanyIdError};
use super::records::{ActionStatus, ActionStep};
use super::validate::parse_date;

/// The action code an accompaniment carries out.
pub const ACTION_CODE: &str = "B03";
/// The longest duration accepted, in months: beyond it the number is a typing error.
pub const MAX_MONTHS: u32 = 120;

/// Whether a contract type has a duration (a property of the type, in `data/contratti.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationRule {
    /// A fixed-term contract: the months are required.
    Required,
    /// Either fixed-term or not: the months are given when there are some.
    Optional,
    /// An open-ended contract: no months.
    Absent,
}

impl DurationRule {
    pub const ALL: [DurationRule; 3] = [Self::Required, Self::Optional, Self::Absent];

    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "obbligatoria",
            Self::Optional => "facoltativa",
            Self::Absent => "assente",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// A contract type of the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractType {
    pub id: String,
    pub name: String,
    pub duration: DurationRule,
}

/// What happened while the accompaniment runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// A vacancy proposed to the person.
    Vacancy,
    /// A company contacted for the person.
    Azienda,
    /// Preparation for an interview.
    Preparazione,
    /// A job offer evaluated.
    Offerta,
}

impl EventKind {
    pub const ALL: [EventKind; 4] = [
        Self::Vacancy,
        Self::Azienda,
        Self::Preparazione,
        Self::Offerta,
    ];

    /// The value stored (the schema's CHECK).
    pub fn code(self) -> &'static str {
        match self {
            Self::Vacancy => "vacancy",
            Self::Azienda => "azienda",
            Self::Preparazione => "preparazione",
            Self::Offerta => "offerta",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// A vacancy, a company contacted and an offer are about a company: it must be named.
    /// Interview preparation may be general.
    pub fn needs_company(self) -> bool {
        !matches!(self, Self::Preparazione)
    }
}

/// One event "a processo".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventData {
    pub kind: EventKind,
    pub on: NaiveDate,
    pub company: String,
    pub role: String,
    pub outcome: String,
    pub notes: String,
}

/// Why an event cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventError {
    /// The accompaniment already ended with a hiring.
    Closed,
    /// The event is dated before the accompaniment started.
    BeforeStart { started_on: NaiveDate },
    /// Dated after today.
    InFuture,
    /// The kind is about a company and none is named.
    CompanyMissing(EventKind),
}

/// Checks an event of the accompaniment started on `started_on` (closed on `closed_on`).
pub fn check_event(
    event: &EventData,
    started_on: NaiveDate,
    closed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), EventError> {
    if closed_on.is_some() {
        return Err(EventError::Closed);
    }
    if event.on < started_on {
        return Err(EventError::BeforeStart { started_on });
    }
    if event.on > today {
        return Err(EventError::InFuture);
    }
    if event.kind.needs_company() && event.company.trim().is_empty() {
        return Err(EventError::CompanyMissing(event.kind));
    }
    Ok(())
}

/// The start of an accompaniment: not in the future.
pub fn check_start(started_on: NaiveDate, today: NaiveDate) -> Result<(), StartError> {
    if started_on > today {
        return Err(StartError::InFuture);
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartError {
    InFuture,
}

/// The hiring as typed in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HiringInput {
    pub employer_name: String,
    /// Codice fiscale or partita IVA.
    pub employer_code: String,
    pub hired_on: String,
    /// Id of the contract type, `None` when not chosen.
    pub contract: Option<String>,
    pub months: String,
}

/// A valid hiring: what "a risultato" records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hiring {
    pub employer_name: String,
    pub employer_code: CompanyCodiceFiscale,
    pub hired_on: NaiveDate,
    pub contract: ContractType,
    pub months: Option<u32>,
}

/// The fields of the hiring form, for the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HiringField {
    EmployerName,
    EmployerCode,
    HiredOn,
    Contract,
    Months,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HiringError {
    EmployerNameMissing,
    EmployerCode(CompanyIdError),
    HiredOnMissing,
    HiredOnNotADate(String),
    /// Before the accompaniment started.
    HiredBeforeStart {
        started_on: NaiveDate,
    },
    /// After today: the result is recorded once the person is hired.
    HiredInFuture,
    ContractMissing,
    /// An id that the contract data does not have (data changed since the form opened).
    ContractUnknown(String),
    MonthsRequired {
        contract: String,
    },
    MonthsNotAllowed {
        contract: String,
    },
    MonthsNotANumber(String),
    MonthsOutOfRange(u32),
}

impl HiringError {
    pub fn field(&self) -> HiringField {
        match self {
            Self::EmployerNameMissing => HiringField::EmployerName,
            Self::EmployerCode(_) => HiringField::EmployerCode,
            Self::HiredOnMissing
            | Self::HiredOnNotADate(_)
            | Self::HiredBeforeStart { .. }
            | Self::HiredInFuture => HiringField::HiredOn,
            Self::ContractMissing | Self::ContractUnknown(_) => HiringField::Contract,
            Self::MonthsRequired { .. }
            | Self::MonthsNotAllowed { .. }
            | Self::MonthsNotANumber(_)
            | Self::MonthsOutOfRange(_) => HiringField::Months,
        }
    }
}

/// Checks every field of the hiring; all the errors found, one per field at most.
pub fn check_hiring(
    input: &HiringInput,
    started_on: NaiveDate,
    today: NaiveDate,
    contracts: &[ContractType],
) -> Result<Hiring, Vec<HiringError>> {
    let mut errors = Vec::new();
    let employer_name = input.employer_name.trim().to_string();
    if employer_name.is_empty() {
        errors.push(HiringError::EmployerNameMissing);
    }
    let employer_code = CompanyCodiceFiscale::parse(&input.employer_code)
        .map_err(|e| errors.push(HiringError::EmployerCode(e)))
        .ok();
    let typed = input.hired_on.trim();
    let hired_on = match parse_date(typed) {
        _ if typed.is_empty() => Err(HiringError::HiredOnMissing),
        None => Err(HiringError::HiredOnNotADate(typed.to_string())),
        Some(d) if d < started_on => Err(HiringError::HiredBeforeStart { started_on }),
        Some(d) if d > today => Err(HiringError::HiredInFuture),
        Some(d) => Ok(d),
    }
    .map_err(|e| errors.push(e))
    .ok();
    let contract = match &input.contract {
        None => Err(HiringError::ContractMissing),
        Some(id) => contracts
            .iter()
            .find(|c| c.id == *id)
            .cloned()
            .ok_or_else(|| HiringError::ContractUnknown(id.clone())),
    }
    .map_err(|e| errors.push(e))
    .ok();
    let months = contract.as_ref().and_then(|c| {
        check_months(&input.months, c)
            .map_err(|e| errors.push(e))
            .ok()
    });
    match (employer_code, hired_on, contract, months) {
        (Some(employer_code), Some(hired_on), Some(contract), Some(months))
            if errors.is_empty() =>
        {
            Ok(Hiring {
                employer_name,
                employer_code,
                hired_on,
                contract,
                months,
            })
        }
        _ => Err(errors),
    }
}

/// The months typed for `contract`: `Some(None)` when the contract has no duration here.
fn check_months(typed: &str, contract: &ContractType) -> Result<Option<u32>, HiringError> {
    let typed = typed.trim();
    let name = || contract.name.clone();
    if typed.is_empty() {
        return match contract.duration {
            DurationRule::Required => Err(HiringError::MonthsRequired { contract: name() }),
            _ => Ok(None),
        };
    }
    if contract.duration == DurationRule::Absent {
        return Err(HiringError::MonthsNotAllowed { contract: name() });
    }
    let months: u32 = typed
        .parse()
        .map_err(|_| HiringError::MonthsNotANumber(typed.to_string()))?;
    if months == 0 || months > MAX_MONTHS {
        return Err(HiringError::MonthsOutOfRange(months));
    }
    Ok(Some(months))
}

/// An action of the signed plan, as the closing rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanAction {
    pub id: i64,
    pub code: String,
    pub status: ActionStatus,
    /// Recorded by the signing (150, A05, A07): already done, never offered.
    pub automatic: bool,
}

impl PlanAction {
    pub fn is_open(&self) -> bool {
        !self.automatic
            && matches!(
                self.status,
                ActionStatus::Programmata | ActionStatus::InCorso
            )
    }
}

/// The open B03 actions an accompaniment can carry out: those of the plan not `taken` by an
/// accompaniment still running.
pub fn linkable(plan: &[PlanAction], taken: &[i64]) -> Vec<i64> {
    plan.iter()
        .filter(|a| a.is_open() && a.code == ACTION_CODE && !taken.contains(&a.id))
        .map(|a| a.id)
        .collect()
}

/// The action preselected when an accompaniment starts: the only linkable action, if exactly
/// one.
pub fn preselected(plan: &[PlanAction], taken: &[i64]) -> Option<i64> {
    match linkable(plan, taken).as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// The open actions of the plan the operator may choose to close with the hiring: every open
/// action except the one the accompaniment carries out (which closes anyway).
pub fn closable_others(plan: &[PlanAction], linked: Option<i64>) -> Vec<i64> {
    plan.iter()
        .filter(|a| a.is_open() && Some(a.id) != linked)
        .map(|a| a.id)
        .collect()
}

/// What the hiring does to the plan, action by action: the linked B03 action ends with
/// `outcome`; each chosen action ends with `other_outcome`. An id chosen that is not among
/// [`closable_others`] is refused (the plan changed since the form opened).
pub fn closing_steps(
    plan: &[PlanAction],
    linked: Option<i64>,
    chosen: &[i64],
    hired_on: NaiveDate,
    outcome: &str,
    other_outcome: &str,
) -> Result<Vec<(i64, ActionStep)>, i64> {
    let others = closable_others(plan, linked);
    let mut steps = Vec::new();
    if let Some(id) = linked
        && plan.iter().any(|a| a.id == id && a.is_open())
    {
        steps.push((
            id,
            ActionStep::Ended {
                on: hired_on,
                outcome: outcome.to_string(),
            },
        ));
    }
    for id in chosen {
        if !others.contains(id) {
            return Err(*id);
        }
        if steps.iter().any(|(s, _)| s == id) {
            continue;
        }
        steps.push((
            *id,
            ActionStep::Ended {
                on: hired_on,
                outcome: other_outcome.to_string(),
            },
        ));
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::company::CompanyIdField;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn contracts() -> Vec<ContractType> {
        [
            (
                "tempo_indeterminato",
                "Tempo indeterminato",
                DurationRule::Absent,
            ),
            (
                "tempo_determinato",
                "Tempo determinato",
                DurationRule::Required,
            ),
            (
                "intermittente",
                "Lavoro intermittente",
                DurationRule::Optional,
            ),
        ]
        .into_iter()
        .map(|(id, name, duration)| ContractType {
            id: id.into(),
            name: name.into(),
            duration,
        })
        .collect()
    }

    fn input(contract: &str, months: &str) -> HiringInput {
        HiringInput {
            employer_name: " Rossi Logistica srl ".into(),
            employer_code: "01234560488".into(),
            hired_on: "10/12/2026".into(),
            contract: Some(contract.into()),
            months: months.into(),
        }
    }

    fn check(input: &HiringInput) -> Result<Hiring, Vec<HiringError>> {
        check_hiring(input, day(12, 1), day(12, 20), &contracts())
    }

    #[test]
    fn a_fixed_term_hiring_needs_its_months() {
        let hiring = check(&input("tempo_determinato", "12")).unwrap();
        assert_eq!(hiring.employer_name, "Rossi Logistica srl");
        assert_eq!(hiring.employer_code.as_str(), "01234560488");
        assert_eq!(hiring.hired_on, day(12, 10));
        assert_eq!(hiring.contract.id, "tempo_determinato");
        assert_eq!(hiring.months, Some(12));
        assert_eq!(
            check(&input("tempo_determinato", " ")),
            Err(vec![HiringError::MonthsRequired {
                contract: "Tempo determinato".into()
            }])
        );
    }

    #[test]
    fn an_open_ended_hiring_has_no_months() {
        assert_eq!(
            check(&input("tempo_indeterminato", "")).unwrap().months,
            None
        );
        assert_eq!(
            check(&input("tempo_indeterminato", "6")),
            Err(vec![HiringError::MonthsNotAllowed {
                contract: "Tempo indeterminato".into()
            }])
        );
    }

    #[test]
    fn an_optional_duration_may_be_given_or_not() {
        assert_eq!(check(&input("intermittente", "")).unwrap().months, None);
        assert_eq!(check(&input("intermittente", "3")).unwrap().months, Some(3));
    }

    #[test]
    fn months_must_be_a_plausible_number() {
        for (typed, error) in [
            ("dodici", HiringError::MonthsNotANumber("dodici".into())),
            ("-3", HiringError::MonthsNotANumber("-3".into())),
            ("1.5", HiringError::MonthsNotANumber("1.5".into())),
            ("0", HiringError::MonthsOutOfRange(0)),
            ("121", HiringError::MonthsOutOfRange(121)),
        ] {
            assert_eq!(
                check(&input("tempo_determinato", typed)),
                Err(vec![error]),
                "{typed}"
            );
        }
        assert_eq!(
            check(&input("tempo_determinato", "120")).unwrap().months,
            Some(120)
        );
    }

    #[test]
    fn the_employer_code_is_checked_with_its_check_digit() {
        let mut wrong = input("tempo_indeterminato", "");
        wrong.employer_code = "01234560487".into();
        assert_eq!(
            check(&wrong),
            Err(vec![HiringError::EmployerCode(
                CompanyIdError::CheckDigit {
                    field: CompanyIdField::CodiceFiscale,
                    expected: '8',
                    found: '7'
                }
            )])
        );
        // The EU form of a partita IVA, with spaces.
        wrong.employer_code = "IT 012 345 604 88".into();
        assert_eq!(check(&wrong).unwrap().employer_code.as_str(), "01234560488");
        // A sole trader's personal code.
        wrong.employer_code = "rssmra85t10a562s".into();
        let hiring = check(&wrong).unwrap();
        assert_eq!(hiring.employer_code.as_str(), "RSSMRA85T10A562S");
        assert!(hiring.employer_code.numeric().is_none());
        wrong.employer_code = String::new();
        assert_eq!(
            check(&wrong),
            Err(vec![HiringError::EmployerCode(CompanyIdError::Empty(
                CompanyIdField::CodiceFiscale
            ))])
        );
    }

    #[test]
    fn the_hiring_date_lies_within_the_accompaniment_and_not_ahead() {
        let mut typed = input("tempo_indeterminato", "");
        typed.hired_on = "30/11/2026".into();
        assert_eq!(
            check(&typed),
            Err(vec![HiringError::HiredBeforeStart {
                started_on: day(12, 1)
            }])
        );
        typed.hired_on = "01/12/2026".into();
        assert_eq!(check(&typed).unwrap().hired_on, day(12, 1));
        typed.hired_on = "2026-12-20".into();
        assert_eq!(check(&typed).unwrap().hired_on, day(12, 20));
        typed.hired_on = "21/12/2026".into();
        assert_eq!(check(&typed), Err(vec![HiringError::HiredInFuture]));
        typed.hired_on = "31/02/2026".into();
        assert_eq!(
            check(&typed),
            Err(vec![HiringError::HiredOnNotADate("31/02/2026".into())])
        );
        typed.hired_on = "  ".into();
        assert_eq!(check(&typed), Err(vec![HiringError::HiredOnMissing]));
    }

    #[test]
    fn every_wrong_field_is_reported_once_with_its_field() {
        let empty = HiringInput::default();
        let errors = check(&empty).unwrap_err();
        let fields: Vec<HiringField> = errors.iter().map(HiringError::field).collect();
        assert_eq!(
            fields,
            [
                HiringField::EmployerName,
                HiringField::EmployerCode,
                HiringField::HiredOn,
                HiringField::Contract
            ]
        );
        let mut unknown = input("co_co_pro", "");
        unknown.employer_name = String::new();
        assert_eq!(
            check(&unknown),
            Err(vec![
                HiringError::EmployerNameMissing,
                HiringError::ContractUnknown("co_co_pro".into())
            ])
        );
        assert_eq!(
            HiringError::MonthsOutOfRange(0).field(),
            HiringField::Months
        );
    }

    #[test]
    fn duration_rules_and_event_kinds_read_back_their_codes() {
        for rule in DurationRule::ALL {
            assert_eq!(DurationRule::from_code(rule.code()), Some(rule));
        }
        assert_eq!(DurationRule::from_code("Obbligatoria"), None);
        for kind in EventKind::ALL {
            assert_eq!(EventKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(EventKind::from_code("colloquio"), None);
        assert!(EventKind::Vacancy.needs_company());
        assert!(EventKind::Azienda.needs_company());
        assert!(EventKind::Offerta.needs_company());
        assert!(!EventKind::Preparazione.needs_company());
    }

    fn event(kind: EventKind, on: NaiveDate, company: &str) -> EventData {
        EventData {
            kind,
            on,
            company: company.into(),
            role: String::new(),
            outcome: String::new(),
            notes: String::new(),
        }
    }

    #[test]
    fn events_lie_within_an_open_accompaniment_and_name_their_company() {
        let (start, today) = (day(12, 1), day(12, 20));
        let ok = event(EventKind::Vacancy, day(12, 3), "Acme");
        assert_eq!(check_event(&ok, start, None, today), Ok(()));
        assert_eq!(
            check_event(&ok, start, Some(day(12, 10)), today),
            Err(EventError::Closed)
        );
        assert_eq!(
            check_event(
                &event(EventKind::Offerta, day(11, 30), "Acme"),
                start,
                None,
                today
            ),
            Err(EventError::BeforeStart { started_on: start })
        );
        assert_eq!(
            check_event(
                &event(EventKind::Offerta, day(12, 21), "Acme"),
                start,
                None,
                today
            ),
            Err(EventError::InFuture)
        );
        assert_eq!(
            check_event(&event(EventKind::Azienda, start, "  "), start, None, today),
            Err(EventError::CompanyMissing(EventKind::Azienda))
        );
        assert_eq!(
            check_event(
                &event(EventKind::Preparazione, today, ""),
                start,
                None,
                today
            ),
            Ok(())
        );
        assert_eq!(check_start(today, today), Ok(()));
        assert_eq!(check_start(day(12, 21), today), Err(StartError::InFuture));
    }

    fn action(id: i64, code: &str, status: ActionStatus) -> PlanAction {
        PlanAction {
            id,
            code: code.into(),
            status,
            automatic: false,
        }
    }

    fn plan() -> Vec<PlanAction> {
        let mut signing = action(1, "A07", ActionStatus::Conclusa);
        signing.automatic = true;
        vec![
            signing,
            action(2, "B03", ActionStatus::InCorso),
            action(3, "A06", ActionStatus::Programmata),
            action(4, "C06", ActionStatus::InCorso),
            action(5, "B03", ActionStatus::Conclusa),
            action(6, "A02", ActionStatus::Annullata),
        ]
    }

    #[test]
    fn the_only_open_b03_action_is_preselected() {
        assert_eq!(linkable(&plan(), &[]), [2]);
        assert_eq!(preselected(&plan(), &[]), Some(2));
        let mut two = plan();
        two.push(action(7, "B03", ActionStatus::Programmata));
        assert_eq!(linkable(&two, &[]), [2, 7]);
        assert_eq!(preselected(&two, &[]), None);
        // An action another running accompaniment carries out is not offered again.
        assert_eq!(linkable(&two, &[2]), [7]);
        assert_eq!(preselected(&two, &[2]), Some(7));
        assert_eq!(preselected(&plan(), &[2]), None);
        let none: Vec<PlanAction> = plan().into_iter().filter(|a| a.id != 2).collect();
        assert!(linkable(&none, &[]).is_empty());
        assert_eq!(preselected(&none, &[]), None);
        // An automatic action is never linked, even when open.
        let mut automatic = action(8, "B03", ActionStatus::Programmata);
        automatic.automatic = true;
        assert!(!automatic.is_open());
    }

    #[test]
    fn the_hiring_ends_the_linked_action_and_only_the_chosen_others() {
        let plan = plan();
        assert_eq!(closable_others(&plan, Some(2)), [3, 4]);
        assert_eq!(closable_others(&plan, None), [2, 3, 4]);
        let on = day(12, 10);
        let ended = |outcome: &str| ActionStep::Ended {
            on,
            outcome: outcome.into(),
        };
        // Default: none of the others.
        assert_eq!(
            closing_steps(&plan, Some(2), &[], on, "assunta", "altro"),
            Ok(vec![(2, ended("assunta"))])
        );
        assert_eq!(
            closing_steps(&plan, Some(2), &[4], on, "assunta", "altro"),
            Ok(vec![(2, ended("assunta")), (4, ended("altro"))])
        );
        // A concluded, cancelled, automatic or unknown action cannot be chosen; nor can the
        // linked one twice.
        for refused in [1, 5, 6, 99, 2] {
            assert_eq!(
                closing_steps(&plan, Some(2), &[refused], on, "assunta", "altro"),
                Err(refused),
                "{refused}"
            );
        }
        // Linked to an action concluded meanwhile: nothing to end for it.
        assert_eq!(
            closing_steps(&plan, Some(5), &[], on, "assunta", "altro"),
            Ok(vec![])
        );
        // Without a linked action, every open action is a choice.
        assert_eq!(
            closing_steps(&plan, None, &[2, 2], on, "assunta", "altro"),
            Ok(vec![(2, ended("altro"))])
        );
    }
}
