namespace TimeBank.Api.Data;

/// <summary>
/// The full-text index of listings, which EF Core cannot model: an external-content FTS5 table over
/// <c>Listings</c> (title, description, tags), kept in step by triggers. Migrations call
/// <see cref="Create"/> after creating <c>Listings</c>, and <see cref="Drop"/> before dropping it.
/// </summary>
public static class ListingSearchSql
{
    public const string Create = """
        CREATE VIRTUAL TABLE ListingSearch USING fts5(
            Title, Description, Tags,
            content='Listings', content_rowid='Id',
            tokenize='unicode61 remove_diacritics 2');
        CREATE TRIGGER Listings_SearchInsert AFTER INSERT ON Listings BEGIN
            INSERT INTO ListingSearch(rowid, Title, Description, Tags) VALUES (new.Id, new.Title, new.Description, new.Tags);
        END;
        CREATE TRIGGER Listings_SearchDelete AFTER DELETE ON Listings BEGIN
            INSERT INTO ListingSearch(ListingSearch, rowid, Title, Description, Tags) VALUES ('delete', old.Id, old.Title, old.Description, old.Tags);
        END;
        CREATE TRIGGER Listings_SearchUpdate AFTER UPDATE OF Title, Description, Tags ON Listings BEGIN
            INSERT INTO ListingSearch(ListingSearch, rowid, Title, Description, Tags) VALUES ('delete', old.Id, old.Title, old.Description, old.Tags);
            INSERT INTO ListingSearch(rowid, Title, Description, Tags) VALUES (new.Id, new.Title, new.Description, new.Tags);
        END;
        INSERT INTO ListingSearch(ListingSearch) VALUES ('rebuild');
        """;

    /// <summary>
    /// FTS5's secure-delete: a delete (or the delete half of an update) removes the words from the index itself,
    /// instead of adding a tombstone beside them, so an erased listing's words leave the file. Persistent (kept
    /// in the index's config table); needs SQLite 3.42 or later.
    /// </summary>
    public const string SecureDelete = "INSERT INTO ListingSearch(ListingSearch, rank) VALUES ('secure-delete', 1);";

    /// <summary>Undoes <see cref="SecureDelete"/>.</summary>
    public const string NoSecureDelete = "INSERT INTO ListingSearch(ListingSearch, rank) VALUES ('secure-delete', 0);";

    public const string Drop = """
        DROP TRIGGER IF EXISTS Listings_SearchUpdate;
        DROP TRIGGER IF EXISTS Listings_SearchDelete;
        DROP TRIGGER IF EXISTS Listings_SearchInsert;
        DROP TABLE IF EXISTS ListingSearch;
        """;
}
