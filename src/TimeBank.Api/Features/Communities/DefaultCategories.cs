namespace TimeBank.Api.Features.Communities;

/// <summary>
/// The taxonomy a new community starts with: the kinds of help time banks exchange most, so members
/// can list skills on day one. Coordinators rename, add and archive from there.
/// </summary>
public static class DefaultCategories
{
    public static IReadOnlyList<(string Slug, string Name, string Description)> All { get; } =
    [
        ("care", "Care and companionship", "Visiting, sitting with someone, phone check-ins, respite for carers."),
        ("childcare", "Children and families", "Babysitting, school runs, homework help."),
        ("cooking", "Cooking and food", "Meals, batch cooking, baking, preserving, food shopping."),
        ("cleaning", "Cleaning and tidying", "Household cleaning, decluttering, laundry."),
        ("diy", "Repairs and DIY", "Small repairs, furniture assembly, painting, bike repair."),
        ("gardening", "Gardening", "Weeding, planting, mowing, allotment help."),
        ("tech", "Computers and phones", "Setting up devices, online forms, video calls, troubleshooting."),
        ("transport", "Lifts and errands", "Lifts to appointments, collecting prescriptions, errands."),
        ("learning", "Teaching and tutoring", "Languages, music, maths, skills sharing."),
        ("admin", "Paperwork and admin", "Letters, forms, budgeting, translation."),
        ("health", "Health and wellbeing", "Walking buddy, exercise, relaxation."),
        ("creative", "Arts and crafts", "Sewing, mending, knitting, photography, design."),
        ("pets", "Pets and animals", "Dog walking, pet sitting, feeding."),
        ("events", "Community and events", "Organising, setting up, stewarding, publicity."),
        ("moving", "Moving and lifting", "Help with moves, carrying, disposal runs."),
    ];
}
