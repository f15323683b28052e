/// Every table and column of the schema, classified: which columns can hold personal data, what
/// erasure does with them, and how a person's rows are found. `PersonalDataTests` checks this
/// list against the migrated schema, so a new table or column cannot land unclassified; the
/// export ("download my data") reads the rows of a person by the `subjects` here.
enum PersonalData {
    /// What erasure does with a column of a person's row.
    enum Erasure: String, Sendable {
        /// The row goes (a meeting registration, a subscription, a draft).
        case delete
        /// The value is cleared and the row stays: "signed by [role] for [organisation]" without the person.
        case anonymise
        /// Kept: a record the municipality must keep under the records law (a signature on a
        /// registered document, a decision); the person is told so.
        case keep
    }

    /// A column that can hold personal data, and what erasure does with it.
    struct Personal: Sendable {
        let column: String
        let erasure: Erasure
        /// Secrets (a password hash, a token's hash) are classified but never exported.
        var secret = false
        /// What an anonymised value becomes when the column may not be empty (a name in a history).
        var placeholder: String? = nil
    }

    /// How a person's rows are found in a table: the column that holds their account id or their address.
    enum Subject: Sendable {
        case user(String)
        case email(String)
    }

    struct Table: Sendable {
        let name: String
        let subjects: [Subject]
        let personal: [Personal]
        /// The table's other columns: no personal data.
        let other: [String]
        /// How long rows live, when a job thins them (shown on the personal-data page).
        var retention: String? = nil
    }

    /// What a name in a kept history becomes when its person is erased.
    static let erasedName = "Raderad person"

    /// Tables the database makes for itself (migrations, the full-text index's inner tables).
    static let internalTables: Set<String> = [
        "_fluent_migrations", "organisation_search", "organisation_search_config", "organisation_search_data",
        "organisation_search_docsize", "organisation_search_idx",
    ]

    static let tables: [Table] = [
        .init(name: "users", subjects: [.user("id")],
              personal: [.init(column: "email", erasure: .anonymise), .init(column: "name", erasure: .anonymise),
                         .init(column: "password_hash", erasure: .anonymise, secret: true), .init(column: "department", erasure: .anonymise)],
              other: ["id", "municipality_id", "role", "created_at", "email_verified_at", "deactivated_at", "language"]),
        .init(name: "sessions", subjects: [], personal: [.init(column: "data", erasure: .delete, secret: true)],
              other: ["id", "key_hash", "created_at", "expires_at"], retention: "sessions"),
        .init(name: "email_tokens", subjects: [.user("user_id"), .email("email")],
              personal: [.init(column: "email", erasure: .delete), .init(column: "user_id", erasure: .delete),
                         .init(column: "token_hash", erasure: .delete, secret: true)],
              other: ["id", "organisation_id", "purpose", "expires_at", "used_at"], retention: "tokens"),
        .init(name: "login_failures", subjects: [.email("email")],
              personal: [.init(column: "email", erasure: .delete), .init(column: "address", erasure: .delete)],
              other: ["id", "at"], retention: "loginFailures"),
        .init(name: "rate_limit_hits", subjects: [], personal: [.init(column: "client", erasure: .delete)],
              other: ["id", "bucket", "at"], retention: "rateLimits"),
        .init(name: "organisation_representatives", subjects: [.user("user_id")],
              personal: [.init(column: "user_id", erasure: .delete)], other: ["id", "organisation_id", "created_at"]),
        .init(name: "contact_persons", subjects: [.email("email")],
              personal: [.init(column: "name", erasure: .delete), .init(column: "role", erasure: .delete),
                         .init(column: "email", erasure: .delete), .init(column: "phone", erasure: .delete)],
              other: ["id", "organisation_id"]),
        .init(name: "organisations", subjects: [.email("email")],
              personal: [.init(column: "email", erasure: .anonymise), .init(column: "phone", erasure: .anonymise)],
              other: ["id", "municipality_id", "merged_into_id", "name", "org_number", "legal_form", "description", "website",
                      "district", "languages", "member_count", "status", "search_text", "confirmed_at", "created_at", "updated_at",
                      "signatory_since", "sort_name"]),
        .init(name: "accessions", subjects: [],
              personal: [.init(column: "organisation_signatory_name", erasure: .keep), .init(column: "municipality_signatory_name", erasure: .keep),
                         .init(column: "application_text", erasure: .keep), .init(column: "withdrawal_reason", erasure: .keep)],
              other: ["id", "organisation_id", "municipality_id", "agreement_id", "protocol_file_id", "signing_event_id", "method",
                      "status", "decision_date", "organisation_signatory_role", "organisation_signed_on", "municipality_signatory_role",
                      "municipality_signed_on", "signed_on", "withdrawn_on", "created_at", "updated_at"]),
        .init(name: "accession_events", subjects: [.user("user_id")],
              personal: [.init(column: "user_id", erasure: .anonymise), .init(column: "actor_name", erasure: .anonymise, placeholder: erasedName),
                         .init(column: "message", erasure: .keep)],
              other: ["id", "accession_id", "action", "created_at"]),
        .init(name: "version_confirmations", subjects: [.user("user_id")], personal: [.init(column: "user_id", erasure: .anonymise)],
              other: ["id", "organisation_id", "agreement_id", "created_at"]),
        .init(name: "signing_events", subjects: [.user("created_by")],
              personal: [.init(column: "signatory_name", erasure: .keep), .init(column: "created_by", erasure: .anonymise)],
              other: ["id", "municipality_id", "agreement_id", "title", "date", "signatory_role", "created_at"]),
        .init(name: "stored_files", subjects: [.user("uploaded_by")],
              personal: [.init(column: "uploaded_by", erasure: .anonymise), .init(column: "original_name", erasure: .keep)],
              other: ["id", "organisation_id", "stored_name", "content_type", "size", "sha256", "created_at"]),
        .init(name: "council_members", subjects: [.email("email")],
              personal: [.init(column: "name", erasure: .keep), .init(column: "email", erasure: .anonymise), .init(column: "affiliation", erasure: .keep)],
              other: ["id", "council_id", "party", "role", "term_start", "term_end"]),
        .init(name: "meeting_registrations", subjects: [.email("email"), .user("registered_by")],
              personal: [.init(column: "name", erasure: .delete), .init(column: "email", erasure: .delete),
                         .init(column: "registered_by", erasure: .delete), .init(column: "token", erasure: .delete, secret: true),
                         .init(column: "certificate_token", erasure: .delete, secret: true)],
              other: ["id", "meeting_id", "organisation_id", "status", "attended", "reminded_at", "registered_at", "cancelled_at", "confirm_by",
                      "certificate_sent_at", "language"],
              retention: "registrations"),
        .init(name: "meeting_invitations", subjects: [.email("email")], personal: [.init(column: "email", erasure: .delete)],
              other: ["id", "meeting_id", "sent_at"], retention: "invitations"),
        .init(name: "mail_opt_outs", subjects: [.email("email")],
              personal: [.init(column: "email", erasure: .delete), .init(column: "token", erasure: .delete, secret: true)],
              other: ["id", "municipality_id", "opted_out_at"]),
        .init(name: "outbox_messages", subjects: [.email("to_address")],
              personal: [.init(column: "to_address", erasure: .delete), .init(column: "body", erasure: .delete),
                         .init(column: "subject", erasure: .delete), .init(column: "unsubscribe_url", erasure: .delete, secret: true),
                         .init(column: "last_error", erasure: .delete), .init(column: "html_body", erasure: .delete)],
              other: ["id", "municipality_id", "kind", "message_id", "status", "attempts", "next_attempt_at", "claim_token",
                      "claimed_at", "sent_at", "created_at", "language", "newsletter_issue_id"], retention: "mail"),
        .init(name: "newsletter_subscribers", subjects: [.email("email")],
              personal: [.init(column: "email", erasure: .delete), .init(column: "token", erasure: .delete, secret: true)],
              other: ["id", "municipality_id", "language", "status", "confirm_by", "confirmed_at", "created_at"], retention: "newsletterSubscribers"),
        .init(name: "undeliverable_addresses", subjects: [.email("email")],
              personal: [.init(column: "email", erasure: .delete), .init(column: "reason", erasure: .delete)],
              other: ["id", "marked_at"], retention: "undeliverable"),
        .init(name: "newsletter_issues", subjects: [.user("created_by")],
              personal: [.init(column: "created_by", erasure: .anonymise)],
              other: ["id", "municipality_id", "subject", "body", "segment", "area_id", "status", "since", "sent_at",
                      "recipients", "created_at", "updated_at"]),
        .init(name: "newsletter_translations", subjects: [], personal: [],
              other: ["id", "issue_id", "language", "subject", "body"]),
        .init(name: "activity_notes", subjects: [.user("author_id")],
              personal: [.init(column: "author_name", erasure: .anonymise, placeholder: erasedName), .init(column: "author_id", erasure: .anonymise)],
              other: ["id", "activity_id", "date", "text", "created_at"]),
        .init(name: "obligation_records", subjects: [.user("recorded_by")], personal: [.init(column: "recorded_by", erasure: .anonymise)],
              other: ["id", "municipality_id", "kind", "date", "title", "created_at"]),
        .init(name: "follow_up_responses", subjects: [.user("updated_by")],
              personal: [.init(column: "updated_by", erasure: .anonymise)],
              other: ["id", "round_id", "organisation_id", "department_id", "party", "status", "token", "submitted_at", "updated_at", "invited_at"]),
        // Answers are the organisation's, and reported without names; a comment may name someone,
        // which is why the coordinator approves each before it is shown.
        .init(name: "follow_up_answers", subjects: [], personal: [.init(column: "comment", erasure: .keep)],
              other: ["id", "response_id", "question_id", "round_id", "party", "counted", "rating", "dont_know", "choice_mask", "comment_status"]),
        .init(name: "departments", subjects: [.email("email")], personal: [.init(column: "email", erasure: .anonymise)],
              other: ["id", "municipality_id", "name"]),
        .init(name: "agreements", subjects: [.email("contact_email")],
              personal: [.init(column: "contact_name", erasure: .keep), .init(column: "contact_email", erasure: .keep),
                         .init(column: "contact_phone", erasure: .keep)],
              other: ["id", "municipality_id", "version", "status", "title", "subtitle", "purpose", "municipality_party",
                      "civil_society_party", "adopted_by", "adopted_on", "reference_number", "valid_from", "valid_until",
                      "revision_interval_years", "document_owner", "published_at", "created_at", "updated_at", "plan_period_start",
                      "plan_period_end", "plan_next_review"]),
        .init(name: "municipalities", subjects: [.email("contact_email")],
              personal: [.init(column: "contact_name", erasure: .anonymise), .init(column: "contact_email", erasure: .anonymise),
                         .init(column: "contact_phone", erasure: .anonymise)],
              other: ["id", "slug", "name", "created_at", "content_version", "contact_address", "accessibility_statement",
                      "accessibility_reviewed_on", "privacy_notice", "data_controller", "districts", "accent_colour",
                      "logo_stored_name", "logo_content_type", "logo_sha256", "logo_width", "logo_height", "kind",
                      "inquiry_target_days", "inquiry_retention_months", "volunteer_signatories_only", "volunteer_retention_months", "languages",
                      "rules_judged_from"]),
        // The audit trail is the municipality's record of who changed what: it is kept as it is.
        .init(name: "audit_events", subjects: [.user("user_id")],
              personal: [.init(column: "user_id", erasure: .keep), .init(column: "actor_name", erasure: .keep),
                         .init(column: "before", erasure: .keep), .init(column: "after", erasure: .keep), .init(column: "path", erasure: .keep)],
              other: ["id", "created_at", "municipality_id", "kind", "route", "status", "table_name", "row_id"]),
        // Tables that hold no personal data.
        .init(name: "content_translations", subjects: [], personal: [],
              other: ["id", "municipality_id", "subject", "subject_id", "field", "language", "text", "source", "updated_at"]),
        .init(name: "articles", subjects: [], personal: [],
              other: ["id", "municipality_id", "slug", "title", "summary", "body", "image_stored_name", "image_content_type", "image_sha256",
                      "image_width", "image_height", "image_alt", "publish_on", "status", "created_at", "updated_at"]),
        .init(name: "decisions", subjects: [], personal: [],
              other: ["id", "municipality_id", "title", "decided_by", "decided_on", "reference_number", "summary", "url", "pdf_stored_name",
                      "pdf_name", "pdf_sha256", "consultation", "consulted_on", "meeting_id", "created_at", "updated_at"]),
        .init(name: "decision_principles", subjects: [], personal: [], other: ["id", "decision_id", "key"]),
        .init(name: "support_forms", subjects: [], personal: [],
              other: ["id", "municipality_id", "slug", "kind", "name", "who_may_apply", "how_to_apply", "deadlines", "position",
                      "created_at", "updated_at"]),
        .init(name: "support_rule_versions", subjects: [], personal: [],
              other: ["id", "support_form_id", "effective_from", "rules", "change_note", "created_at"]),
        .init(name: "partnerships", subjects: [], personal: [],
              other: ["id", "municipality_id", "organisation_id", "department_id", "title", "purpose", "starts_on", "ends_on", "contribution",
                      "status", "is_public", "contribution_public", "next_follow_up_on", "document_stored_name", "document_name",
                      "document_sha256", "created_at", "updated_at"]),
        .init(name: "partnership_commitments", subjects: [], personal: [], other: ["id", "partnership_id", "key"]),
        .init(name: "partnership_reminders", subjects: [], personal: [], other: ["id", "partnership_id", "key", "sent_at"]),
        .init(name: "app_secrets", subjects: [], personal: [], other: ["id", "name", "value"]),
        .init(name: "activity_areas", subjects: [], personal: [], other: ["id", "municipality_id", "name", "position"]),
        .init(name: "agreement_rules", subjects: [], personal: [],
              other: ["id", "agreement_id", "position", "type", "meeting_kind", "minimum", "every_months", "due_date", "note"]),
        .init(name: "annual_reports", subjects: [], personal: [], other: ["id", "municipality_id", "year", "introduction", "published_at"]),
        .init(name: "commitment_links", subjects: [], personal: [], other: ["id", "municipality_id", "from_commitment_id", "to_commitment_id"]),
        .init(name: "commitment_principles", subjects: [], personal: [], other: ["id", "commitment_id", "principle_id", "position"]),
        .init(name: "commitments", subjects: [], personal: [], other: ["id", "agreement_id", "key", "position", "party", "text"]),
        .init(name: "councils", subjects: [], personal: [], other: ["id", "municipality_id", "name", "description"]),
        .init(name: "development_areas", subjects: [], personal: [], other: ["id", "agreement_id", "key", "position", "name", "description"]),
        .init(name: "follow_up_questions", subjects: [], personal: [],
              other: ["id", "round_id", "position", "kind", "commitment_id", "principle_id", "text", "options"]),
        .init(name: "follow_up_rounds", subjects: [], personal: [],
              other: ["id", "municipality_id", "agreement_id", "year", "status", "opens_on", "closes_on", "minimum_answers", "published_at", "created_at"]),
        .init(name: "follow_up_tallies", subjects: [], personal: [],
              other: ["round_id", "question_id", "party", "rating", "dont_know", "choice_mask", "n"]),
        .init(name: "meeting_kinds", subjects: [], personal: [], other: ["id", "municipality_id", "name"]),
        .init(name: "meetings", subjects: [], personal: [],
              other: ["id", "municipality_id", "kind", "title", "description", "agenda", "starts_at", "ends_at", "place", "online_url",
                      "capacity", "registration_deadline", "audience", "status", "status_note", "moved_from", "sequence", "minutes",
                      "decisions", "minutes_published_at", "minutes_file_name", "minutes_file_stored", "minutes_file_sha256",
                      "created_at", "updated_at", "arranger_id"]),
        .init(name: "obligation_warnings", subjects: [], personal: [], other: ["id", "municipality_id", "key", "sent_at"]),
        .init(name: "organisation_activity_areas", subjects: [], personal: [], other: ["id", "organisation_id", "area_id"]),
        .init(name: "organisation_facets", subjects: [], personal: [], other: ["municipality_id", "district", "legal_form", "signed", "n"]),
        .init(name: "plan_activities", subjects: [], personal: [],
              other: ["id", "area_id", "position", "title", "description", "owner_party", "responsible", "start_date", "due_date", "status", "indicator"]),
        .init(name: "principles", subjects: [], personal: [], other: ["id", "agreement_id", "key", "position", "name", "description"]),
        .init(name: "contact_topics", subjects: [], personal: [],
              other: ["id", "municipality_id", "department_id", "name", "description", "target_days", "position"]),
        // A received inquiry is a public record (allmän handling): erasure keeps it and says so;
        // retention thins resident inquiries by the municipality's rules.
        .init(name: "inquiries", subjects: [.email("inquirer_email"), .user("user_id")],
              personal: [.init(column: "inquirer_name", erasure: .keep), .init(column: "inquirer_email", erasure: .keep),
                         .init(column: "subject", erasure: .keep), .init(column: "body", erasure: .keep),
                         .init(column: "user_id", erasure: .keep), .init(column: "assigned_to", erasure: .keep)],
              other: ["id", "municipality_id", "topic_id", "department_id", "kind", "status", "received_at", "verified_at",
                      "first_answered_at", "closed_at", "due_on", "target_days", "reference_number", "answer_working_days", "thinned_at",
                      "inquirer_language"],
              retention: "inquiries"),
        .init(name: "inquiry_touches", subjects: [], personal: [], other: ["id", "inquiry_id", "kind", "key"]),
        .init(name: "inquiry_reminders", subjects: [], personal: [], other: ["id", "inquiry_id", "key", "sent_at"]),
        // Volunteering: the assignment is the organisation's; an offer is the volunteer's, removed
        // a set time after the assignment ends (the dates and the state stay for the figures).
        .init(name: "volunteer_assignments", subjects: [.user("created_by")],
              personal: [.init(column: "created_by", erasure: .anonymise)],
              other: ["id", "municipality_id", "organisation_id", "area_id", "title", "description", "schedule", "starts_at", "ends_at",
                      "recurrence", "days", "time_needed", "online", "address", "district", "languages", "min_age", "suits_young",
                      "record_extract", "wanted", "last_day", "status", "return_reason", "published_at", "filled_at", "ended_on",
                      "search_text", "posted_at", "updated_at"]),
        .init(name: "volunteer_interests", subjects: [.email("email")],
              personal: [.init(column: "name", erasure: .delete), .init(column: "email", erasure: .delete),
                         .init(column: "phone", erasure: .delete), .init(column: "message", erasure: .delete),
                         .init(column: "answer", erasure: .delete), .init(column: "answered_by", erasure: .delete)],
              other: ["id", "assignment_id", "language", "status", "created_at", "confirm_by", "confirmed_at", "answered_at",
                      "withdrawn_at", "erased_at"],
              retention: "volunteers"),
        .init(name: "volunteer_links", subjects: [], personal: [.init(column: "token_hash", erasure: .delete, secret: true)],
              other: ["id", "interest_id", "created_at"], retention: "volunteers"),
        .init(name: "volunteer_reminders", subjects: [], personal: [], other: ["id", "interest_id", "key", "sent_at"]),
        // The file is part of the received inquiry: kept with it, thinned with it.
        .init(name: "inquiry_attachments", subjects: [],
              personal: [.init(column: "original_name", erasure: .keep), .init(column: "stored_name", erasure: .keep, secret: true)],
              other: ["id", "inquiry_id", "content_type", "sha256", "size", "created_at"], retention: "inquiries"),
        .init(name: "inquiry_events", subjects: [.user("author_id")],
              personal: [.init(column: "author_id", erasure: .keep), .init(column: "author_name", erasure: .keep), .init(column: "text", erasure: .keep)],
              other: ["id", "inquiry_id", "at", "kind", "is_internal"]),
        .init(name: "inquiry_links", subjects: [], personal: [.init(column: "token_hash", erasure: .keep, secret: true)],
              other: ["id", "inquiry_id", "created_at"]),
        // A municipal contact person: the entry goes when the person asks, the topic stays.
        .init(name: "topic_contacts", subjects: [.email("email")],
              personal: [.init(column: "name", erasure: .delete), .init(column: "title", erasure: .delete),
                         .init(column: "email", erasure: .delete), .init(column: "phone", erasure: .delete)],
              other: ["id", "topic_id", "is_public", "position"]),
    ]

    static func table(_ name: String) -> Table? { tables.first { $0.name == name } }
}
