import Vapor

/// Mounts the controllers; each registers its routes from `Paths` with an access decision.
func routes(_ app: Application) throws {
    try app.register(collection: AuthController())
    try app.register(collection: WorkspaceController())
    try app.register(collection: AdminController())
    try app.register(collection: AgreementChangesController())
    try app.register(collection: DirectoryController())
    try app.register(collection: AgreementEditorController())
    try app.register(collection: RegisterPublicController())
    try app.register(collection: SignatoriesController())
    try app.register(collection: OrganisationController())
    try app.register(collection: AccessionController())
    try app.register(collection: RegisterAdminController())
    try app.register(collection: AccessionReviewController())
    try app.register(collection: OutboxAdminController())
    try app.register(collection: MeetingsController())
    try app.register(collection: MeetingAdminController())
    try app.register(collection: CouncilController())
    try app.register(collection: RulesController())
    try app.register(collection: UnsubscribeController())
    try app.register(collection: FollowUpController())
    try app.register(collection: FollowUpAdminController())
    try app.register(collection: ActionPlanController())
    try app.register(collection: AnnualReportController())
    try app.register(collection: TrustController())
    try app.register(collection: LogoController())
    try app.register(collection: PasswordResetController())
    try app.register(collection: AccountController())
    try app.register(collection: StaffAdminController())
    try app.register(collection: MunicipalitiesAdminController())
    try app.register(collection: PrivacyController())
    try app.register(collection: AuditController())
    try app.register(collection: PublicController())
    if let file = Environment.get("SAMVERKAN_BENCH_BARE_FILE") {
        try app.register(collection: BenchmarkController(file: file))
    }
}
