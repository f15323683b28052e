import Fluent
import SamverkanCore
import Vapor

extension Request {
    /// Renders any template as a form page; 422 when shown again because of errors.
    func renderForm<T: Encodable>(_ template: String, _ context: T, failed: Bool) async throws -> Response {
        let response = try await view.render(template, context).encodeResponse(for: self)
        if failed { response.status = .unprocessableEntity }
        return response
    }

    /// After a successful save: back to the version page with a confirmation.
    func savedRedirect(_ to: String) -> Response {
        flash(t("edit.saved"))
        return redirect(to: to)
    }

    /// Renders a form page; 422 when it is shown again because of errors.
    func renderForm(_ page: FormPage, failed: Bool) async throws -> Response {
        try await renderForm("partials/form-page", page, failed: failed)
    }
}
