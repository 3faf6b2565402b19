namespace AgentPlatform.Tests.Streams;

/// <summary>
/// The conformance suite against two Api replicas: events written through one (and by the Worker) reach clients of
/// the other through Redis, and a client resumes by seq on the replica it did not start on.
/// </summary>
[Collection(TwoReplicaStreamsCollection.Name)]
public sealed class TwoReplicaStreamConformanceTests(TwoReplicaStreamsFixture fixture) : StreamConformanceTests(fixture);
