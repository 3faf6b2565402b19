namespace AgentPlatform.Api.Deployment;

/// <summary>Whether the Api migrates when it starts (section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>On by default (local runs, the AppHost); Production sets it off and runs the <c>migrate</c> step instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    public static bool MigrateOnStartIn(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<DatabaseOptions>()?.MigrateOnStart ?? true;
}
