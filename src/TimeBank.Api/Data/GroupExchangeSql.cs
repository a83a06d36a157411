namespace TimeBank.Api.Data;

/// <summary>Hand-written SQL of the group exchanges' migration.</summary>
public static class GroupExchangeSql
{
    /// <summary>
    /// Links a share to its group. SQLite adds a nullable column with its foreign key in place (ALTER TABLE ADD COLUMN ...
    /// REFERENCES), where EF Core's AddForeignKey rebuilds the table with foreign keys switched off, outside a transaction.
    /// </summary>
    public const string AddShareLink = """
        ALTER TABLE "Exchanges" ADD COLUMN "GroupExchangeId" INTEGER NULL
            CONSTRAINT "FK_Exchanges_GroupExchanges_GroupExchangeId" REFERENCES "GroupExchanges" ("Id") ON DELETE RESTRICT;
        """;
}
