import Yams

/// The agreement file format (YAML), documented in docs/agreement-format.md.
public enum AgreementFile {
    public static let formatIdentifier = "samverkan-agreement/1"

    /// Reads a file; throws `AgreementFileError` listing every problem found.
    public static func parse(_ text: String) throws(AgreementFileError) -> AgreementDocument {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw AgreementFileError(problems: [
                    .init(.missingField, line: nil, field: "", message: "Filen är tom."),
                ])
            }
            root = node
        } catch let error as AgreementFileError {
            throw error
        } catch {
            throw AgreementFileError(problems: [problem(fromYAMLError: error)])
        }
        var reader = AgreementFileReader()
        let document = reader.document(root)
        guard reader.problems.isEmpty, let document else {
            throw AgreementFileError(problems: reader.problems)
        }
        return document
    }

    private static func problem(fromYAMLError error: any Error) -> AgreementFileProblem {
        guard let yamlError = error as? YamlError else {
            return .init(.syntax, line: nil, field: "", message: "Filen är inte giltig YAML: \(error)")
        }
        switch yamlError {
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return .init(.duplicateKey, line: context.mark.line, field: duplicates.joined(separator: ", "),
                         message: "Nyckeln \(names) förekommer mer än en gång på samma nivå.")
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return .init(.syntax, line: mark.line, field: "",
                         message: "Filen är inte giltig YAML (\(problem)).")
        default:
            return .init(.syntax, line: nil, field: "", message: "Filen är inte giltig YAML: \(yamlError)")
        }
    }
}
