namespace AgentPlatform.Api.Infrastructure;

/// <summary>Parses the contract's snake_case enum values from query strings.</summary>
internal static class WireEnum
{
    public static TEnum? Parse<TEnum>(string? value, string field, Dictionary<string, string[]> errors) where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(JsonDefaults.Wire(candidate), value, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        errors[field] = [$"'{value}' is not one of {string.Join(", ", Enum.GetValues<TEnum>().Select(JsonDefaults.Wire))}."];
        return null;
    }
}
