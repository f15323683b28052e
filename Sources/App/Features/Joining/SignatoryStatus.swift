import Fluent
import Foundation
import SQLKit

/// Recomputes `organisations.signatory_since` from the accessions, in SQL. Called in the same
/// transaction as every change that makes an organisation a signatory or stops it being one.
enum SignatoryStatus {
    private static let earliestSigned: SQLQueryString = """
        signatory_since = (SELECT MIN(a.signed_on) FROM accessions a
                           WHERE a.organisation_id = organisations.id AND a.status = 'signed')
        """

    static func refresh(_ organisationIDs: [UUID], on db: any Database) async throws {
        guard !organisationIDs.isEmpty, let sql = db as? any SQLDatabase else { return }
        try await sql.raw("UPDATE organisations SET \(earliestSigned) WHERE id IN (\(binds: organisationIDs))").run()
    }

    static func refresh(municipality id: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("UPDATE organisations SET \(earliestSigned) WHERE municipality_id = \(bind: id)").run()
    }

    static func refreshAll(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("UPDATE organisations SET \(earliestSigned)").run()
    }
}
