//! A firm enters the marketplace (零门槛入驻) and keeps its profile; its public detail.

use super::*;

impl Services {
    /// A firm enters the marketplace: listed at once (零门槛). Refused only for a malformed,
    /// duplicate, black-listed or dishonest credit code; the refusal says which.
    pub async fn enter_firm(&self, actor: &Actor, input: &FirmProfileInput) -> Result<FirmView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let profile = FirmProfile::parse(input, true).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        if stored_firms::of_account(&tx, actor.account_id)
            .await?
            .is_some()
        {
            return Err(Error::Conflict(
                "firm-exists",
                FieldError::new("account", "field.firm.exists"),
            ));
        }
        match restriction_on(&tx, profile.credit_code.as_str()).await? {
            Some(crate::rules::standing::RestrictionKind::Blacklist) => {
                return Err(Error::Restricted(
                    "credit-code-blacklisted",
                    FieldError::new("credit_code", "field.credit-code.blacklisted"),
                ));
            }
            Some(_) => {
                return Err(Error::Restricted(
                    "credit-code-dishonest",
                    FieldError::new("credit_code", "field.credit-code.dishonest"),
                ));
            }
            None => {}
        }
        check_items(&tx, &profile.service_items).await?;
        let t = now();
        let id_hash = profile
            .legal_rep_id
            .as_ref()
            .map(|id| id_hash(&self.config.id_hash_key, id))
            .unwrap_or_default();
        let row = firm::Model {
            id: Uuid::new_v4(),
            account_id: actor.account_id,
            credit_code: profile.credit_code.as_str().into(),
            name: profile.name.clone(),
            name_folded: fold(&profile.name),
            name_sort_key: name_sort_key(&profile.name),
            legal_rep_name: profile.legal_rep_name.clone(),
            legal_rep_id_hash: id_hash,
            region_code: profile.region.as_str().into(),
            address: profile.address.clone(),
            contact_name: profile.contact_name.clone(),
            contact_phone: profile.contact_phone.clone(),
            description: profile.description.clone(),
            committed_at: t,
            status: FirmStatus::Listed.as_str().into(),
            credit_score: BASELINE_SCORE,
            credit_grade: grade_for(BASELINE_SCORE, DEFAULT_LINES).as_str().into(),
            award_count: 0,
            evaluation_count: 0,
            evaluation_sum: 0,
            created_at: t,
            created_micros: t.timestamp_micros(),
            updated_at: t,
            suspended_until: None,
            blacklisted_until: None,
            grade_e_since: None,
        };
        let m = stored_firms::insert_unless_taken(&tx, row)
            .await?
            .ok_or_else(|| {
                Error::Conflict(
                    "credit-code-taken",
                    FieldError::new("credit_code", "field.credit-code.taken"),
                )
            })?;
        replace_items(&tx, m.id, &profile.service_items).await?;
        // A new firm stands at the baseline of the policy in force (an administrator may have
        // moved it), and on the black list while its legal representative represents a
        // black-listed firm.
        crate::service::credit::follow_people(&tx, &m, t).await?;
        let policy = crate::service::credit::current_policy(&tx).await?.policy;
        crate::service::credit::reassess(&tx, self, &policy, m.id, t).await?;
        let m = store::find::<firm::Model>(&tx, m.id)
            .await?
            .ok_or(Error::NotFound)?;
        record(
            &tx,
            AuditActor::Account(actor),
            "firm.enter",
            "firm",
            &m.id.to_string(),
            json!({
                "name": profile.name,
                "credit_code": profile.credit_code.as_str(),
                "region_code": profile.region.as_str(),
                "service_items": profile.service_items,
                "commitment": true,
            }),
        )
        .await?;
        listing_changed(&tx, Some(m.id)).await?;
        tx.commit().await?;
        self.directory_cache.written();
        FirmView::try_from(m)
    }

    /// The firm edits its profile (the credit code is its identity and cannot change; an empty
    /// ID number keeps the one on record). The commitment is given again with every edit.
    pub async fn update_firm(&self, actor: &Actor, input: &FirmProfileInput) -> Result<FirmView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let profile = FirmProfile::parse(input, false).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let existing = own_firm(&tx, actor).await?;
        if existing.credit_code != profile.credit_code.as_str() {
            return Err(Error::validation(
                "credit_code",
                "field.credit-code.immutable",
            ));
        }
        check_items(&tx, &profile.service_items).await?;
        let t = now();
        let firm_id = existing.id;
        let legal_rep_id_hash = match &profile.legal_rep_id {
            Some(id) => id_hash(&self.config.id_hash_key, id),
            None => existing.legal_rep_id_hash.clone(),
        };
        let edited = firm::Model {
            name: profile.name.clone(),
            name_folded: fold(&profile.name),
            name_sort_key: name_sort_key(&profile.name),
            legal_rep_name: profile.legal_rep_name.clone(),
            legal_rep_id_hash,
            region_code: profile.region.as_str().into(),
            address: profile.address.clone(),
            contact_name: profile.contact_name.clone(),
            contact_phone: profile.contact_phone.clone(),
            description: profile.description.clone(),
            committed_at: t,
            updated_at: t,
            ..existing.clone()
        };
        let m = store::update(&tx, &existing, edited).await?;
        replace_items(&tx, firm_id, &profile.service_items).await?;
        // A black-listing follows the legal representative: naming one who represents a
        // black-listed firm puts this firm on the black list too (its open registrations
        // withdrawn), naming another ends what followed the one before.
        let m = if m.legal_rep_id_hash != existing.legal_rep_id_hash
            && crate::service::credit::follow_people(&tx, &m, t).await?
        {
            let policy = crate::service::credit::current_policy(&tx).await?.policy;
            crate::service::credit::reassess(&tx, self, &policy, firm_id, t).await?;
            store::find::<firm::Model>(&tx, firm_id)
                .await?
                .ok_or(Error::NotFound)?
        } else {
            m
        };
        record(
            &tx,
            AuditActor::Account(actor),
            "firm.update",
            "firm",
            &firm_id.to_string(),
            json!({
                "name": profile.name,
                "region_code": profile.region.as_str(),
                "service_items": profile.service_items,
                "legal_rep_changed": profile.legal_rep_id.is_some(),
            }),
        )
        .await?;
        listing_changed(&tx, Some(firm_id)).await?;
        tx.commit().await?;
        self.directory_cache.written();
        FirmView::try_from(m)
    }

    /// The caller's own firm, if it has entered.
    pub async fn my_firm(&self, actor: &Actor) -> Result<Option<FirmDetail>> {
        authorize(actor, Permission::ManageOwnFirm)?;
        match own_firm(&self.db, actor).await {
            Ok(m) => Ok(Some(self.detail(m).await?)),
            Err(Error::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A firm's public page.
    pub async fn firm_detail(&self, id: Uuid) -> Result<FirmDetail> {
        let m = store::find::<firm::Model>(&self.db, id)
            .await?
            .ok_or(Error::NotFound)?;
        self.detail(m).await
    }

    pub(super) async fn detail(&self, m: firm::Model) -> Result<FirmDetail> {
        let today = today_in_china();
        let id = m.id;
        let item_ids: Vec<Uuid> = stored_firms::service_item_ids(&self.db, id).await?;
        let service_items = if item_ids.is_empty() {
            Vec::new()
        } else {
            stored_firms::service_items_by_code(&self.db, item_ids)
                .await?
                .into_iter()
                .map(|i| OfferedItem {
                    id: i.id,
                    code: i.code,
                    name: i.name,
                    name_en: i.name_en,
                })
                .collect()
        };
        let qualifications = stored_firms::qualifications_of(&self.db, id)
            .await?
            .into_iter()
            .map(|q| qualification_view(q, today))
            .collect();
        let practitioners = stored_firms::practitioners_of(&self.db, id)
            .await?
            .into_iter()
            .map(|p| PractitionerView {
                validity: Validity::on(today, NaiveDate::MIN, p.valid_until),
                id: p.id,
                name: p.name,
                qualification: p.qualification,
                certificate_number: p.certificate_number,
                valid_until: p.valid_until,
                evidence_file_id: p.evidence_file_id,
            })
            .collect();
        let affiliations = stored_firms::affiliations_of(&self.db, id)
            .await?
            .into_iter()
            .map(|a| {
                Ok(AffiliationView {
                    kind: stored(
                        "affiliation",
                        a.id,
                        "kind",
                        &a.kind,
                        AffiliationKind::parse(&a.kind),
                    )?,
                    id: a.id,
                    department: a.department,
                    note: a.note,
                    created_at: a.created_at,
                })
            })
            .collect::<Result<_>>()?;
        let people = stored_firms::people_of(&self.db, id)
            .await?
            .into_iter()
            .map(|p| {
                Ok(PersonView {
                    role: stored(
                        "firm_person",
                        p.id,
                        "role",
                        &p.role,
                        PersonRole::parse(&p.role),
                    )?,
                    id: p.id,
                    name: p.name,
                    created_at: p.created_at,
                })
            })
            .collect::<Result<_>>()?;
        Ok(FirmDetail {
            firm: FirmView::try_from(m)?,
            service_items,
            qualifications,
            practitioners,
            affiliations,
            people,
        })
    }
}
