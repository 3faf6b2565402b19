namespace AgentPlatform.Tests.EndToEnd;

/// <summary>
/// The AppHost with <c>Replicas:Api=2</c>: two Api processes behind Aspire's proxy on one port (without Prometheus and
/// Grafana, which the other AppHost fixture covers).
/// </summary>
public sealed class TwoApiReplicasFixture() : AppHostFixture(["Replicas:Api=2", "Infrastructure:Monitoring=false"]);

[CollectionDefinition(Name)]
public sealed class TwoApiReplicasCollection : ICollectionFixture<TwoApiReplicasFixture>
{
    public const string Name = "AppHost with two Api replicas";
}
