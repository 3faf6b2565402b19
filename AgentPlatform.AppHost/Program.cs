var builder = DistributedApplication.CreateBuilder(args);

var state = LocalState.Open(builder.Configuration);
var (database, redis, mode) = builder.AddInfrastructure(state);
var signingKeyValue = state.JwtSigningKey(builder.Configuration);
var signingKey = builder.AddParameter("auth-signing-key", signingKeyValue, secret: true);
var llm = builder.AddOptionalLlm();

var api = builder.AddProject<Projects.AgentPlatform_Api>(ResourceNames.Api)
    .WithReference(database, ResourceNames.Database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithOptionalReference(llm)
    .WithEnvironment("Auth__SigningKey", signingKey)
    .WithHttpHealthCheck("/health")
    .WithConfiguredReplicas(builder.Configuration);
builder.AddGatewayForReplicas(api);

var worker = builder.AddProject<Projects.AgentPlatform_Worker>(ResourceNames.Worker)
    .WithReference(database, ResourceNames.Database).WaitFor(database)
    .WithReference(redis).WaitFor(redis)
    .WithOptionalReference(llm)
    .WaitForStart(api)
    .WithEnvironment("Auth__SigningKey", signingKey)
    .WithEnvironment("Tools__WorkspaceRoot", Path.Combine(state.Directory, "workspaces"))
    .WithHttpHealthCheck("/health")
    .WithOperatorCommands(signingKeyValue)
    .WithSimulatedLatency(builder.Configuration)
    .WithMcpServers(builder)
    .WithConfiguredReplicas(builder.Configuration);

api.WithConsoleLinks(worker, builder.Configuration);
builder.AddMonitoring(state, signingKeyValue, api, worker, mode);

builder.Build().Run();
