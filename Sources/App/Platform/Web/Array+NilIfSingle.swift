import Fluent
import SamverkanCore
import Vapor

extension Array {
    /// nil unless there are at least two elements: a list of one version is not worth showing.
    var nilIfSingle: [Element]? { count > 1 ? self : nil }
}

extension Array {
    /// nil when empty: Leaf takes any array, even an empty one, as true.
    var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
