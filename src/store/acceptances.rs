//! The person's acceptance of a signed pact version: the printed copy was signed, or the PDF
//! was sent. At most one per version, never changed.

use rusqlite::{OptionalExtension, params};

use super::{Entity, Store, StoreError};
use crate::domain::records::{Acceptance, AcceptanceKind};

impl Store {
    /// Records that the person accepted the signed version `pact_version_id`, audited. A second
    /// acceptance of the same version is refused ([`StoreError::AlreadyAccepted`]).
    pub fn record_acceptance(
        &mut self,
        pact_version_id: i64,
        how: AcceptanceKind,
    ) -> Result<Acceptance, StoreError> {
        self.write(|tx, audit| {
            let pact: Option<(i64, String, i64)> = tx
                .query_row(
                    "SELECT citizen_id, number, version FROM pact_versions WHERE id = ?1",
                    [pact_version_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((citizen, number, version)) = pact else {
                return Err(StoreError::NotFound {
                    entity: Entity::Pact,
                    id: pact_version_id.to_string(),
                });
            };
            if let Some(previous) = acceptance_in(tx, pact_version_id)? {
                return Err(StoreError::AlreadyAccepted {
                    pact: format!("{number} v{version}"),
                    at: previous.accepted_at,
                });
            }
            tx.execute(
                "INSERT INTO pact_acceptances (pact_version_id, accepted_at, operator, how)
                 VALUES (?1, ?2, ?3, ?4)",
                params![pact_version_id, audit.at, audit.operator, how.code()],
            )?;
            audit.record(
                tx,
                "patto",
                Some(pact_version_id),
                Some(citizen),
                "accettazione",
                None,
                Some(&format!("{number} v{version}: {}", how.code())),
            )?;
            acceptance_in(tx, pact_version_id)?.ok_or(StoreError::NotFound {
                entity: Entity::Pact,
                id: pact_version_id.to_string(),
            })
        })
    }

    /// The acceptance of a signed version, if recorded.
    pub fn acceptance_of(&self, pact_version_id: i64) -> Result<Option<Acceptance>, StoreError> {
        acceptance_in(&self.conn, pact_version_id)
    }
}

fn acceptance_in(
    conn: &rusqlite::Connection,
    pact_version_id: i64,
) -> Result<Option<Acceptance>, StoreError> {
    let row: Option<(i64, String, String, String)> = conn
        .prepare_cached(
            "SELECT id, accepted_at, operator, how FROM pact_acceptances
             WHERE pact_version_id = ?1",
        )?
        .query_row([pact_version_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    row.map(|(id, accepted_at, operator, how)| {
        let how = AcceptanceKind::from_code(&how).ok_or(StoreError::Corrupt {
            column: "pact_acceptances.how",
            value: how,
        })?;
        Ok(Acceptance {
            id,
            pact_version_id,
            accepted_at,
            operator,
            how,
        })
    })
    .transpose()
}
