//! Evidence files, qualification certificates, practitioners, affiliations and the people
//! behind it (shareholders, executives) a firm declares.

use super::*;

impl Services {
    /// Stores an evidence file for the caller's firm, to be attached by a later declaration
    /// (the API's two-step upload). Its kind comes from its content; its name is cleaned and
    /// given the real kind's extension.
    pub async fn upload_evidence(&self, actor: &Actor, file: Upload) -> Result<AttachmentView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let file = file.check("file")?;
        let tx = begin_write(&self.db).await?;
        let firm = own_firm(&tx, actor).await.map_err(|e| match e {
            Error::NotFound => Error::validation("firm", "field.firm.missing"),
            e => e,
        })?;
        let meta =
            attachments::store(&tx, &self.config.seal_key, actor, Some(firm.id), file).await?;
        tx.commit().await?;
        Ok(meta)
    }

    /// The evidence a declaration attaches, as its id: its new file, stored now, or the file it
    /// names, which must be the firm's.
    async fn settle_evidence(
        &self,
        tx: &DatabaseTransaction,
        actor: &Actor,
        firm_id: Uuid,
        file: Option<AttachmentRef<crate::model::attachment::Attachment>>,
    ) -> Result<Uuid> {
        let file =
            file.ok_or_else(|| Error::validation("evidence_file", "field.evidence.required"))?;
        attachments::attach(
            tx,
            &self.config.seal_key,
            actor,
            Owner::Firm(firm_id),
            file,
            ("evidence_file", "field.evidence.unknown"),
        )
        .await
    }

    /// Declares a qualification certificate. Its evidence (`input.evidence_file`) is either a
    /// file uploaded before or one uploaded with the declaration (as a page's form sends it),
    /// stored in the same transaction so that a refused declaration leaves no file behind.
    pub async fn add_qualification(
        &self,
        actor: &Actor,
        input: &QualificationInput,
    ) -> Result<QualificationView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let file = input
            .evidence_file
            .clone()
            .map(|f| f.check("evidence_file"))
            .transpose()?;
        let q = Qualification::parse(input).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let firm = own_firm(&tx, actor).await?;
        let evidence_file = self.settle_evidence(&tx, actor, firm.id, file).await?;
        let m = store::insert(
            &tx,
            qualification::Model {
                id: Uuid::new_v4(),
                firm_id: firm.id,
                qual_type: q.qual_type.clone(),
                grade: q.grade.clone(),
                number: q.number.clone(),
                issuer: q.issuer.clone(),
                valid_from: q.valid_from,
                valid_until: q.valid_until,
                evidence_file_id: evidence_file,
                created_at: now(),
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "firm.qualification.add",
            "qualification",
            &m.id.to_string(),
            json!({ "firm": firm.id, "type": q.qual_type, "grade": q.grade, "number": q.number,
                    "valid_from": q.valid_from, "valid_until": q.valid_until,
                    "evidence_file": evidence_file }),
        )
        .await?;
        listing_changed(&tx, Some(firm.id)).await?;
        tx.commit().await?;
        self.directory_cache.written();
        Ok(qualification_view(m, today_in_china()))
    }

    pub async fn remove_qualification(&self, actor: &Actor, id: Uuid) -> Result<()> {
        self.remove_owned(
            Declaration::Qualification,
            actor,
            id,
            "firm.qualification.remove",
        )
        .await
    }

    /// Declares a licensed practitioner; the evidence works as for [`Self::add_qualification`].
    pub async fn add_practitioner(
        &self,
        actor: &Actor,
        input: &PractitionerInput,
    ) -> Result<PractitionerView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let file = input
            .evidence_file
            .clone()
            .map(|f| f.check("evidence_file"))
            .transpose()?;
        let p = Practitioner::parse(input).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let firm = own_firm(&tx, actor).await?;
        let evidence_file = self.settle_evidence(&tx, actor, firm.id, file).await?;
        let m = store::insert(
            &tx,
            practitioner::Model {
                id: Uuid::new_v4(),
                firm_id: firm.id,
                name: p.name.clone(),
                qualification: p.qualification.clone(),
                certificate_number: p.certificate_number.clone(),
                valid_until: p.valid_until,
                evidence_file_id: evidence_file,
                created_at: now(),
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "firm.practitioner.add",
            "practitioner",
            &m.id.to_string(),
            json!({ "firm": firm.id, "name": p.name, "qualification": p.qualification,
                    "certificate_number": p.certificate_number, "evidence_file": evidence_file }),
        )
        .await?;
        tx.commit().await?;
        Ok(PractitionerView {
            validity: Validity::on(today_in_china(), NaiveDate::MIN, m.valid_until),
            id: m.id,
            name: m.name,
            qualification: m.qualification,
            certificate_number: m.certificate_number,
            valid_until: m.valid_until,
            evidence_file_id: m.evidence_file_id,
        })
    }

    pub async fn remove_practitioner(&self, actor: &Actor, id: Uuid) -> Result<()> {
        self.remove_owned(
            Declaration::Practitioner,
            actor,
            id,
            "firm.practitioner.remove",
        )
        .await
    }

    pub async fn add_affiliation(
        &self,
        actor: &Actor,
        department: &str,
        kind: &str,
        note: &str,
    ) -> Result<AffiliationView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let a = Affiliation::parse(department, kind, note).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let firm = own_firm(&tx, actor).await?;
        let m = store::insert(
            &tx,
            affiliation::Model {
                id: Uuid::new_v4(),
                firm_id: firm.id,
                department: a.department.clone(),
                department_key: department_key(&a.department),
                kind: a.kind.as_str().into(),
                note: a.note.clone(),
                created_at: now(),
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "firm.affiliation.add",
            "affiliation",
            &m.id.to_string(),
            json!({ "firm": firm.id, "department": a.department, "kind": a.kind.as_str(), "note": a.note }),
        )
        .await?;
        tx.commit().await?;
        Ok(AffiliationView {
            id: m.id,
            department: m.department,
            kind: a.kind,
            note: m.note,
            created_at: m.created_at,
        })
    }

    pub async fn remove_affiliation(&self, actor: &Actor, id: Uuid) -> Result<()> {
        self.remove_owned(
            Declaration::Affiliation,
            actor,
            id,
            "firm.affiliation.remove",
        )
        .await
    }

    /// Declares a person behind the firm (a shareholder or a senior executive) by name and ID
    /// number (kept only as a keyed hash). A black-listing follows them: one who stands behind a
    /// black-listed firm too puts this firm on the black list with it, at once.
    pub async fn add_person(
        &self,
        actor: &Actor,
        name: &str,
        role: &str,
        id_number: &str,
    ) -> Result<PersonView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let p = DeclaredPerson::parse(name, role, id_number).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let firm = own_firm(&tx, actor).await?;
        let t = now();
        let m = store::insert(
            &tx,
            firm_person::Model {
                id: Uuid::new_v4(),
                firm_id: firm.id,
                role: p.role.as_str().into(),
                name: p.name.clone(),
                id_hash: id_hash(&self.config.id_hash_key, &p.id_number),
                created_at: t,
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "firm.person.add",
            "firm_person",
            &m.id.to_string(),
            json!({ "firm": firm.id, "name": p.name, "role": p.role.as_str() }),
        )
        .await?;
        self.follow_people_of(&tx, &firm, t).await?;
        tx.commit().await?;
        self.directory_cache.written();
        Ok(PersonView {
            id: m.id,
            name: m.name,
            role: p.role,
            created_at: m.created_at,
        })
    }

    /// Withdraws a declared person; a black-listing that followed only them ends.
    pub async fn remove_person(&self, actor: &Actor, id: Uuid) -> Result<()> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let tx = begin_write(&self.db).await?;
        let firm = own_firm(&tx, actor).await?;
        if !stored_firms::remove_declaration(&tx, Declaration::Person, id, firm.id).await? {
            return Err(Error::NotFound);
        }
        record(
            &tx,
            AuditActor::Account(actor),
            "firm.person.remove",
            "firm_person",
            &id.to_string(),
            json!({ "firm": firm.id }),
        )
        .await?;
        self.follow_people_of(&tx, &firm, now()).await?;
        listing_changed(&tx, Some(firm.id)).await?;
        tx.commit().await?;
        self.directory_cache.written();
        Ok(())
    }

    /// After the people behind a firm changed: the black-listings that follow them put in
    /// place or ended, and the firm assessed again when they did.
    pub(super) async fn follow_people_of(
        &self,
        tx: &DatabaseTransaction,
        firm: &firm::Model,
        t: DateTime<Utc>,
    ) -> Result<()> {
        if crate::service::credit::follow_people(tx, firm, t).await? {
            let policy = crate::service::credit::current_policy(tx).await?.policy;
            crate::service::credit::reassess(tx, self, &policy, firm.id, t).await?;
        }
        Ok(())
    }

    /// Deletes one of the caller firm's declarations (a row with `id` and `firm_id`), audited.
    pub(super) async fn remove_owned(
        &self,
        kind: Declaration,
        actor: &Actor,
        id: Uuid,
        action: &str,
    ) -> Result<()> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let tx = begin_write(&self.db).await?;
        let firm = own_firm(&tx, actor).await?;
        if !stored_firms::remove_declaration(&tx, kind, id, firm.id).await? {
            return Err(Error::NotFound);
        }
        record(
            &tx,
            AuditActor::Account(actor),
            action,
            kind.table(),
            &id.to_string(),
            json!({ "firm": firm.id }),
        )
        .await?;
        // Only a qualification shows in the directory; a practitioner or affiliation removal
        // reloads the firm's entry unchanged, which costs one firm's read.
        listing_changed(&tx, Some(firm.id)).await?;
        tx.commit().await?;
        self.directory_cache.written();
        Ok(())
    }
}
