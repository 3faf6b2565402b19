using Microsoft.Extensions.Options;

namespace AgentPlatform.Core.Agents;

/// <summary>
/// Checks the profiles at start, naming the bad key: approval patterns must be tool names or <c>&lt;server&gt;__*</c>,
/// and a plan can be reviewed only where there is one.
/// </summary>
public sealed class AgentProfilesValidator : IValidateOptions<AgentProfiles>
{
    public ValidateOptionsResult Validate(string? name, AgentProfiles options)
    {
        var failures = new List<string>();
        foreach (var (taskType, profile) in options.Profiles)
        {
            var key = $"{AgentProfiles.Section}:Profiles:{taskType}";
            for (var i = 0; i < profile.RequireApproval.Count; i++)
            {
                if (!ToolPatterns.IsValid(profile.RequireApproval[i]))
                {
                    failures.Add($"{key}:RequireApproval:{i} '{profile.RequireApproval[i]}' is neither a tool name ([A-Za-z0-9_-], at most 64) nor '<server>__*'.");
                }
            }

            if (profile.ReviewPlan && !profile.Planning)
            {
                failures.Add($"{key}:ReviewPlan needs {key}:Planning true: a profile without planning has no plan to review.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
