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

    public const string Drop = """
        DROP TRIGGER IF EXISTS Listings_SearchUpdate;
        DROP TRIGGER IF EXISTS Listings_SearchDelete;
        DROP TRIGGER IF EXISTS Listings_SearchInsert;
        DROP TABLE IF EXISTS ListingSearch;
        """;
}
