namespace AgentPlatform.Api.Infrastructure;

/// <summary>The resource does not exist for this caller (another user's session is "not found" too).</summary>
internal sealed class NotFoundException(string resource, object id) : Exception($"{resource} {id} was not found.");
