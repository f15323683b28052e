/// Every address of the news.
extension SiteURL {
    static let news = SiteURL(":kommun", "aktuellt")
    static let newsFeed = SiteURL(":kommun", "aktuellt.atom")
    static let article = news.appending(":article")
    static let articleImage = article.appending("bild")
    static let newsAdmin = SiteURL("admin", ":kommun", "aktuellt")
    static let articleNew = newsAdmin.appending("ny")
    static let articleAdmin = newsAdmin.appending(":article")
    static let articleRemove = articleAdmin.appending("ta-bort")
    static let articleAdminImage = articleAdmin.appending("bild")
}
