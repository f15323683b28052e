import Vapor

/// Mounts the controllers; each registers its routes from `Paths` with an access decision.
func routes(_ app: Application) throws {
    try app.register(collection: AuthController())
    try app.register(collection: AdminController())
    try app.register(collection: AgreementEditorController())
    try app.register(collection: PublicController())
}
