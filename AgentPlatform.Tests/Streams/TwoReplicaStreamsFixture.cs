namespace AgentPlatform.Tests.Streams;

/// <summary>
/// Two Api replicas, each on its own Kestrel port, sharing a database and Redis with one Worker: what the AppHost runs
/// with <c>Replicas:Api=2</c>, without its proxy in between (a test picks the replica it connects to).
/// </summary>
public sealed class TwoReplicaStreamsFixture(LocalInfrastructure infrastructure)
    : StreamsFixture(infrastructure, "streams_replicas_tests", replicas: 2);

[CollectionDefinition(Name)]
public sealed class TwoReplicaStreamsCollection : ICollectionFixture<TwoReplicaStreamsFixture>
{
    public const string Name = "Streams with two Api replicas";
}
