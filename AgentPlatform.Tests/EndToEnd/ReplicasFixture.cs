namespace AgentPlatform.Tests.EndToEnd;

/// <summary>
/// The AppHost with <c>Replicas:Api=2</c> and <c>Replicas:Worker=2</c>: two processes of each behind Aspire's proxy.
/// </summary>
public sealed class ReplicasFixture() : AppHostFixture(["Replicas:Api=2", "Replicas:Worker=2"]);

[CollectionDefinition(Name)]
public sealed class ReplicasCollection : ICollectionFixture<ReplicasFixture>
{
    public const string Name = "AppHost with replicas";
}
