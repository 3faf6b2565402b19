namespace AgentPlatform.Api.PlanReview;

/// <summary>One step of a reviewed plan.</summary>
/// <param name="Title">1 to 200 characters.</param>
public sealed record ReviewedStepRequest(string? Title);

/// <summary>Body of <c>PUT /api/v1/sessions/{id}/plan</c>.</summary>
/// <param name="Steps">The plan to execute: 1 to the profile's maxSteps steps.</param>
/// <param name="Approve">Must be true: the plan is edited only to approve it.</param>
public sealed record ReviewPlanRequest(IReadOnlyList<ReviewedStepRequest?>? Steps, bool? Approve)
{
    public const int MaxTitleLength = 200;

    public Dictionary<string, string[]> Validate(int maxSteps)
    {
        var errors = new Dictionary<string, string[]>();
        if (Approve != true)
        {
            errors["approve"] = ["approve must be true: putting a plan approves it."];
        }

        if (Steps is null || Steps.Count < 1 || Steps.Count > maxSteps)
        {
            errors["steps"] = [$"A plan has 1 to {maxSteps} steps."];
            return errors;
        }

        for (var i = 0; i < Steps.Count; i++)
        {
            var title = Steps[i]?.Title?.Trim();
            if (string.IsNullOrEmpty(title) || title.Length > MaxTitleLength)
            {
                errors[$"steps[{i}].title"] = [$"A step's title has 1 to {MaxTitleLength} characters."];
            }
        }

        return errors;
    }

    public IReadOnlyList<string> Titles => [.. Steps!.Select(s => s!.Title!.Trim())];
}
