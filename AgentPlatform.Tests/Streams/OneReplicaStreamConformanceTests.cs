namespace AgentPlatform.Tests.Streams;

/// <summary>The conformance suite against one Api.</summary>
[Collection(StreamsCollection.Name)]
public sealed class OneReplicaStreamConformanceTests(StreamsFixture fixture) : StreamConformanceTests(fixture);
