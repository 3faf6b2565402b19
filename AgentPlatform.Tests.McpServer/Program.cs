using AgentPlatform.Tests.McpServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// stdio: stdout carries the protocol, so nothing else may write there (no console logging).
var builder = Host.CreateEmptyApplicationBuilder(settings: null);
builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<TestServerTools>();
await builder.Build().RunAsync();
