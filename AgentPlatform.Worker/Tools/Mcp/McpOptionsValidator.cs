using AgentPlatform.Core.Agents;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>
/// Checks <c>Mcp:Servers</c> at start; each message names the configuration key at fault (never a value: Env and
/// Headers may hold secrets).
/// </summary>
internal sealed partial class McpOptionsValidator : IValidateOptions<McpOptions>
{
    public ValidateOptionsResult Validate(string? name, McpOptions options)
    {
        var errors = new List<string>();
        if (options.ReconnectDelay <= TimeSpan.Zero || options.MaxReconnectDelay < options.ReconnectDelay)
        {
            errors.Add($"{McpOptions.Section}:ReconnectDelay must be positive and at most {McpOptions.Section}:MaxReconnectDelay.");
        }

        if (options.ElicitationTimeout <= TimeSpan.Zero || options.ElicitationTimeout > TimeSpan.FromDays(1))
        {
            errors.Add($"{McpOptions.Section}:ElicitationTimeout must be more than 0 and at most 1 day.");
        }

        if (options.ElicitationPollInterval < TimeSpan.FromMilliseconds(50) || options.ElicitationPollInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{McpOptions.Section}:ElicitationPollInterval must be between 50 ms and 1 minute.");
        }

        foreach (var (server, o) in options.Servers)
        {
            var key = $"{McpOptions.Section}:Servers:{server}";
            if (!ServerName().IsMatch(server) || server.Contains(ToolPatterns.ServerSeparator, StringComparison.Ordinal))
            {
                errors.Add($"{key}: a server name is 1 to 32 letters, digits, '-' or '_', without '__' (it prefixes its tools' names).");
            }

            var stdio = !string.IsNullOrWhiteSpace(o.Command);
            var http = !string.IsNullOrWhiteSpace(o.Url);
            if (stdio == http)
            {
                errors.Add($"{key}: set either {key}:Command (stdio) or {key}:Url (Streamable HTTP), not both or neither.");
            }

            if (http && (!Uri.TryCreate(o.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
            {
                errors.Add($"{key}:Url must be an absolute http or https address.");
            }

            if (stdio && o.Headers.Count > 0)
            {
                errors.Add($"{key}:Headers applies to a server over HTTP only.");
            }

            if (http && (o.Env.Count > 0 || o.Args.Count > 0 || o.WorkingDirectory is not null))
            {
                errors.Add($"{key}: Args, Env and WorkingDirectory apply to a server over stdio only.");
            }

            if (o.WorkingDirectory is { } dir && !Directory.Exists(dir))
            {
                errors.Add($"{key}:WorkingDirectory is not an existing folder.");
            }

            if (o.Timeout <= TimeSpan.Zero || o.Timeout > TimeSpan.FromHours(1))
            {
                errors.Add($"{key}:Timeout must be more than 0 and at most 1 hour.");
            }

            if (o.ElicitationTimeout is { } wait && (wait <= TimeSpan.Zero || wait > TimeSpan.FromDays(1)))
            {
                errors.Add($"{key}:ElicitationTimeout must be more than 0 and at most 1 day.");
            }

            if (o.MaxOutputChars is < 100 or > 1_000_000)
            {
                errors.Add($"{key}:MaxOutputChars must be between 100 and 1,000,000.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex ServerName();
}
