using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Demo;

/// <summary>The people of the demo community: enough variety across roles, neighbourhoods and skills
/// that every screen of a front end has something real to show.</summary>
internal static class DemoPeople
{
    public static IReadOnlyList<DemoPerson> All { get; } =
    [
        new("admin@demo.timebank.local", "Ada Admin", null, null, [], MemberRoles.None, MemberStatus.Active, IsAdmin: true),
        new("coordinator@demo.timebank.local", "Carmen Ortiz", "Riverside", "I keep the bank running; ask me anything.", ["events", "admin"], MemberRoles.Member | MemberRoles.Coordinator, MemberStatus.Active),
        new("coordinator2@demo.timebank.local", "Kwame Mensah", "Old Town", "Second coordinator, weekends.", ["transport", "moving"], MemberRoles.Member | MemberRoles.Coordinator, MemberStatus.Active),
        new("auditor@demo.timebank.local", "Ines Duarte", null, "Treasurer; I reconcile the ledger monthly.", [], MemberRoles.Member | MemberRoles.Auditor, MemberStatus.Active),
        new("maria@demo.timebank.local", "Maria Silva", "Riverside", "Retired teacher, happy to tutor.", ["learning", "cooking"], MemberRoles.Member, MemberStatus.Active),
        new("tom@demo.timebank.local", "Tom Becker", "Hillside", "Handy with tools and bikes.", ["diy", "moving"], MemberRoles.Member, MemberStatus.Active),
        new("aisha@demo.timebank.local", "Aisha Rahman", "Old Town", "Nurse on nights; can help with forms.", ["health", "admin"], MemberRoles.Member, MemberStatus.Active),
        new("li@demo.timebank.local", "Li Wei", "Riverside", "Web developer; phones, laptops, wifi.", ["tech"], MemberRoles.Member, MemberStatus.Active),
        new("sam@demo.timebank.local", "Sam O'Neill", "Hillside", "Keen gardener with a big allotment.", ["gardening", "pets"], MemberRoles.Member, MemberStatus.Active),
        new("fatima@demo.timebank.local", "Fatima Zahra", "Old Town", "I sew, mend and knit.", ["creative", "childcare"], MemberRoles.Member, MemberStatus.Active),
        new("george@demo.timebank.local", "George Papadopoulos", "Harbour", "Cook for big crowds.", ["cooking", "events"], MemberRoles.Member, MemberStatus.Active),
        new("hana@demo.timebank.local", "Hana Kobayashi", "Harbour", "Piano and Japanese lessons.", ["learning", "creative"], MemberRoles.Member, MemberStatus.Active),
        new("olu@demo.timebank.local", "Olu Adeyemi", "Hillside", "Van owner; lifts and moves.", ["transport", "moving"], MemberRoles.Member, MemberStatus.Active),
        new("eva@demo.timebank.local", "Eva Novak", "Riverside", "Dog lover, early riser.", ["pets", "health"], MemberRoles.Member, MemberStatus.Active),
        new("raj@demo.timebank.local", "Raj Patel", "Harbour", "Accountant; budgets and tax forms.", ["admin", "learning"], MemberRoles.Member, MemberStatus.Active),
        new("noor@demo.timebank.local", "Noor Haddad", "Old Town", "New in town, looking to help.", ["cleaning", "care"], MemberRoles.Member, MemberStatus.Active),
        new("pablo@demo.timebank.local", "Pablo Ruiz", "Harbour", "Painter and decorator.", ["diy", "creative"], MemberRoles.Member, MemberStatus.Active),
        new("greta@demo.timebank.local", "Greta Lund", "Hillside", "Visiting and companionship.", ["care"], MemberRoles.Member, MemberStatus.Active),
        new("yusuf@demo.timebank.local", "Yusuf Demir", "Riverside", "Waiting for approval.", ["gardening"], MemberRoles.Member, MemberStatus.Applied),
        new("zoe@demo.timebank.local", "Zoe Martin", "Old Town", "Suspended after a dispute.", ["childcare"], MemberRoles.Member, MemberStatus.Suspended),
    ];
}

internal sealed record DemoPerson(
    string Email, string DisplayName, string? Neighbourhood, string? Bio, IReadOnlyList<string> SkillCategories,
    MemberRoles Roles, MemberStatus Status, bool IsAdmin = false);
