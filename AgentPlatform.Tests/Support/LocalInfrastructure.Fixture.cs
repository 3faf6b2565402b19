[assembly: AssemblyFixture(typeof(AgentPlatform.Tests.Support.LocalInfrastructure))]

namespace AgentPlatform.Tests.Support;

/// <summary>One PostgreSQL and Redis for the whole test assembly.</summary>
public sealed partial class LocalInfrastructure : IAsyncLifetime;
